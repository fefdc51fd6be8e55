//! The queue worker deployed as a user deploys it: its own binary with
//! `deploy --local --yes` (the CLI builds the function's release zip,
//! starts the local endpoint, bootstraps the asset bucket and deploys
//! through a change set), then read back through each service's API with
//! boto3 from the project's `.venv-local`, and `destroy --yes`. The
//! endpoint's state lives in a folder of this test's own, and the endpoint
//! is stopped however the test ends.
//!
//! The first run builds `queue-worker-function` in release mode, which
//! takes minutes on a small machine; later runs reuse the build.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use cicd_dsl_tests::paths::venv_tool;
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_example-queue-worker");
const STACK: &str = "queue-worker-e2e";

/// The binary with `--local`'s state in a folder of its own.
struct LocalRun {
    state: PathBuf,
    out: PathBuf,
}

impl LocalRun {
    fn new() -> LocalRun {
        let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("queue-worker-deploy");
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
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_PROFILE")
            .env("NO_COLOR", "1")
            .output()
            .expect("example-queue-worker runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\nstderr:\n{stderr}"));
        (output.status.success(), json, stderr)
    }

    fn ok(&self, args: &[&str]) -> Value {
        let (success, json, stderr) = self.run(args);
        assert!(success, "{args:?} failed: {json:#}\n{stderr}");
        json
    }
}

/// Stops the endpoint however the test ends.
impl Drop for LocalRun {
    fn drop(&mut self) {
        let _ = self.run(&["local", "stop"]);
    }
}

/// Reads back, through each service's own API, what the stack must have
/// made; prints it as JSON for the assertions.
const READ_BACK: &str = r#"
import json, sys
import boto3
stack = sys.argv[1]
cfn = boto3.client("cloudformation")
physical = {
    r["LogicalResourceId"]: r["PhysicalResourceId"]
    for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]
}
sqs = boto3.client("sqs")
jobs = sqs.get_queue_attributes(QueueUrl=physical["Jobs"], AttributeNames=["All"])["Attributes"]
dead = sqs.get_queue_attributes(QueueUrl=physical["DeadLetters"], AttributeNames=["QueueArn"])["Attributes"]
ddb = boto3.client("dynamodb")
table = ddb.describe_table(TableName=physical["Results"])["Table"]
backups = ddb.describe_continuous_backups(TableName=physical["Results"])["ContinuousBackupsDescription"]
lam = boto3.client("lambda")
function = lam.get_function_configuration(FunctionName=physical["Worker"])
mappings = lam.list_event_source_mappings(FunctionName=physical["Worker"])["EventSourceMappings"]
alarms = boto3.client("cloudwatch").describe_alarms(AlarmNames=[physical["JobsAgeAlarm"]])["MetricAlarms"]
topic = boto3.client("sns").get_topic_attributes(TopicArn=physical["Alerts"])["Attributes"]
print(json.dumps({
    "physical": physical,
    "jobs": jobs,
    "dead_letters_arn": dead["QueueArn"],
    "table": {
        "name": table["TableName"],
        "status": table["TableStatus"],
        "key": table["KeySchema"],
        "pitr": backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"],
    },
    "function": {
        "arn": function["FunctionArn"],
        "runtime": function["Runtime"],
        "handler": function["Handler"],
        "environment": function["Environment"]["Variables"],
    },
    "mappings": [
        {k: m.get(k) for k in ("EventSourceArn", "FunctionArn", "FunctionResponseTypes", "BatchSize")}
        for m in mappings
    ],
    "alarms": [
        {k: a.get(k) for k in ("MetricName", "Namespace", "Dimensions", "AlarmActions", "OKActions")}
        for a in alarms
    ],
    "topic_arn": topic["TopicArn"],
}))
"#;

fn read_back(endpoint: &str) -> Value {
    let mut python = Command::new(venv_tool(".venv-local", "python"))
        .args(["-", STACK])
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    python
        .stdin
        .take()
        .unwrap()
        .write_all(READ_BACK.as_bytes())
        .unwrap();
    let output = python.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the read-back failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn deploys_locally_reads_back_through_the_service_apis_and_destroys() {
    let local = LocalRun::new();
    let started = std::time::Instant::now();
    let deployed = local.ok(&["deploy", "--local", "--yes", "--stack-name", STACK]);
    eprintln!("deploy --local took {:?}", started.elapsed());
    assert_eq!(deployed["status"], "Created", "{deployed:#}");
    let endpoint = deployed["local"]["endpoint"]
        .as_str()
        .expect("the endpoint's address")
        .to_owned();

    let found = read_back(&endpoint);
    let physical = &found["physical"];
    assert_eq!(
        physical.as_object().unwrap().len(),
        10,
        "every resource: {physical:#}"
    );
    // The outputs the deploy printed are the physical ids (Ref of a queue
    // is its URL, of a table its name, of a topic its ARN).
    assert_eq!(
        deployed["outputs"],
        json!({
            "queueUrl": physical["Jobs"],
            "tableName": physical["Results"],
            "topicArn": physical["Alerts"],
        }),
        "{deployed:#}"
    );

    // The queue redrives to the dead-letter queue after five receives.
    let jobs = &found["jobs"];
    let redrive: Value = serde_json::from_str(jobs["RedrivePolicy"].as_str().unwrap()).unwrap();
    assert_eq!(redrive["deadLetterTargetArn"], found["dead_letters_arn"]);
    assert_eq!(redrive["maxReceiveCount"].to_string(), "5");
    assert_eq!(jobs["VisibilityTimeout"], "180");
    assert_eq!(jobs["SqsManagedSseEnabled"], "true");

    // The table exists, with point-in-time recovery.
    let table = &found["table"];
    assert_eq!(table["name"], physical["Results"]);
    assert_eq!(table["status"], "ACTIVE");
    assert_eq!(
        table["key"],
        json!([{"AttributeName": "id", "KeyType": "HASH"}])
    );
    assert_eq!(table["pitr"], "ENABLED");

    // The function runs the Rust zip and is told the table's name.
    let function = &found["function"];
    assert_eq!(function["runtime"], "provided.al2023");
    assert_eq!(function["handler"], "bootstrap");
    assert_eq!(
        function["environment"],
        json!({"TABLE_NAME": physical["Results"]})
    );

    // The mapping links the queue and the function.
    assert_eq!(
        found["mappings"],
        json!([{
            "EventSourceArn": jobs["QueueArn"],
            "FunctionArn": function["arn"],
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "BatchSize": 10,
        }])
    );

    // The alarm watches the queue and notifies the topic.
    assert_eq!(found["topic_arn"], physical["Alerts"]);
    let queue_name = physical["Jobs"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap();
    assert_eq!(
        found["alarms"],
        json!([{
            "MetricName": "ApproximateAgeOfOldestMessage",
            "Namespace": "AWS/SQS",
            "Dimensions": [{"Name": "QueueName", "Value": queue_name}],
            "AlarmActions": [physical["Alerts"]],
            "OKActions": [physical["Alerts"]],
        }])
    );

    let destroyed = local.ok(&["destroy", "--local", "--yes", "--stack-name", STACK]);
    eprintln!("destroyed: {destroyed:#}");
}
