//! A copy of the workspace's sources for a test that edits a function's
//! source (hotswap, watch), so the real sources are never touched; the
//! stack binary finds the function's package from its current folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use cicd_dsl_tests::paths::workspace_root;

/// A copy of the workspace's sources in a temp folder, with a hard-linked
/// copy of `target/assets` so the function's release build starts warm.
pub struct WorkspaceCopy {
    dir: tempfile::TempDir,
}

impl WorkspaceCopy {
    pub fn new() -> WorkspaceCopy {
        let dir = tempfile::tempdir().unwrap();
        let root = workspace_root();
        let tar = Command::new("sh")
            .arg("-c")
            .arg("tar --exclude=./target --exclude=./.git -cf - . | tar -C \"$0\" -xf -")
            .arg(dir.path())
            .current_dir(&root)
            .status()
            .unwrap();
        assert!(tar.success());
        std::fs::create_dir_all(dir.path().join("target")).unwrap();
        let assets = root.join("target/assets");
        if assets.is_dir() {
            let linked = Command::new("cp")
                .arg("-al")
                .arg(&assets)
                .arg(dir.path().join("target"))
                .status()
                .unwrap();
            assert!(linked.success());
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
