//! `--local`: the CLI starts the extended endpoint itself, reuses it on the
//! next command, bootstraps the asset bucket on the first deploy, and
//! `local stop` ends it. State is kept in a temp folder so this test never
//! touches a developer's running endpoint.

use std::net::TcpStream;

use cicd_dsl_tests::local_run::LocalRun;

use crate::folders::out_dir;
use crate::readback::{assert_spec_outputs, output};

fn answers(endpoint: &str) -> bool {
    let address = endpoint.trim_start_matches("http://");
    TcpStream::connect(address).is_ok()
}

#[test]
fn local_flag_starts_reuses_and_stops_its_endpoint() {
    let cli = LocalRun::with_temp_state(
        env!("CARGO_BIN_EXE_cicd-stack"),
        env!("CARGO_MANIFEST_DIR"),
        out_dir("local-flag"),
    );
    let (status, _) = cli.ok(&["local", "status"]);
    assert_eq!(status["state"], "not-running");

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
    assert_spec_outputs(&deployed);
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
    assert_eq!(status["state"], "not-running");
    let (again, _) = cli.ok(&["local", "stop"]);
    assert_eq!(again["state"], "not-running");
}
