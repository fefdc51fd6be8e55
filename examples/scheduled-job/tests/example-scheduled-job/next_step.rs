//! The deploy engine speaks for whichever stack binary runs it: a failed
//! deploy of the report job, run with `--local` as a user runs it, names
//! `example-scheduled-job` (not the pipeline's binary) and the flags that
//! chose the stack in the command it suggests.
//!
//! The deploy fails through the local endpoint's test fault (see
//! local-aws/README.md): the first create of the bucket fails, so the
//! stack ends ROLLBACK_COMPLETE. The endpoint is the one `--local` starts,
//! with its state in a folder of this test's own.

use std::path::PathBuf;
use std::process::Command;

use cicd_dsl_tests::routes::{Fault, arm_fault};
use serde_json::Value;

const BINARY: &str = env!("CARGO_BIN_EXE_example-scheduled-job");
const STACK: &str = "report-job-next-step";

/// The binary with `--local`'s state in `state`.
struct LocalRun {
    state: PathBuf,
    out: PathBuf,
}

impl LocalRun {
    fn new() -> LocalRun {
        let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("next-step");
        let _ = std::fs::remove_dir_all(&base);
        let run = LocalRun {
            state: base.join("local-state"),
            out: base.join("out"),
        };
        std::fs::create_dir_all(&run.state).unwrap();
        run
    }

    /// Exit status, stdout as JSON, stderr.
    fn run(&self, args: &[&str]) -> (bool, Value, String) {
        let output = Command::new(BINARY)
            .args(args)
            .args(["--out".as_ref(), self.out.as_os_str()])
            .args(["--output", "json"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("CICD_LOCAL_STATE_DIR", &self.state)
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_PROFILE")
            .env("NO_COLOR", "1")
            .output()
            .expect("example-scheduled-job runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\nstderr:\n{stderr}"));
        (output.status.success(), json, stderr)
    }
}

/// Stops the endpoint however the test ends.
impl Drop for LocalRun {
    fn drop(&mut self) {
        let _ = self.run(&["local", "stop"]);
    }
}

#[test]
fn a_failed_deploy_names_this_binary_and_its_flags_in_the_next_step() {
    let local = LocalRun::new();
    let (started, started_json, stderr) = local.run(&["local", "start"]);
    assert!(started, "{started_json:#}\n{stderr}");
    let endpoint = started_json["endpoint"]
        .as_str()
        .expect("the endpoint's address")
        .to_owned();
    // The first create of the bucket fails once.
    arm_fault(
        &endpoint,
        &Fault {
            stack: STACK,
            logical_id: "Reports",
            operation: "CREATE",
            after: 0,
            times: 1,
        },
    );

    let (deployed, json, stderr) =
        local.run(&["deploy", "--local", "--yes", "--stack-name", STACK]);
    assert!(!deployed, "the deploy must fail: {json:#}\n{stderr}");
    let error = json["error"].as_str().expect("an error").to_owned();
    assert_eq!(
        stderr.lines().last(),
        Some(format!("error: {error}").as_str()),
        "one line on stderr, the same as in the JSON"
    );
    assert!(error.contains("ended in ROLLBACK_COMPLETE"), "{error}");
    assert!(error.contains("Reports (AWS::S3::Bucket)"), "{error}");
    assert!(
        error.contains(&format!(
            "Next: fix the cause and run `example-scheduled-job deploy --stack-name {STACK} --local` again"
        )),
        "{error}"
    );
    assert!(!error.contains("cicd-stack"), "{error}");
}
