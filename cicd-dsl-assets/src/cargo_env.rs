//! The environment a cargo started by a program gets: without what cargo
//! set for that program's own package.
//!
//! Build scripts (ring's among them) ask cargo to rerun when
//! `CARGO_MANIFEST_DIR` or `CARGO_PKG_*` change, and cargo compares its own
//! environment: passed on from a program under `cargo run` or a test, they
//! make the nested build and the next plain one rebuild ring and everything
//! above it (rustls, the SDK's HTTP client, the program), each time.

use std::ffi::OsString;
use std::process::Command;

/// Removes from `command` the variables cargo set for the running program's
/// package; cargo's own settings (`CARGO_HOME`, `CARGO_TARGET_DIR`, ...) stay.
pub fn without_running_package_env(command: &mut Command) -> &mut Command {
    for key in inherited_package_env() {
        command.env_remove(key);
    }
    command
}

/// Variables cargo sets for the package whose program or test is running
/// (`cargo run`, `cargo test`), which this process may have inherited.
fn inherited_package_env() -> Vec<OsString> {
    const PREFIXES: [&str; 5] = [
        "CARGO_PKG_",
        "CARGO_MANIFEST_",
        "CARGO_BIN_EXE_",
        "CARGO_CRATE_",
        "CARGO_CFG_",
    ];
    const NAMES: [&str; 5] = [
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
        "CARGO_BIN_NAME",
        "CARGO_RUSTC_CURRENT_DIR",
        "OUT_DIR",
    ];
    std::env::vars_os()
        .map(|(key, _)| key)
        .filter(|key| {
            let key = key.to_string_lossy();
            PREFIXES.iter().any(|p| key.starts_with(p)) || NAMES.contains(&key.as_ref())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::inherited_package_env;

    #[test]
    fn the_running_packages_cargo_variables_are_not_passed_on() {
        // `cargo test` sets these for this very test binary.
        let removed: Vec<String> = inherited_package_env()
            .iter()
            .map(|k| k.to_string_lossy().into_owned())
            .collect();
        assert!(
            removed.contains(&"CARGO_MANIFEST_DIR".to_owned()),
            "{removed:?}"
        );
        assert!(
            removed.contains(&"CARGO_PKG_NAME".to_owned()),
            "{removed:?}"
        );
        assert!(
            !removed.iter().any(|k| k == "CARGO_HOME" || k == "CARGO"),
            "cargo's own settings stay: {removed:?}"
        );
    }
}
