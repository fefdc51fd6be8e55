//! The Python the stack ships inline, run against a real S3 API (moto
//! server from the project's `.venv-local`): it must write a dated report
//! that counts the reports before it, and running it twice in a day must
//! overwrite that day's report rather than count it.

mod common;

use serde_json::Value;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn venv_local(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tool = root.join(".venv-local/bin").join(name);
    assert!(
        tool.exists(),
        "{} is missing: python3 -m venv .venv-local && .venv-local/bin/pip install -r python/requirements-local.txt",
        tool.display()
    );
    tool
}

/// A moto server on a free local port, stopped when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(venv_local("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not answer in 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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
    let moto = Moto::start();
    let code_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("report-job-handler-{}", std::process::id()));
    std::fs::create_dir_all(&code_dir).unwrap();
    std::fs::write(code_dir.join("index.py"), common::handler_source()).unwrap();

    let mut python = Command::new(venv_local("python"))
        .arg("-")
        .current_dir(&code_dir)
        .env("PYTHONPATH", &code_dir)
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
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
