//! A stack binary run as a user runs it with `--local`: the CLI starts (or
//! reuses) the extended endpoint itself, with its state in a folder of the
//! test's own, so a test never touches a developer's running endpoint. No
//! AWS setting comes from the environment, and the endpoint is stopped
//! however the test ends.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub struct LocalRun {
    binary: PathBuf,
    crate_dir: PathBuf,
    state: PathBuf,
    out: PathBuf,
    // A temp folder holding `state`, if the run made one; removed after
    // the endpoint is stopped (`Drop::drop` runs before fields drop).
    _temp_state: Option<tempfile::TempDir>,
}

impl LocalRun {
    /// `binary` (a `CARGO_BIN_EXE_*` path) run from `crate_dir`, with
    /// `--local`'s state in `state` and the synth output in `out`.
    pub fn new(binary: &str, crate_dir: &str, state: PathBuf, out: PathBuf) -> LocalRun {
        std::fs::create_dir_all(&state).unwrap();
        LocalRun {
            binary: binary.into(),
            crate_dir: crate_dir.into(),
            state,
            out,
            _temp_state: None,
        }
    }

    /// As [`LocalRun::new`], with `--local`'s state in a temp folder of
    /// its own: runs of the same test at the same time (in one target
    /// folder) never share an endpoint.
    pub fn with_temp_state(binary: &str, crate_dir: &str, out: PathBuf) -> LocalRun {
        let temp = tempfile::tempdir().expect("a temp dir");
        let mut run = LocalRun::new(binary, crate_dir, temp.path().to_path_buf(), out);
        run._temp_state = Some(temp);
        run
    }

    /// As [`LocalRun::new`], with the state and the output in `folder`,
    /// emptied first (an earlier run may have left it).
    pub fn in_fresh_folder(binary: &str, crate_dir: &str, folder: &Path) -> LocalRun {
        let _ = std::fs::remove_dir_all(folder);
        LocalRun::new(
            binary,
            crate_dir,
            folder.join("local-state"),
            folder.join("out"),
        )
    }

    /// Exit status, stdout as JSON, stderr.
    pub fn run(&self, args: &[&str]) -> (bool, Value, String) {
        self.run_with_env(args, &[])
    }

    /// As [`LocalRun::run`], with extra environment variables (set after
    /// the AWS ones are removed), e.g. to point a run without `--local` at
    /// the endpoint with credentials of the test's choosing.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> (bool, Value, String) {
        let output = self
            .command(args, "json")
            .envs(env.iter().copied())
            .output()
            .unwrap_or_else(|e| panic!("{} runs: {e}", self.binary.display()));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\nstderr:\n{stderr}"));
        (output.status.success(), json, stderr)
    }

    /// The command a run starts, for a test that runs it its own way (in
    /// the background, with `--output human`): the binary with `args`,
    /// `--out` and `--output OUTPUT`, from the crate's folder, with
    /// `--local`'s state and no AWS setting from the environment.
    pub fn command(&self, args: &[&str], output: &str) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .args(args)
            .args(["--out".as_ref(), self.out.as_os_str()])
            .args(["--output", output])
            .current_dir(&self.crate_dir)
            .env("CICD_LOCAL_STATE_DIR", &self.state)
            // --local must not need any AWS setting from the environment.
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_PROFILE")
            .env("NO_COLOR", "1");
        command
    }

    /// A run that must succeed: stdout as JSON, stderr.
    pub fn ok(&self, args: &[&str]) -> (Value, String) {
        let (success, json, stderr) = self.run(args);
        assert!(success, "{args:?} failed: {json:#}\n{stderr}");
        (json, stderr)
    }
}

/// Stops the endpoint however the test ends (a test that already ran
/// `local stop` gets "not-running").
impl Drop for LocalRun {
    fn drop(&mut self) {
        let _ = self.run(&["local", "stop"]);
    }
}

/// `LocalRun` of the calling crate's binary `$binary`, run from the
/// crate's folder, with its state and output in `$folder` under the
/// crate's `CARGO_TARGET_TMPDIR`, emptied first. A macro because those
/// paths are the calling test's compile-time environment.
#[macro_export]
macro_rules! local_run {
    ($binary:literal, $folder:literal) => {
        $crate::local_run::LocalRun::in_fresh_folder(
            env!(concat!("CARGO_BIN_EXE_", $binary)),
            env!("CARGO_MANIFEST_DIR"),
            &std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join($folder),
        )
    };
}
