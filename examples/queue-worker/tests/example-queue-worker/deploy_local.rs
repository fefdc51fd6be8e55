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

use cicd_dsl_tests::boto3;
use serde_json::{Value, json};

const STACK: &str = "queue-worker-e2e";

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
    boto3::run_script(endpoint, "the read-back", READ_BACK, &[STACK], |_| {})
}

#[test]
fn deploys_locally_reads_back_through_the_service_apis_and_destroys() {
    let local = cicd_dsl_tests::local_run!("example-queue-worker", "queue-worker-deploy");
    let started = std::time::Instant::now();
    let (deployed, _) = local.ok(&["deploy", "--local", "--yes", "--stack-name", STACK]);
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

    let (destroyed, _) = local.ok(&["destroy", "--local", "--yes", "--stack-name", STACK]);
    eprintln!("destroyed: {destroyed:#}");
}
