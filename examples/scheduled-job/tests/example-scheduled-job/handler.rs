//! The Python the stack ships inline, run against a real S3 API (the local
//! endpoint, with boto3 from the project's `.venv-local`): it must write a dated report
//! that counts the reports before it, and running it twice in a day must
//! overwrite that day's report rather than count it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use cicd_dsl_tests::endpoint::Endpoint;
use cicd_dsl_tests::paths::venv_tool;
use serde_json::Value;

/// Creates the bucket with one earlier report, imports the shipped
/// `index.py`, calls the handler twice and reads back what it wrote.
const DRIVER: &str = r#"
import json, sys
import boto3
s3 = boto3.client("s3")
s3.create_bucket(Bucket="reports-test")
s3.put_object(Bucket="reports-test", Key="reports/2000-01-01.json", Body=b"{}")
import index
first = index.handler({}, None)
second = index.handler({}, None)
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="reports-test")["Contents"]]
body = s3.get_object(Bucket="reports-test", Key=first["key"])["Body"].read()
print(json.dumps({"first": first, "second": second, "keys": keys, "body": json.loads(body)}))
"#;

#[test]
fn the_handler_writes_a_dated_report_counting_earlier_ones() {
    let endpoint = Endpoint::start();
    let code_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("report-job-handler-{}", std::process::id()));
    std::fs::create_dir_all(&code_dir).unwrap();
    std::fs::write(
        code_dir.join("index.py"),
        crate::report_job::handler_source(),
    )
    .unwrap();

    let mut python = Command::new(venv_tool(".venv-local", "python"))
        .arg("-")
        .current_dir(&code_dir)
        .env("PYTHONPATH", &code_dir)
        .env("AWS_ENDPOINT_URL", endpoint.url())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("REPORTS_BUCKET", "reports-test")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    python
        .stdin
        .take()
        .unwrap()
        .write_all(DRIVER.as_bytes())
        .unwrap();
    let output = python.wait_with_output().unwrap();
    std::fs::remove_dir_all(&code_dir).ok();
    assert!(
        output.status.success(),
        "the handler failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();

    let first = &result["first"];
    let date = first["report"]["date"].as_str().unwrap();
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "an ISO date: {date}"
    );
    assert_eq!(first["bucket"], "reports-test");
    assert_eq!(first["key"], format!("reports/{date}.json"));
    assert_eq!(first["report"]["earlier_reports"], 1);
    assert_eq!(
        result["second"]["report"]["earlier_reports"], 1,
        "a second run the same day replaces the day's report instead of counting it"
    );
    assert_eq!(
        result["keys"],
        serde_json::json!(["reports/2000-01-01.json", format!("reports/{date}.json")])
    );
    assert_eq!(result["body"], first["report"]);
}
