//! A Python script run with boto3 from the project's `.venv-local` against
//! a local endpoint: for reading back what a deploy made, or running a
//! stack's inline Python, through the services' own APIs.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::paths::venv_tool;

/// Runs `script` (fed on stdin) with `args`, pointed at `endpoint_url`
/// with the endpoint's test credentials; `configure` adds what the script
/// needs beyond that (a working folder, environment). The script prints
/// one JSON document, which is returned; a failing script fails the test
/// with `what` and its stderr.
pub fn run_script(
    endpoint_url: &str,
    what: &str,
    script: &str,
    args: &[&str],
    configure: impl FnOnce(&mut Command),
) -> Value {
    let mut command = Command::new(venv_tool(".venv-local", "python"));
    command
        .arg("-")
        .args(args)
        .env("AWS_ENDPOINT_URL", endpoint_url)
        .env("AWS_ACCESS_KEY_ID", cicd_local::ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", cicd_local::SECRET_ACCESS_KEY)
        .env("AWS_DEFAULT_REGION", cicd_local::REGION)
        .env_remove("AWS_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    configure(&mut command);
    let mut python = command.spawn().expect("python runs");
    python
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = python.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{what} printed no JSON ({e})"))
}
