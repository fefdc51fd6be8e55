use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the endpoint's pieces live. [`LocalOptions::new`] gives the project
/// defaults for a workspace root; fields can be changed before use.
#[derive(Debug, Clone)]
pub struct LocalOptions {
    /// The workspace root: holds `local-aws/` and `python/requirements-local.txt`.
    pub workspace: PathBuf,
    /// The Python interpreter that creates the venv (only used when the venv is missing).
    pub python: PathBuf,
    /// The venv the server runs in. Default `<workspace>/.venv-local`.
    pub venv_dir: PathBuf,
    /// Where the running server's pid/port and log are kept. Default `<workspace>/.local-aws`.
    pub state_dir: PathBuf,
    /// A fixed port; `None` picks a free one.
    pub port: Option<u16>,
    /// How long to wait for the server to answer after starting it.
    pub startup_timeout: Duration,
}

impl LocalOptions {
    pub fn new(workspace: impl Into<PathBuf>) -> Self {
        let workspace = workspace.into();
        LocalOptions {
            python: PathBuf::from("python3"),
            venv_dir: workspace.join(".venv-local"),
            state_dir: workspace.join(".local-aws"),
            port: None,
            startup_timeout: Duration::from_secs(30),
            workspace,
        }
    }

    pub(crate) fn requirements(&self) -> PathBuf {
        self.workspace.join("python").join("requirements-local.txt")
    }

    pub(crate) fn package_dir(&self) -> PathBuf {
        self.workspace.join("local-aws")
    }

    pub(crate) fn venv_python(&self) -> PathBuf {
        venv_bin(&self.venv_dir).join("python")
    }

    pub(crate) fn state_file(&self) -> PathBuf {
        self.state_dir.join("server.json")
    }

    pub(crate) fn log_file(&self, port: u16) -> PathBuf {
        self.state_dir.join(format!("server-{port}.log"))
    }
}

fn venv_bin(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts")
    } else {
        venv.join("bin")
    }
}
