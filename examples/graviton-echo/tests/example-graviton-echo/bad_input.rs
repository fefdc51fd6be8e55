//! The rows of docs/bad-input.md about building an arm64 function's asset,
//! run as written with this example's binary (the pipeline stack has no
//! arm64 function): the row's setup, the table's command, exit code and
//! the one line on stderr. Each run synthesizes into a fresh folder, so no
//! cached zip hides the build's checks.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use cicd_dsl_assets::{Architecture, cross_env};
use cicd_dsl_tests::bad_input_table::{arguments_of, matches, message_lines, rows_checked_by};

const THIS_FILE: &str = "examples/graviton-echo/tests/example-graviton-echo/bad_input.rs";
const PROGRAM: &str = "example-graviton-echo";

/// The setup column of each row: environment variables.
fn case(id: &str) -> Vec<(String, OsString)> {
    match id {
        // A cargo config that builds for aarch64 (as `build.target` would),
        // with zig's linker and C tools: the x86_64 function gets an aarch64
        // binary. The environment is the arm64 build's own (`cross_env`, for
        // the workspace root the stack binary finds), so cargo reuses that
        // build's compiled dependencies instead of compiling them again for
        // this row and again for the next arm64 build (ring's build script
        // reruns when `CC_*` changes; a linker named another way is another
        // setting).
        "built-for-another-architecture" => {
            let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .canonicalize()
                .expect("the workspace root exists");
            let mut env = cross_env(
                Architecture::Arm64,
                &workspace,
                &workspace.join("target/assets"),
            )
            .expect("the arm64 tools are set up (scripts/setup-python)");
            let triple = Architecture::Arm64
                .cargo_target()
                .expect("arm64 is a cross build");
            env.push(("CARGO_BUILD_TARGET".to_owned(), triple.into()));
            // The release build, whose aarch64 dependencies the arm64 build
            // compiled: a dev build (scripts/test asks for those) would
            // compile cicd-dsl-aws's whole closure, the SDK, for aarch64
            // (45 s of a cold run, holding the target folder's lock).
            env.push(("CICD_DSL_FUNCTION_BUILD".to_owned(), "release".into()));
            env
        }
        "arm64-zig-missing" => vec![(
            "CICD_DSL_ZIG_PYTHON".to_owned(),
            "/nonexistent/bin/python3".into(),
        )],
        // `true` prints no library folder, as a toolchain without the
        // aarch64 standard library has none for it.
        "arm64-target-missing" => vec![("RUSTC".to_owned(), "true".into())],
        other => {
            panic!("docs/bad-input.md names {other} for {THIS_FILE}, which has no case for it")
        }
    }
}

#[test]
fn every_arm64_asset_row_of_the_table_is_one_line_and_nonzero() {
    let rows = rows_checked_by(THIS_FILE);
    assert_eq!(rows.len(), 3, "rows for {THIS_FILE}");
    for row in &rows {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bad-input-{}", row.id));
        let _ = std::fs::remove_dir_all(&out);
        forget_kept_release_zips();
        let output = Command::new(env!("CARGO_BIN_EXE_example-graviton-echo"))
            .args(arguments_of(PROGRAM, &row.command))
            .arg("--out")
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .envs(case(&row.id))
            .output()
            .expect("the example's binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(row.exit), "{}: {stderr}", row.id);
        assert!(output.stdout.is_empty(), "{}: stdout", row.id);
        let lines = message_lines(&stderr);
        assert_eq!(lines.len(), 1, "{}: one line on stderr:\n{stderr}", row.id);
        assert!(
            matches(&row.message, lines[0]),
            "{}: stderr does not match the table\n table: {}\nstderr: {}",
            row.id,
            row.message,
            lines[0]
        );
    }
}

/// "No cached zip": neither in the fresh output folder nor in the target
/// folder's store of this function's finished release zips, which would
/// otherwise hand a zip over without a build (and so without the checks
/// these rows meet).
/// Another test then builds it again: cargo finds it fresh.
fn forget_kept_release_zips() {
    let store =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/assets/cicd-dsl-asset-store");
    let Ok(entries) = std::fs::read_dir(&store) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("graviton-echo-function.") && name.ends_with(".asset-cache.json") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
