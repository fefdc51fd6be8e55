//! A copy of the workspace's sources for a test that edits a function's
//! source (hotswap, watch), so the real sources are never touched; the
//! stack binary finds the function's package from its current folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use cicd_dsl_tests::paths::workspace_root;

/// A copy of the workspace's sources in a temp folder, with the workspace's
/// Python venvs linked in. Its `--local` deploys build the function in the
/// workspace's own target folder, where `cicd-dsl-aws` was built (the
/// copy's path packages are other packages to cargo, its registry crates
/// the same), so only the function's crates compile.
pub struct WorkspaceCopy {
    dir: tempfile::TempDir,
}

impl WorkspaceCopy {
    pub fn new() -> WorkspaceCopy {
        let dir = tempfile::tempdir().unwrap();
        let root = workspace_root();
        // The sources only: build output, history, the Python venvs (over a
        // gigabyte, linked below) and the CDK peer's node_modules stay out.
        let tar = Command::new("sh")
            .arg("-c")
            .arg(
                "tar --exclude=./target --exclude=./.git --exclude='./.venv-*' \
                 --exclude=node_modules -cf - . | tar -C \"$0\" -xf -",
            )
            .arg(dir.path())
            .current_dir(&root)
            .status()
            .unwrap();
        assert!(tar.success());
        // `--local` runs the endpoint from the workspace's `.venv-local`;
        // the copy uses the real ones rather than making its own.
        for entry in std::fs::read_dir(&root).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name().to_string_lossy().starts_with(".venv-") {
                std::os::unix::fs::symlink(entry.path(), dir.path().join(entry.file_name()))
                    .unwrap();
            }
        }
        WorkspaceCopy { dir }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let path: &Path = &self.path(relative);
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{relative} has no {from}");
        std::fs::write(path, text.replace(from, to)).unwrap();
    }
}
