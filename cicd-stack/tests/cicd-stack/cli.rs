//! The real `cicd-stack` binary, run the way a user runs it against an
//! endpoint, and what one run printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::Value;

/// Runs `cicd-stack` with `--output json` into one synth folder.
pub struct Cli {
    pub env: Vec<(String, String)>,
    pub out: PathBuf,
}

/// What one run printed.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    /// The exit code; `None` when a signal ended the run.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as the single JSON document `--output json` promises.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    pub fn expect_ok(self) -> Value {
        assert!(
            self.success,
            "cicd-stack failed:\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self.json()
    }
}

impl Cli {
    /// The binary with the endpoint and its test credentials in its
    /// environment, the way a user sets `AWS_ENDPOINT_URL`.
    pub fn against(endpoint: &Endpoint, out: &Path) -> Cli {
        Cli {
            env: endpoint.env_vars(),
            out: out.to_path_buf(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_output(args, "json")
    }

    /// As [`Cli::run`], printing for a person (`--output human`).
    pub fn run_human(&self, args: &[&str]) -> Run {
        self.run_with_output(args, "human")
    }

    fn run_with_output(&self, args: &[&str], output: &str) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cicd-stack"));
        command
            .args(args)
            .args(["--out".as_ref(), self.out.as_os_str()])
            .args(["--output", output])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            // Only the endpoint's settings: no profile or real credentials
            // of whoever runs the tests can leak in.
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN")
            .env("NO_COLOR", "1");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let output = command.output().expect("cicd-stack runs");
        Run {
            success: output.status.success(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `shell_command` (which runs `cicd-stack`) on a pseudo-terminal
    /// through util-linux `script`, so the binary asks its questions and
    /// draws its bar as for a user: stdin and the terminal's output are
    /// piped to the caller, with the same environment as [`Cli::run`].
    pub fn on_terminal(&self, shell_command: &str) -> Command {
        let mut command = Command::new("script");
        command
            .args(["-qfec", shell_command, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
    }

    /// `deploy --yes` with `flags`, which must succeed with `status`
    /// (`Created`, `Updated`) and leave the stack in `stack_status`;
    /// returns what it printed.
    pub fn deploy_ok(&self, flags: &[&str], status: &str, stack_status: &str) -> Value {
        let deployed = self
            .run(&[&["deploy", "--yes"], flags].concat())
            .expect_ok();
        assert_eq!(deployed["status"], status, "{deployed:#}");
        assert_eq!(deployed["stack_status"], stack_status, "{deployed:#}");
        deployed
    }

    /// `destroy --yes`, which must succeed and end in DELETE_COMPLETE;
    /// returns what it printed.
    pub fn destroy_ok(&self) -> Value {
        let destroyed = self.run(&["destroy", "--yes"]).expect_ok();
        assert_eq!(
            destroyed["final_status"], "DELETE_COMPLETE",
            "{destroyed:#}"
        );
        destroyed
    }
}
