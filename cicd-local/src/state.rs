//! The state file that lets the next CLI call find a running server.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::LocalError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ServerState {
    pub pid: u32,
    pub port: u16,
}

/// A missing or unreadable file means "no server recorded".
pub(crate) fn read(path: &Path) -> Option<ServerState> {
    let text = fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

pub(crate) fn write(path: &Path, state: ServerState) -> Result<(), LocalError> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|source| LocalError::Io {
            action: "create",
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let text = serde_json::to_string_pretty(&state).expect("state serialises");
    fs::write(path, text).map_err(|source| LocalError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

pub(crate) fn remove(path: &Path) {
    let _ = fs::remove_file(path);
}
