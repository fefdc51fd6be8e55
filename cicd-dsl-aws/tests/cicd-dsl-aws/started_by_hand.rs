//! `cicd-dsl-aws` is started by stack binaries; started on its own it says
//! what to run instead. (This test is also what makes `cargo test
//! --workspace` build the binary, with the workspace's features, for the
//! stack binaries' end-to-end tests to hand over to.)

use std::process::Command;

fn cicd_dsl_aws() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cicd-dsl-aws"))
}

/// Runs `command`, which must refuse as a usage error (exit code 2) with a
/// one-line message; returns that message.
#[track_caller]
fn one_line_refusal(command: &mut Command) -> String {
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn started_by_hand_it_says_what_to_run_instead() {
    let stderr = one_line_refusal(
        cicd_dsl_aws()
            .arg("deploy")
            .env_remove("CICD_DSL_STACK_MODEL"),
    );
    // Names no stack's binary: cicd-dsl-aws serves every stack.
    assert!(
        stderr.contains("run those through the stack binary") && !stderr.contains("cicd-stack"),
        "{stderr}"
    );
}

#[test]
fn a_model_it_cannot_read_is_one_line_naming_the_file() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("aws-bad-model");
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("model.json");
    std::fs::write(&model, "{\"not\": \"a stack\"}").unwrap();
    let stderr = one_line_refusal(
        cicd_dsl_aws()
            .args(["local", "status"])
            .env("CICD_DSL_STACK_MODEL", &model),
    );
    assert!(
        stderr.contains("does not match this cicd-dsl-aws"),
        "{stderr}"
    );
    assert!(!model.exists(), "the model file is removed once read");
}
