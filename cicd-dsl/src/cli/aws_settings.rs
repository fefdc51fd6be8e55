//! Where the AWS commands talk to: the standard chain (`--profile`,
//! `--region`, `AWS_ENDPOINT_URL`), or with `--local` the project's local
//! endpoint with its test credentials. Only the endpoint and the
//! credentials differ between the two; everything after is one code path.

pub use super::aws_args::AwsFlags;
use super::environments::SelectedEnvironment;
use super::{CliError, Settings, local_cmd, resolve};
use crate::StackDef;
use cicd_dsl_deploy::{
    AwsClients, AwsOptions, Confirm, Reporter, StopSignal, check_account, load_aws,
};
use serde::Serialize;

/// The local endpoint a command used, for its output.
#[derive(Debug, Clone, Serialize)]
pub struct LocalUse {
    pub endpoint: String,
    /// `true` when a server started by an earlier command answered.
    pub reused: bool,
    pub pid: u32,
}

/// SDK clients plus what the command needs to say about them.
pub struct Session {
    pub clients: AwsClients,
    pub local: Option<LocalUse>,
    pub runtime: tokio::runtime::Runtime,
    /// The environment `--env` chose, its account checked.
    pub environment: Option<SelectedEnvironment>,
}

impl Session {
    /// How to confirm: a protected environment asks for the stack name
    /// before deleting or losing data. `--yes` is enough there too, because
    /// an environment is only ever chosen by `--env` on the same command
    /// line, so a protected one is always spelled out next to `--yes`.
    pub fn confirm(&self, yes: bool, stop: &StopSignal) -> Confirm {
        if self.environment.as_ref().is_some_and(|e| e.protected) {
            Confirm::protected_from_flag(yes, stop)
        } else {
            Confirm::from_flag(yes, stop)
        }
    }

    pub fn is_local(&self) -> bool {
        self.local.is_some()
    }

    /// A command's `--output json` report: its outcome, then the command's
    /// name, the `extra` fields and the local endpoint it used (`null` on
    /// AWS), in that order.
    pub fn json_report(
        &self,
        command: &str,
        outcome: &impl Serialize,
        extra: Vec<(&str, serde_json::Value)>,
    ) -> serde_json::Value {
        let mut json = serde_json::to_value(outcome).unwrap_or_default();
        json["command"] = command.into();
        for (key, value) in extra {
            json[key] = value;
        }
        json["local"] = serde_json::json!(self.local);
        json
    }

    /// Prints the report of a command that has nothing to add to its outcome.
    pub fn print_json_report(&self, command: &str, outcome: &impl Serialize) {
        print_json(&self.json_report(command, outcome, Vec::new()));
    }
}

/// Builds the clients; with `--local`, first makes sure the endpoint runs.
pub fn connect(
    settings: &Settings,
    flags: &AwsFlags,
    reporter: &Reporter,
) -> Result<Session, CliError> {
    let resolved = resolve(settings)?;
    // The flag is named here; a region from the config file was checked at
    // its line, one from the environment or profile is checked by load_aws.
    if let Some(region) = &settings.region {
        cicd_dsl_deploy::check_region(region).map_err(|reason| {
            cicd_dsl_deploy::DeployError::InvalidRegion {
                region: region.clone(),
                origin: "--region".to_owned(),
                reason,
            }
        })?;
    }
    // Two workers, so that Ctrl-C is handled while the command's own work
    // waits on the network or on the terminal.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Io(format!("cannot start the async runtime: {e}")))?;
    let environment = resolved.environment.clone();
    let environment = environment.as_ref();
    let mut options = AwsOptions {
        // `--local` has its own credentials, so the environment's profile
        // (meant for AWS) is left out there.
        profile: flags.profile.clone().or_else(|| {
            environment
                .filter(|_| !flags.local)
                .and_then(|e| e.profile.clone())
        }),
        region: resolved.region,
        endpoint: None,
    };
    let mut local = None;
    if flags.local {
        let endpoint = local_cmd::start_or_reuse()?;
        let url = endpoint.endpoint_url();
        reporter.say(&format!(
            "local AWS endpoint {url} ({}, pid {}; `local stop` ends it)",
            if endpoint.reused() {
                "reused"
            } else {
                "started"
            },
            endpoint.pid()
        ));
        options.endpoint = Some(cicd_dsl_deploy::LocalEndpoint {
            url: url.clone(),
            access_key_id: cicd_local::access_key_id(environment.map(|e| e.account.as_str())),
            secret_access_key: cicd_local::SECRET_ACCESS_KEY.to_owned(),
        });
        options.region = options
            .region
            .or_else(|| Some(cicd_local::REGION.to_owned()));
        local = Some(LocalUse {
            endpoint: url,
            reused: endpoint.reused(),
            pid: endpoint.pid(),
        });
    }
    let clients = runtime.block_on(load_aws(&options))?;
    if let Some(environment) = environment {
        runtime.block_on(check_environment_account(&clients, environment, reporter))?;
    }
    Ok(Session {
        clients,
        local,
        runtime,
        environment: resolved.environment,
    })
}

/// Before anything is read or changed, the credentials must belong to the
/// environment's account.
async fn check_environment_account(
    clients: &cicd_dsl_deploy::AwsClients,
    environment: &SelectedEnvironment,
    reporter: &Reporter,
) -> Result<(), CliError> {
    check_account(clients, &environment.name, &environment.account).await?;
    reporter.say(&format!(
        "environment {}: account {}{}",
        environment.name,
        environment.account,
        if environment.protected {
            " (protected)"
        } else {
            ""
        }
    ));
    Ok(())
}

/// The stack name after configuration, without synthesizing.
pub fn stack_name(stack: &StackDef, settings: &Settings) -> Result<String, CliError> {
    Ok(resolve(settings)?
        .synth
        .stack_name
        .unwrap_or_else(|| stack.name.clone()))
}

/// Writes one JSON document to stdout (the only thing `--output json` prints there).
pub fn print_json(value: &serde_json::Value) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value:#}");
}

/// The reporter of an AWS command: human progress on stderr, shown as
/// `--progress` says (by default a bar on a terminal, event lines otherwise).
pub fn reporter(flags: &AwsFlags) -> Reporter {
    use super::aws_args::ProgressDisplay;
    use cicd_dsl_deploy::Progress;
    match flags.progress {
        Some(ProgressDisplay::Bar) => Reporter::human_with(Progress::Bar),
        Some(ProgressDisplay::Events) => Reporter::human_with(Progress::Events),
        None => Reporter::human(),
    }
}
