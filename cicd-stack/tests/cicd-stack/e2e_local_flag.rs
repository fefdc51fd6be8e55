//! `--local`: the CLI starts the extended endpoint itself, reuses it on the
//! next command, bootstraps the asset bucket on the first deploy, and
//! `local stop` ends it. State is kept in a temp folder so this test never
//! touches a developer's running endpoint.

use std::net::TcpStream;
use std::process::Command;

use serde_json::Value;

use crate::folders::out_dir;
use crate::readback::{OUTPUT_NAMES, output};

struct LocalCli {
    state: tempfile::TempDir,
    out: std::path::PathBuf,
}

impl LocalCli {
    fn run(&self, args: &[&str]) -> (bool, Value, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_cicd-stack"))
            .args(args)
            .args(["--out".as_ref(), self.out.as_os_str()])
            .args(["--output", "json"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("CICD_LOCAL_STATE_DIR", self.state.path())
            // --local must not need any AWS setting from the environment.
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_PROFILE")
            .env("NO_COLOR", "1")
            .output()
            .expect("cicd-stack runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\nstderr:\n{stderr}"));
        (output.status.success(), json, stderr)
    }

    fn ok(&self, args: &[&str]) -> (Value, String) {
        let (success, json, stderr) = self.run(args);
        assert!(success, "{args:?} failed: {json:#}\n{stderr}");
        (json, stderr)
    }
}

/// Stops the server if an assertion fails before `local stop` ran.
impl Drop for LocalCli {
    fn drop(&mut self) {
        let _ = self.run(&["local", "stop"]);
    }
}

fn answers(endpoint: &str) -> bool {
    let address = endpoint.trim_start_matches("http://");
    TcpStream::connect(address).is_ok()
}

#[test]
fn local_flag_starts_reuses_and_stops_its_endpoint() {
    let cli = LocalCli {
        state: tempfile::tempdir().unwrap(),
        out: out_dir("local-flag"),
    };
    let (status, _) = cli.ok(&["local", "status"]);
    assert_eq!(status["state"], "stopped");

    let (deployed, stderr) = cli.ok(&["deploy", "--local", "--yes"]);
    let local = &deployed["local"];
    assert_eq!(local["reused"], false, "{deployed:#}");
    let endpoint = local["endpoint"].as_str().unwrap().to_owned();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    assert!(
        deployed["bootstrapped_asset_bucket"].is_string(),
        "the first local deploy creates the asset bucket: {deployed:#}"
    );
    assert!(stderr.contains("running bootstrap first"), "{stderr}");
    assert_eq!(deployed["status"], "Created");
    let names: Vec<&str> = deployed["outputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, OUTPUT_NAMES);
    assert!(output(&deployed, "ecrRepositoryUrl").ends_with("/docker-image-repo"));

    let (status, _) = cli.ok(&["local", "status"]);
    assert_eq!(status["state"], "running");
    assert_eq!(status["endpoint"], endpoint.as_str());
    assert_eq!(status["pid"], local["pid"]);

    // The second command finds the same server, with the stack still in it.
    let (diff, _) = cli.ok(&["diff", "--local"]);
    assert_eq!(diff["local"]["reused"], true);
    assert_eq!(diff["local"]["pid"], local["pid"]);
    assert_eq!(diff["stack_exists"], true, "{diff:#}");
    assert_eq!(diff["diff"]["resources"], serde_json::json!([]));

    let (stopped, _) = cli.ok(&["local", "stop"]);
    assert_eq!(stopped["state"], "stopped");
    assert!(!answers(&endpoint), "{endpoint} still answers after stop");
    let (status, _) = cli.ok(&["local", "status"]);
    assert_eq!(status["state"], "stopped");
    let (again, _) = cli.ok(&["local", "stop"]);
    assert_eq!(again["state"], "not-running");
}
