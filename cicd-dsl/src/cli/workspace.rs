//! Where the project lives: the code assets' packages, `local-aws/` and the
//! pinned Python requirements are all found from the workspace root.

use super::CliError;
use std::path::PathBuf;

/// The nearest directory upwards from the current one whose `Cargo.toml`
/// declares a `[workspace]`.
pub fn workspace_root() -> Result<PathBuf, CliError> {
    let start = std::env::current_dir()
        .map_err(|e| CliError::Io(format!("cannot read the current directory: {e}")))?;
    let mut dir = start.as_path();
    loop {
        if let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml"))
            && text.lines().any(|l| l.trim() == "[workspace]")
        {
            return Ok(dir.to_path_buf());
        }
        match dir.parent() {
            Some(parent) => dir = parent,
            None => {
                return Err(CliError::Io(format!(
                    "no Cargo workspace above {}; run this command from inside the project",
                    start.display()
                )));
            }
        }
    }
}
