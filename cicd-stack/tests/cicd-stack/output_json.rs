//! `--output json`: every command that prints results prints one JSON
//! document on stdout naming the command, and a failure is a document too,
//! `{"command": ..., "error": ...}`, next to the usual line on stderr.

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::folders::scratch;

/// Runs the binary with `--output json` and no AWS setting of whoever runs
/// the tests; returns the exit code, stdout parsed, and stderr.
fn json_run(dir: &Path, args: &[&str], env: &[(&str, String)]) -> (i32, Value, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cicd-stack"));
    command
        .args(args)
        .args(["--output", "json", "--out"])
        .arg(dir.join("out"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CICD_LOCAL_STATE_DIR", dir.join("local-state"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") && key != "AWS_EC2_METADATA_DISABLED" {
            command.env_remove(key);
        }
    }
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("cicd-stack runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("{args:?}: stdout is not one JSON document ({e}):\n{stdout}\nstderr:\n{stderr}")
    });
    (output.status.code().unwrap_or(-1), json, stderr)
}

#[test]
fn commands_without_aws_print_json_naming_themselves() {
    let dir = scratch("output-json-offline");
    let (code, graph, _) = json_run(&dir, &["graph"], &[]);
    assert_eq!(code, 0);
    assert_eq!(graph["command"], "graph");
    assert_eq!(graph["format"], "mermaid");
    assert!(
        graph["graph"].as_str().unwrap().starts_with("flowchart"),
        "{graph:#}"
    );
    let (_, dot, _) = json_run(&dir, &["graph", "--format", "dot"], &[]);
    assert!(
        dot["graph"].as_str().unwrap().contains("digraph"),
        "{dot:#}"
    );

    let (_, check, _) = json_run(&dir, &["check"], &[]);
    assert_eq!(check["command"], "check");
    assert!(check["findings"].is_array(), "{check:#}");

    let (code, local, _) = json_run(&dir, &["local", "status"], &[]);
    assert_eq!(code, 0);
    assert_eq!(local["command"], "local");
    assert_eq!(local["state"], "not-running", "{local:#}");
}

#[test]
fn a_failing_aws_command_prints_its_error_as_json_with_its_name() {
    let dir = scratch("output-json-errors");
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let env = [
        ("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{closed}")),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00".to_owned()),
        (
            "AWS_SECRET_ACCESS_KEY",
            "not-a-secret-anyone-uses".to_owned(),
        ),
    ];
    let source = dir.join("source");
    std::fs::create_dir_all(&source).unwrap();
    std::fs::write(source.join("Dockerfile"), "FROM scratch\n").unwrap();
    for args in [
        &["bootstrap"][..],
        &["deploy", "--yes"],
        &["diff"],
        &["drift"],
        &["destroy", "--yes"],
        &["outputs"],
        &["push-source", source.to_str().unwrap()],
    ] {
        let (code, json, stderr) = json_run(&dir, args, &env);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert_eq!(json["command"], args[0], "{args:?}: {json:#}");
        let error = json["error"].as_str().unwrap_or_default();
        assert!(
            error.contains(&format!("127.0.0.1:{closed}")),
            "{args:?}: {json:#}"
        );
        // Progress before it (a function's build) may precede it on stderr.
        assert_eq!(
            stderr.trim_end().lines().last().unwrap_or_default(),
            format!("error: {error}"),
            "{args:?}: the same one line ends stderr"
        );
    }
    // `ls` lists the names without AWS; its document says why the status
    // is unknown.
    let (code, ls, _) = json_run(&dir, &["ls"], &env);
    assert_eq!(code, 0);
    assert_eq!(ls["command"], "ls");
    assert_eq!(ls["stacks"][0]["deployed"], Value::Null, "{ls:#}");
}
