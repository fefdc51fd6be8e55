//! The app rows of docs/bad-input.md, run as written: the app binary, the
//! row's command, against a fresh local endpoint. Each must exit with the
//! row's code, print the row's one line on stderr and nothing on stdout,
//! and leave no stack behind.

use cicd_dsl_tests::bad_input_table::{Row, matches, message_lines, rows_checked_by};
use cicd_dsl_tests::boto3::run_script;
use cicd_dsl_tests::endpoint::Endpoint;
use std::process::Command;

const THIS_FILE: &str = "examples/two-stack-app/tests/example-two-stack-app/bad_input.rs";

/// The setup column of each row, in code: which binary the command names.
fn case(id: &str) -> &'static str {
    match id {
        // Nothing deployed: the endpoint is fresh.
        "app-import-not-deployed" => env!("CARGO_BIN_EXE_example-two-stack-app"),
        other => {
            panic!("docs/bad-input.md names {other} for {THIS_FILE}, which has no case for it")
        }
    }
}

fn arguments(row: &Row) -> Vec<String> {
    let mut words = row.command.split_whitespace().map(str::to_owned);
    assert_eq!(
        words.next().as_deref(),
        Some("example-two-stack-app"),
        "{}",
        row.command
    );
    words.collect()
}

#[test]
fn every_app_row_of_the_table_is_one_line_nonzero_and_changes_nothing() {
    let rows = rows_checked_by(THIS_FILE);
    assert!(!rows.is_empty());
    let endpoint = Endpoint::start();
    for row in &rows {
        let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bad-{}", row.id));
        let output = Command::new(case(&row.id))
            .args(arguments(row))
            .arg("--out")
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("AWS_PROFILE")
            .env("NO_COLOR", "1")
            .envs(endpoint.env_vars())
            .output()
            .expect("the app binary runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(row.exit), "{}: {stderr}", row.id);
        assert!(stdout.is_empty(), "{}: stdout: {stdout}", row.id);
        let lines = message_lines(&stderr);
        assert_eq!(lines.len(), 1, "{}: one line on stderr:\n{stderr}", row.id);
        assert!(
            matches(&row.message, lines[0]),
            "{}: stderr does not match the table\n table: {}\nstderr: {}",
            row.id,
            row.message,
            lines[0]
        );
        let stacks = run_script(
            &endpoint.url(),
            "listing stacks",
            "import json, boto3\nprint(json.dumps([s['StackName'] for s in boto3.client('cloudformation', region_name='us-east-1').describe_stacks()['Stacks']]))\n",
            &[],
            |_| {},
        );
        assert_eq!(
            stacks,
            serde_json::json!([]),
            "{}: a stack was left",
            row.id
        );
    }
}
