//! A stack binary runs `synth`, `graph` and `check` itself and hands the AWS
//! commands to a second binary, `cicd-dsl-aws`, which links the AWS SDK. The
//! SDK is most of what the linker reads, so keeping it out of the stack
//! binary makes the edit-build-synth loop relink a small program (numbers in
//! BENCHMARKS.md). `cicd-dsl-aws` does not depend on any stack: it gets the
//! checked model as JSON and the same arguments, so editing a stack never
//! rebuilds it.

use super::CliError;
use crate::StackDef;
use cicd_dsl_assets::without_running_package_env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Path of the `cicd-dsl-aws` to run, instead of finding or building one.
pub const AWS_BIN_ENV: &str = "CICD_DSL_AWS_BIN";
/// Where the stack binary wrote the model for `cicd-dsl-aws` to read.
pub const MODEL_ENV: &str = "CICD_DSL_STACK_MODEL";
/// The stack binary's name, so that help, errors and suggested commands
/// name the program the user typed, not `cicd-dsl-aws`.
pub const PROGRAM_ENV: &str = "CICD_DSL_PROGRAM";
const AWS_BIN: &str = "cicd-dsl-aws";

/// Runs this process's command line in `cicd-dsl-aws` for `stack`;
/// `local`: the command uses the local endpoint, whose venv is then made
/// while `cicd-dsl-aws` builds.
pub fn hand_over(stack: &StackDef, local: bool) -> Result<ExitCode, CliError> {
    let binary = locate_preparing(local)?;
    let model = write_model(stack)?;
    let mut command = Command::new(&binary);
    command
        .args(std::env::args_os().skip(1))
        .env(MODEL_ENV, &model)
        .env(PROGRAM_ENV, super::command_line::own_name());
    let result = replace_process(command, &binary);
    let _ = std::fs::remove_file(&model);
    result
}

/// On Unix the stack binary becomes `cicd-dsl-aws` (exec), so signals such
/// as Ctrl-C and the exit code reach the user unchanged.
#[cfg(unix)]
fn replace_process(mut command: Command, binary: &Path) -> Result<ExitCode, CliError> {
    use std::os::unix::process::CommandExt;
    let error = command.exec();
    Err(CliError::Io(format!(
        "cannot start {}: {error}",
        binary.display()
    )))
}

#[cfg(not(unix))]
fn replace_process(mut command: Command, binary: &Path) -> Result<ExitCode, CliError> {
    let status = command
        .status()
        .map_err(|e| CliError::Io(format!("cannot start {}: {e}", binary.display())))?;
    Ok(ExitCode::from(
        status.code().unwrap_or(1).clamp(0, 255) as u8
    ))
}

/// The model goes through a private file: it can exceed what an
/// environment variable holds, and stdin stays the user's for confirmations.
fn write_model(stack: &StackDef) -> Result<PathBuf, CliError> {
    write_model_json(stack)
}

/// Writes any model (a stack, or one stack of an app) to a private file.
pub(crate) fn write_model_json(model: &impl serde::Serialize) -> Result<PathBuf, CliError> {
    let json = serde_json::to_string(model)
        .map_err(|e| CliError::Io(format!("cannot serialize the stack model: {e}")))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let path = std::env::temp_dir().join(format!(
        "cicd-dsl-model-{}-{nanos}.json",
        std::process::id()
    ));
    std::fs::write(&path, json)
        .map_err(|e| CliError::Io(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

/// `CICD_DSL_AWS_BIN`; else, under `cargo run`, cargo builds it (a no-op
/// when it is fresh) into this binary's target folder; else it is looked
/// for next to this binary, then on `PATH`. With `local` (the command
/// starts the local endpoint), the endpoint's venv is made while cargo
/// builds.
pub(crate) fn locate_preparing(local: bool) -> Result<PathBuf, CliError> {
    if let Some(path) = std::env::var_os(AWS_BIN_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()
        .map_err(|e| CliError::Io(format!("cannot find this program's path: {e}")))?;
    let file_name = format!("{AWS_BIN}{}", std::env::consts::EXE_SUFFIX);
    let sibling = exe.with_file_name(&file_name);
    if let Some(cargo) = std::env::var_os("CARGO") {
        let venv = local.then(super::local_venv::prepare_in_background);
        let built = build_with_cargo(&cargo, &exe, sibling.is_file());
        if let Some(venv) = venv {
            let _ = venv.join();
        }
        built?;
    }
    if sibling.is_file() {
        return Ok(sibling);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(&file_name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            CliError::Io(format!(
                "the AWS commands run in `{AWS_BIN}`, which is neither next to {} nor on PATH; \
                 build it with `cargo build -p {AWS_BIN}` (or set {AWS_BIN_ENV})",
                exe.display()
            ))
        })
}

/// Builds `cicd-dsl-aws` with the profile and target folder this binary
/// came from (`target/<profile>/<name>`).
fn build_with_cargo(cargo: &OsString, exe: &Path, exists: bool) -> Result<(), CliError> {
    let mut command = cargo_build_command(cargo, exe);
    if exists {
        // Usually a no-op; the first build shows cargo's progress.
        command.arg("--quiet");
    } else {
        eprintln!("building {AWS_BIN}, which runs the AWS commands (once; it links the AWS SDK)");
    }
    let status = command
        .status()
        .map_err(|e| CliError::Io(format!("cannot run cargo to build {AWS_BIN}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(CliError::Io(format!(
            "cargo could not build {AWS_BIN} (its output is above); add it to the workspace, \
             install it with `cargo install`, or set {AWS_BIN_ENV}"
        )))
    }
}

/// `cargo build -p cicd-dsl-aws` into this binary's profile and target folder.
fn cargo_build_command(cargo: &OsString, exe: &Path) -> Command {
    let profile_dir = exe.parent().unwrap_or(Path::new("."));
    let mut command = Command::new(cargo);
    // Under `cargo run` this process has the stack package's variables:
    // passed on, cicd-dsl-aws's build and the function builds after it
    // (which drop them) would each rebuild ring and the SDK above it.
    without_running_package_env(&mut command);
    command.args(["build", "-p", AWS_BIN, "--bin", AWS_BIN]);
    match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => {}
        Some("release") => {
            command.arg("--release");
        }
        Some(other) => {
            command.args(["--profile", other]);
        }
    }
    if let Some(target_dir) = profile_dir.parent() {
        command.arg("--target-dir").arg(target_dir);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::cargo_build_command;
    use std::ffi::OsStr;
    use std::path::Path;

    #[test]
    fn cicd_dsl_aws_is_built_in_this_binarys_folder_without_its_package_variables() {
        let command = cargo_build_command(
            &"cargo".into(),
            Path::new("/work/app/target/release/my-stack"),
        );
        let args: Vec<&OsStr> = command.get_args().collect();
        assert_eq!(
            args,
            [
                "build",
                "-p",
                "cicd-dsl-aws",
                "--bin",
                "cicd-dsl-aws",
                "--release",
                "--target-dir",
                "/work/app/target"
            ]
        );
        // `cargo test` set it for this test binary, as `cargo run` does
        // for a stack binary.
        assert!(
            command
                .get_envs()
                .any(|(key, value)| key == "CARGO_MANIFEST_DIR" && value.is_none()),
            "CARGO_MANIFEST_DIR is removed"
        );
    }
}
