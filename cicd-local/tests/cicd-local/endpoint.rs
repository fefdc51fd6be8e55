//! Starts the real extended moto server from the workspace venv.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::Duration;

use cicd_dsl_tests::http::form;
use cicd_dsl_tests::paths::workspace_root;
use cicd_local::{LocalEndpoint, LocalError, LocalOptions};

/// Options with a state directory of the test's own.
fn options(test: &str) -> LocalOptions {
    let mut opts = LocalOptions::new(workspace_root());
    opts.state_dir = std::env::temp_dir().join(format!("cicd-local-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&opts.state_dir);
    opts
}

/// A CloudFormation Query API call over plain HTTP (moto does not check signatures).
fn cloudformation(port: u16, params: &[(&str, &str)]) -> String {
    let body = form(params);
    let request = format!(
        "POST / HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn answers(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

#[test]
fn ephemeral_endpoint_deploys_a_codebuild_project_and_dies_on_drop() {
    let endpoint = LocalEndpoint::start_ephemeral(&options("ephemeral")).expect("start");
    let port = endpoint.port();
    assert_eq!(endpoint.endpoint_url(), format!("http://127.0.0.1:{port}"));
    assert!(!endpoint.reused());

    // Plain moto skips CodeBuild projects; the extended server creates them.
    let template = r#"{"Resources":{"Build":{"Type":"AWS::CodeBuild::Project","Properties":{
        "Name":"docker-build","ServiceRole":"arn:aws:iam::123456789012:role/r",
        "Source":{"Type":"NO_SOURCE","BuildSpec":"version: 0.2"},"Artifacts":{"Type":"NO_ARTIFACTS"},
        "Environment":{"Type":"LINUX_CONTAINER","ComputeType":"BUILD_GENERAL1_SMALL","Image":"aws/codebuild/standard:7.0"}}}}}"#;
    let created = cloudformation(
        port,
        &[
            ("Action", "CreateStack"),
            ("Version", "2010-05-15"),
            ("StackName", "s"),
            ("TemplateBody", template),
        ],
    );
    assert!(created.contains("<StackId>"), "{created}");
    let resources = cloudformation(
        port,
        &[
            ("Action", "DescribeStackResources"),
            ("Version", "2010-05-15"),
            ("StackName", "s"),
        ],
    );
    assert!(resources.contains("AWS::CodeBuild::Project"), "{resources}");

    drop(endpoint);
    assert!(!answers(port), "port {port} still answers after drop");
}

#[test]
fn start_or_reuse_reuses_then_stop_ends_the_server() {
    let opts = options("reuse");
    let first = LocalEndpoint::start_or_reuse(&opts).expect("start");
    assert!(!first.reused());
    let state = std::fs::read_to_string(opts.state_dir.join("server.json")).expect("state file");
    assert!(state.contains(&first.port().to_string()), "{state}");

    let second = LocalEndpoint::start_or_reuse(&opts).expect("reuse");
    assert!(second.reused());
    assert_eq!((second.port(), second.pid()), (first.port(), first.pid()));

    let port = first.port();
    drop(first); // a persistent endpoint outlives its handle
    assert!(answers(port));
    second.stop().expect("stop");
    assert!(!answers(port));
    assert!(!opts.state_dir.join("server.json").exists());
    let _ = std::fs::remove_dir_all(&opts.state_dir);
}

#[test]
fn a_stale_state_file_starts_a_new_server() {
    let opts = options("stale");
    std::fs::create_dir_all(&opts.state_dir).unwrap();
    // A pid that cannot exist and a port nothing listens on.
    std::fs::write(
        opts.state_dir.join("server.json"),
        r#"{"pid": 4194304, "port": 1}"#,
    )
    .unwrap();
    let endpoint = LocalEndpoint::start_or_reuse(&opts).expect("start");
    assert!(!endpoint.reused());
    assert_ne!(endpoint.port(), 1);
    endpoint.stop().expect("stop");
    let _ = std::fs::remove_dir_all(&opts.state_dir);
}

#[test]
fn a_bad_python_path_is_a_clear_error() {
    let mut opts = options("badpython");
    opts.venv_dir = opts.state_dir.join("no-venv-here");
    opts.python = PathBuf::from("/nonexistent/python3");
    let err = LocalEndpoint::start_or_reuse(&opts).expect_err("must fail");
    assert!(matches!(err, LocalError::PythonNotFound { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("/nonexistent/python3"), "{message}");
    let _ = std::fs::remove_dir_all(&opts.state_dir);
}

#[test]
fn a_wrong_workspace_is_a_clear_error() {
    let mut opts = options("noworkspace");
    opts.workspace = opts.state_dir.join("not-a-workspace");
    let err = LocalEndpoint::start_ephemeral(&opts).expect_err("must fail");
    assert!(matches!(err, LocalError::MissingFile { .. }), "{err:?}");
}
