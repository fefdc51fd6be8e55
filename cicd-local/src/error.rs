use std::path::PathBuf;
use std::time::Duration;

/// Why the local endpoint could not be provided.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("cannot run Python at `{python}` to create the local endpoint's venv: {source}")]
    PythonNotFound {
        python: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{command}` failed ({status}):\n{output}")]
    SetupCommand {
        command: String,
        status: String,
        output: String,
    },
    #[error("local endpoint files not found: {path} is missing (is the workspace root right?)")]
    MissingFile { path: PathBuf },
    #[error("cannot start the local endpoint with `{python}`: {source}")]
    Spawn {
        python: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the local endpoint exited before answering on port {port}; its log ({log}) ends with:\n{tail}"
    )]
    Exited {
        port: u16,
        log: PathBuf,
        tail: String,
    },
    #[error(
        "the local endpoint did not answer on port {port} within {waited:?}; its log ({log}) ends with:\n{tail}"
    )]
    NotReady {
        port: u16,
        waited: Duration,
        log: PathBuf,
        tail: String,
    },
    #[error("no free TCP port on 127.0.0.1: {0}")]
    NoPort(#[source] std::io::Error),
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot stop the local endpoint (pid {pid}): {reason}")]
    Stop { pid: u32, reason: String },
}
