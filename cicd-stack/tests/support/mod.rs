//! Shared by the end-to-end tests: an extended moto endpoint of the test
//! file's own, the real `cicd-stack` binary pointed at it, and SDK clients
//! that read resources back through each service's API.

#![allow(dead_code)] // each test file uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;

use cicd_local::{ACCESS_KEY_ID, LocalEndpoint, LocalOptions, REGION, SECRET_ACCESS_KEY};
use serde_json::Value;

/// The repository root (holds `local-aws/` and the Python requirements).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// One extended moto server for the test, killed when dropped; its log
/// goes to a temp folder that lives as long as it does.
pub struct Endpoint {
    pub server: LocalEndpoint,
    _state: tempfile::TempDir,
}

impl Endpoint {
    pub fn start() -> Endpoint {
        let state = tempfile::tempdir().expect("temp dir");
        let mut options = LocalOptions::new(workspace_root());
        options.state_dir = state.path().to_path_buf();
        let server = LocalEndpoint::start_ephemeral(&options).expect("the local endpoint starts");
        Endpoint {
            server,
            _state: state,
        }
    }

    pub fn url(&self) -> String {
        self.server.endpoint_url()
    }

    /// The binary with this endpoint and its test credentials in its
    /// environment, the way a user sets `AWS_ENDPOINT_URL`.
    pub fn cli(&self, out: &Path) -> Cli {
        Cli {
            env: self
                .server
                .env_vars()
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            out: out.to_path_buf(),
        }
    }

    pub async fn sdk(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(self.url())
            .region(aws_config::Region::new(REGION))
            .credentials_provider(aws_sdk_s3::config::Credentials::new(
                ACCESS_KEY_ID,
                SECRET_ACCESS_KEY,
                None,
                None,
                "e2e",
            ))
            .load()
            .await
    }
}

/// A synth output folder shared by the runs of one test, so the function's
/// zip is built (or found in `target/assets`) once and reused.
pub fn out_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("e2e-{test}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `cicd-stack`.
pub struct Cli {
    pub env: Vec<(String, String)>,
    pub out: PathBuf,
}

/// What one run printed.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
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
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cicd-stack"));
        command
            .args(args)
            .args(["--out".as_ref(), self.out.as_os_str()])
            .args(["--output", "json"])
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
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// The four outputs the spec names, exactly.
pub const OUTPUT_NAMES: [&str; 4] = [
    "artifactBucketName",
    "codeBuildProjectName",
    "ecrRepositoryUrl",
    "pipelineName",
];

pub fn output<'a>(deployed: &'a Value, name: &str) -> &'a str {
    deployed["outputs"][name]
        .as_str()
        .unwrap_or_else(|| panic!("output {name} missing in {}", deployed["outputs"]))
}

/// IAM returns policy documents URL-encoded (RFC 3986); the SDK hands them
/// over as they came.
pub fn policy_json(text: &str) -> Value {
    if let Ok(value) = serde_json::from_str(text) {
        return value;
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            decoded.push(u8::from_str_radix(hex, 16).expect("valid percent escape"));
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    serde_json::from_slice(&decoded).expect("the policy document is JSON")
}

/// A string or a list of strings, as IAM and EventBridge allow.
pub fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().expect("a string").to_owned())
            .collect(),
        Value::Null => Vec::new(),
        other => panic!("expected a string or a list, got {other}"),
    }
}

/// A single-threaded runtime for the SDK checks.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}
