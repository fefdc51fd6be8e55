//! Where things are in the workspace, for tests of any crate.

use std::path::{Path, PathBuf};

/// The repository root: holds `local-aws/`, `python/`, `docs/` and the
/// venvs. This package is one of its top-level folders.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// A tool of one of the project's venvs (`.venv-lint`, `.venv-local`);
/// panics with the command that creates it when it is missing.
pub fn venv_tool(venv: &str, tool: &str) -> PathBuf {
    let path = workspace_root().join(venv).join("bin").join(tool);
    assert!(
        path.exists(),
        "{} is missing: run scripts/setup-python (creates .venv-lint and .venv-local from python/)",
        path.display()
    );
    path
}
