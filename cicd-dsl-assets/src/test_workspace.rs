//! A throwaway workspace for the fingerprint's and the stamp's tests.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

pub fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A workspace with `app` depending on `util` (through
/// `workspace = true`) and on `dev-only` only as a dev-dependency, and
/// some build output of `app`'s.
const WORKSPACE_FILES: [(&str, &str); 9] = [
    (
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\n[workspace.dependencies]\nutil = { path = \"crates/util\" }\n",
    ),
    ("Cargo.lock", "# lock\n"),
    (
        "crates/app/Cargo.toml",
        "[package]\nname = \"app\"\n[dependencies]\nutil = { workspace = true }\n[dev-dependencies]\ndev-only = { path = \"../dev-only\" }\n",
    ),
    ("crates/app/src/main.rs", "fn main() {}\n"),
    ("crates/app/target/release/junk", "build output\n"),
    ("crates/util/Cargo.toml", "[package]\nname = \"util\"\n"),
    ("crates/util/src/lib.rs", "pub fn f() {}\n"),
    (
        "crates/dev-only/Cargo.toml",
        "[package]\nname = \"dev-only\"\n",
    ),
    ("crates/dev-only/src/lib.rs", "\n"),
];

pub fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in WORKSPACE_FILES {
        write(&dir.path().join(path), text);
    }
    dir
}

/// Cargo.lock in cargo's layout: `app` depends on `util`; `dev-only` is
/// another member's entry.
pub fn lock(util_version: &str, dev_only_version: &str) -> String {
    let entry = |name: &str, version: &str, deps: &str| {
        format!("[[package]]\nname = \"{name}\"\nversion = \"{version}\"\n{deps}\n")
    };
    [
        "version = 4\n\n".to_owned(),
        entry("app", "0.1.0", "dependencies = [\n \"util\",\n]"),
        entry("dev-only", dev_only_version, ""),
        entry("util", util_version, ""),
    ]
    .join("\n")
}

/// Sets the modification time of `root` and of every file and directory
/// under it an hour back, as a workspace untouched for a while: outside the
/// stamp's racy window.
pub fn age(root: &Path) {
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let mut pending = vec![root.to_owned()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        }
        fs::File::open(&path)
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
    }
}
