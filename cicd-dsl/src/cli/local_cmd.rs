//! `local start|status|stop`: the local AWS endpoint that `--local` uses.
//!
//! The server outlives each command (so a deploy and the next diff see the
//! same state) and is found again through cicd-local's state file.

pub use super::aws_args::LocalAction;
use super::aws_settings::print_json;
use super::workspace::workspace_root;
use super::{CliError, OutputFormat, Settings};
use cicd_local::{LocalEndpoint, LocalOptions};
use serde::Deserialize;
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Overrides where the running server is recorded (default
/// `<workspace>/.local-aws`); tests use it to keep their servers apart.
pub const STATE_DIR_ENV: &str = "CICD_LOCAL_STATE_DIR";

fn options() -> Result<LocalOptions, CliError> {
    let mut options = LocalOptions::new(workspace_root()?);
    if let Some(dir) = std::env::var_os(STATE_DIR_ENV).filter(|d| !d.is_empty()) {
        options.state_dir = PathBuf::from(dir);
    }
    Ok(options)
}

/// Starts the endpoint or finds the one an earlier command left running.
pub fn start_or_reuse() -> Result<LocalEndpoint, CliError> {
    LocalEndpoint::start_or_reuse(&options()?).map_err(local_error)
}

/// cicd-local's messages may quote a log tail over several lines; the
/// first line names what failed and the log file.
fn local_error(error: cicd_local::LocalError) -> CliError {
    let text = error.to_string();
    let first = text.lines().next().unwrap_or_default();
    CliError::Local(format!(
        "local AWS endpoint: {}",
        first.trim_end_matches(':')
    ))
}

/// What cicd-local records about the running server (its `server.json`).
#[derive(Debug, Deserialize)]
struct Recorded {
    pid: u32,
    port: u16,
}

fn recorded(options: &LocalOptions) -> Option<Recorded> {
    let text = std::fs::read_to_string(options.state_dir.join("server.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The address of the endpoint `--local` runs, when one is running.
pub fn running_endpoint_url() -> Option<String> {
    let options = options().ok()?;
    let running = recorded(&options).filter(|r| answers(r.port))?;
    Some(format!("http://127.0.0.1:{}", running.port))
}

fn answers(port: u16) -> bool {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&address, Duration::from_millis(500)).is_ok()
}

pub fn run(action: &LocalAction, settings: &Settings) -> Result<ExitCode, CliError> {
    if let LocalAction::CompleteBuild(args) = action {
        return super::local_build_cmd::run(args, settings);
    }
    let options = options()?;
    let running = recorded(&options).filter(|r| answers(r.port));
    let (state, endpoint, pid) = match action {
        LocalAction::Start => {
            let endpoint = LocalEndpoint::start_or_reuse(&options).map_err(local_error)?;
            let state = if endpoint.reused() {
                "running"
            } else {
                "started"
            };
            (state, Some(endpoint.endpoint_url()), Some(endpoint.pid()))
        }
        LocalAction::Status => match &running {
            Some(r) => (
                "running",
                Some(format!("http://127.0.0.1:{}", r.port)),
                Some(r.pid),
            ),
            None => ("not-running", None, None),
        },
        LocalAction::CompleteBuild(_) => unreachable!("handled above"),
        LocalAction::Stop => match running {
            Some(r) => {
                // The recorded server answers, so this finds it rather than
                // starting another; stopping it also forgets the state file.
                let endpoint = LocalEndpoint::start_or_reuse(&options).map_err(local_error)?;
                let url = endpoint.endpoint_url();
                endpoint.stop().map_err(local_error)?;
                ("stopped", Some(url), Some(r.pid))
            }
            None => ("not-running", None, None),
        },
    };
    match settings.output {
        OutputFormat::Json => print_json(&serde_json::json!({
            "command": "local",
            "action": format!("{action:?}").to_lowercase(),
            "state": state,
            "endpoint": endpoint,
            "pid": pid,
            "state_dir": options.state_dir,
        })),
        OutputFormat::Human => match (state, &endpoint) {
            ("not-running", _) | (_, None) => println!("local AWS endpoint: not running"),
            ("stopped", Some(url)) => println!("local AWS endpoint {url}: stopped"),
            (state, Some(url)) => {
                println!("local AWS endpoint {url}: {state}");
                println!(
                    "  export AWS_ENDPOINT_URL={url} AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY=<any> AWS_REGION={}",
                    cicd_local::ACCESS_KEY_ID,
                    cicd_local::REGION
                );
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}
