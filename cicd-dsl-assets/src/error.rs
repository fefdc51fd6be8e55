//! Everything that can stop an asset build, with the path or command involved.

use std::path::{Path, PathBuf};

use crate::zip::ZipError;

#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("{action} `{}` failed", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}` is not valid TOML", path.display())]
    Manifest {
        path: PathBuf,
        #[source]
        source: toml::de::Error,
    },
    #[error("package `{package}` not found: `{}` does not exist", manifest.display())]
    PackageNotFound { package: String, manifest: PathBuf },
    #[error("could not start `{program}`")]
    CargoNotStarted {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{command}` failed ({status}); its last output:\n{stderr_tail}")]
    CargoFailed {
        command: String,
        status: std::process::ExitStatus,
        stderr_tail: String,
    },
    #[error("`{command}` succeeded but reported no executable for binary `{bin}`")]
    NoExecutable { command: String, bin: String },
    #[error("zipping `{}` failed", path.display())]
    Zip {
        path: PathBuf,
        #[source]
        source: ZipError,
    },
    #[error("{tool} is missing: run {fix}")]
    MissingTool { tool: String, fix: String },
    #[error("`{}` was built for {found}, not for the function's architecture {expected}", path.display())]
    WrongArchitecture {
        path: PathBuf,
        expected: &'static str,
        found: String,
    },
    #[error("`{}` is not a valid asset manifest", path.display())]
    AssetManifest {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

impl AssetError {
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        AssetError::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }
}
