//! Folders of the tests' own under cargo's `CARGO_TARGET_TMPDIR`.

use std::path::{Path, PathBuf};

/// A synth output folder shared by the runs of one test, so the function's
/// zip is built (or found in `target/assets`) once and reused.
pub fn out_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("e2e-{test}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An empty folder for one test (emptied if an earlier run left it).
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
