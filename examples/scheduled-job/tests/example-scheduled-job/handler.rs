//! The Python the stack ships inline, run against a real S3 API (the local
//! endpoint, with boto3 from the project's `.venv-local`): it must write a dated report
//! that counts the reports before it, and running it twice in a day must
//! overwrite that day's report rather than count it.

use std::path::Path;

use cicd_dsl_tests::boto3;
use cicd_dsl_tests::endpoint::Endpoint;

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

    let result = boto3::run_script(&endpoint.url(), "the handler", DRIVER, &[], |python| {
        python
            .current_dir(&code_dir)
            .env("PYTHONPATH", &code_dir)
            .env("REPORTS_BUCKET", "reports-test");
    });
    std::fs::remove_dir_all(&code_dir).ok();

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
