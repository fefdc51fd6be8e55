//! What `-v`, `-vv` and `RUST_LOG` print on stderr: `-v` one line per AWS
//! call (see [`crate::call_log`]), `-vv` also the AWS SDK's debug logs
//! (retry decisions, the credential chain, endpoints), `RUST_LOG` any
//! `tracing` filter instead of either.
//!
//! Never a secret: the SDK redacts `Authorization` and
//! `X-Amz-Security-Token` and never formats a secret key itself, and on
//! top of that every line is scrubbed of the secrets this process knows
//! (the environment's secret key and session token, and the credentials
//! the chain resolved), so a filter turned all the way up cannot leak one.

use std::io::Write;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Secrets no log line may contain.
static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// What replaces a secret in a log line.
const REDACTED: &str = "** redacted **";

/// Turns logging on as `verbosity` (the number of `-v`) or `RUST_LOG` say;
/// with neither, nothing is logged.
pub fn init_tracing(verbosity: u8) {
    let rust_log = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let directives = match (rust_log, verbosity) {
        (Some(filter), _) => filter,
        (None, 0) => return,
        (None, 1) => "warn,cicd_dsl::aws=info".to_owned(),
        (None, _) => "debug,hyper=info,hyper_util=info,h2=info,rustls=info".to_owned(),
    };
    for name in ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] {
        if let Ok(secret) = std::env::var(name) {
            never_print(&secret);
        }
    }
    // The profile parser traces property values (secret keys included)
    // when a file sets one twice: that module stays quiet whatever the filter.
    let filter = EnvFilter::new(format!(
        "{directives},aws_runtime::env_config::property=off"
    ));
    use std::io::IsTerminal;
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(ScrubbedStderr)
        .with_ansi(colour)
        .try_init();
}

/// Adds a secret every later log line is scrubbed of.
pub fn never_print(secret: &str) {
    // Too short a value would scrub ordinary words; real keys are 40
    // characters, tokens hundreds.
    if secret.len() < 8 {
        return;
    }
    let mut secrets = SECRETS.lock().unwrap_or_else(|p| p.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_owned());
    }
}

/// `text` with every known secret replaced.
fn scrub(text: &str) -> String {
    let secrets = SECRETS.lock().unwrap_or_else(|p| p.into_inner());
    secrets.iter().fold(text.to_owned(), |line, secret| {
        line.replace(secret.as_str(), REDACTED)
    })
}

/// Hands the formatter one buffer per log line, written scrubbed on drop.
struct ScrubbedStderr;

impl<'a> MakeWriter<'a> for ScrubbedStderr {
    type Writer = ScrubbedLine;

    fn make_writer(&'a self) -> Self::Writer {
        ScrubbedLine(Vec::new())
    }
}

struct ScrubbedLine(Vec<u8>);

impl Write for ScrubbedLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for ScrubbedLine {
    fn drop(&mut self) {
        let line = scrub(&String::from_utf8_lossy(&self.0));
        crate::shown_bar::write_stderr(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_secret_is_scrubbed_and_short_values_are_not_secrets() {
        never_print("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        never_print("short");
        assert_eq!(
            scrub("key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in a short line"),
            "key=** redacted ** in a short line"
        );
    }
}
