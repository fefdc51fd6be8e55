//! The `cicd_dsl` library the cases compile against: the one in the
//! workspace's own build, found through cargo's build messages.

use cicd_dsl_assets::without_running_package_env;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A compiled `cicd_dsl` and the folder that holds its dependencies (the
/// proc macro, the model, the SDK), as cargo hands them to a stack crate.
pub struct Library {
    pub rlib: PathBuf,
    pub deps_dir: PathBuf,
}

/// Asks cargo for the workspace's test build (`--workspace --tests`, the
/// feature set `cargo test` and `cargo nextest run` resolve), which is
/// already fresh when this suite runs under either, and reads where its
/// `cicd_dsl` library is.
pub fn workspace_library(workspace: &Path) -> Library {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    // This test's package variables, passed on, would make cargo rebuild
    // ring and all above it instead of finding the build fresh.
    let output = without_running_package_env(&mut command)
        .current_dir(workspace)
        .args(["build", "--workspace", "--tests", "--message-format=json"])
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the workspace's test build fails:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("cargo's messages are UTF-8");
    let rlib = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find_map(|message| cicd_dsl_rlib(&message))
        .expect("the workspace's build has a cicd_dsl library");
    let deps_dir = rlib.parent().expect("an rlib is in a folder").to_path_buf();
    Library { rlib, deps_dir }
}

fn cicd_dsl_rlib(message: &Value) -> Option<PathBuf> {
    let target = message.get("target")?;
    let is_library = target["kind"].as_array()?.iter().any(|kind| kind == "lib");
    if message["reason"] != "compiler-artifact" || target["name"] != "cicd_dsl" || !is_library {
        return None;
    }
    message["filenames"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find(|file| file.ends_with(".rlib"))
        .map(PathBuf::from)
}
