//! The stack binary runs the AWS commands through `cicd-dsl-aws`: what a
//! user sees must not depend on that split.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::folders::scratch;

/// `cicd-dsl-aws` as scripts/test provides it, else next to `cicd-stack`
/// (where `cargo build --workspace` puts it).
fn aws_binary() -> PathBuf {
    std::env::var_os("CICD_DSL_AWS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_BIN_EXE_cicd-stack")).with_file_name("cicd-dsl-aws")
        })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `command`, which must exit with `code` and say why on one line of
/// stderr; returns that line.
fn one_line_error(command: &mut Command, code: i32) -> String {
    let output = command.output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn an_aws_command_runs_in_cicd_dsl_aws_and_leaves_no_model_file_behind() {
    let binary = aws_binary();
    if !binary.is_file() {
        panic!(
            "{} is missing: run `cargo build -p cicd-dsl-aws` (scripts/test builds it)",
            binary.display()
        );
    }
    let tmp = scratch("hand-over-tmp");
    let state = scratch("hand-over-state");
    let output = Command::new(env!("CARGO_BIN_EXE_cicd-stack"))
        .args(["local", "status", "--output", "json"])
        .env("CICD_DSL_AWS_BIN", &binary)
        .env("CICD_LOCAL_STATE_DIR", &state)
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["command"], "local");
    assert_eq!(json["state"], "not-running");
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "model file left behind: {left:?}");
}

#[test]
fn a_missing_aws_binary_is_one_line_naming_it() {
    let stderr = one_line_error(
        Command::new(env!("CARGO_BIN_EXE_cicd-stack"))
            .args(["diff", "--local"])
            .env("CICD_DSL_AWS_BIN", "/nonexistent/cicd-dsl-aws"),
        1,
    );
    assert!(
        stderr.contains("cannot start /nonexistent/cicd-dsl-aws"),
        "{stderr}"
    );
}

#[test]
fn a_mistake_reaching_cicd_dsl_aws_is_one_line_and_the_model_is_removed() {
    // cicd-stack parses first, so a mistake rarely gets this far; when it
    // does (a newer cicd-dsl-aws, say) it reads the same as in cicd-stack.
    let model = scratch("hand-over-model").join("model.json");
    let stack = cicd_stack::pipeline::stack();
    std::fs::write(&model, serde_json::to_string(&stack).unwrap()).unwrap();
    let stderr = one_line_error(
        Command::new(aws_binary())
            .args(["deploy", "--bogus"])
            .env("CICD_DSL_STACK_MODEL", &model)
            .env("CICD_DSL_PROGRAM", "cicd-stack"),
        2,
    );
    assert!(stderr.contains("unexpected argument '--bogus'"), "{stderr}");
    assert!(!model.exists(), "the model file is removed once read");
}
