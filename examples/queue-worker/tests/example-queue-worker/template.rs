//! What the queue worker's template must say for the worker to run and be
//! watched: the rules pass, the queue redrives to the dead-letter queue,
//! the mapping feeds the function with partial batch failures, the role can
//! do what the function does and no more, the alarm watches the queue and
//! notifies the topic; and the template is the one the local endpoint's own
//! tests deploy (`local-aws/tests/fixtures/queue_worker.template.json`).

use cicd_dsl::rules;
use cicd_dsl_tests::cfn::{assert_cargo_built_function, assert_function_env_and_logs};
use cicd_dsl_tests::paths::workspace_root;
use serde_json::{Value, json};

use crate::queue_worker::{ASSET_SHA, properties, resource, stack, template};

#[test]
fn the_rules_find_nothing_not_even_warnings() {
    let day = rules::Date::parse("2026-12-01").expect("a date");
    let findings = rules::check(&stack(), day);
    assert!(findings.is_empty(), "findings: {findings:#?}");
}

#[test]
fn synthesizes_the_ten_resources_in_dependency_order_and_three_outputs() {
    let template = template();
    let types: Vec<(&str, &str)> = template
        .resources()
        .iter()
        .map(|(id, r)| (id.as_str(), r["Type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        types,
        [
            ("DeadLetters", "AWS::SQS::Queue"),
            ("Jobs", "AWS::SQS::Queue"),
            ("Results", "AWS::DynamoDB::Table"),
            ("Alerts", "AWS::SNS::Topic"),
            ("WorkerLogs", "AWS::Logs::LogGroup"),
            ("WorkerRole", "AWS::IAM::Role"),
            ("WorkerRolePolicy", "AWS::IAM::Policy"),
            ("Worker", "AWS::Lambda::Function"),
            ("WorkerJobs", "AWS::Lambda::EventSourceMapping"),
            ("JobsAgeAlarm", "AWS::CloudWatch::Alarm"),
        ]
    );
    assert_eq!(
        Value::Object(template.outputs().expect("outputs").clone()),
        json!({
            "queueUrl": {"Value": {"Ref": "Jobs"}},
            "tableName": {"Value": {"Ref": "Results"}},
            "topicArn": {"Value": {"Ref": "Alerts"}},
        })
    );
}

#[test]
fn the_queue_redrives_to_the_dead_letter_queue_and_the_data_is_retained() {
    let template = template();
    let jobs = resource(&template, "Jobs");
    assert_eq!(
        jobs["Properties"]["RedrivePolicy"],
        json!({"deadLetterTargetArn": {"Fn::GetAtt": ["DeadLetters", "Arn"]}, "maxReceiveCount": 5})
    );
    // Six times the function's timeout, as Lambda advises for SQS sources.
    let timeout = resource(&template, "Worker")["Properties"]["Timeout"]
        .as_u64()
        .unwrap();
    assert_eq!(jobs["Properties"]["VisibilityTimeout"], 6 * timeout);
    for id in ["DeadLetters", "Jobs", "Results", "WorkerLogs"] {
        let item = resource(&template, id);
        assert_eq!(item["DeletionPolicy"], "Retain", "{id}");
        assert_eq!(item["UpdateReplacePolicy"], "Retain", "{id}");
    }
    for id in ["Alerts", "WorkerJobs", "JobsAgeAlarm"] {
        assert!(
            resource(&template, id).get("DeletionPolicy").is_none(),
            "{id}"
        );
    }
    let table = properties(&template, "Results");
    assert_eq!(
        table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        true
    );
    assert_eq!(table["SSESpecification"]["SSEEnabled"], true);
}

#[test]
fn the_mapping_feeds_the_cargo_built_function_and_reports_item_failures() {
    let template = template();
    let worker = properties(&template, "Worker");
    // The asset of package queue-worker-function.
    assert_cargo_built_function(worker, ASSET_SHA);
    assert_function_env_and_logs(
        worker,
        json!({"TABLE_NAME": {"Ref": "Results"}}),
        "WorkerLogs",
    );
    let mapping = properties(&template, "WorkerJobs");
    assert_eq!(
        mapping["EventSourceArn"],
        json!({"Fn::GetAtt": ["Jobs", "Arn"]})
    );
    assert_eq!(mapping["FunctionName"], json!({"Ref": "Worker"}));
    assert_eq!(
        mapping["FunctionResponseTypes"],
        json!(["ReportBatchItemFailures"])
    );
    assert_eq!(mapping["ScalingConfig"]["MaximumConcurrency"], 5);
}

#[test]
fn the_role_allows_exactly_what_the_function_does() {
    let template = template();
    let statements = &properties(&template, "WorkerRolePolicy")["PolicyDocument"]["Statement"];
    let actions = |sid: &str| -> (Value, Value) {
        let statement = statements
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Sid"] == sid)
            .unwrap_or_else(|| panic!("no statement {sid}: {statements:#}"));
        assert_eq!(statement["Effect"], "Allow");
        (statement["Action"].clone(), statement["Resource"].clone())
    };
    assert_eq!(statements.as_array().unwrap().len(), 3, "{statements:#}");
    assert_eq!(
        actions("Jobs"),
        (
            json!([
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ReceiveMessage"
            ]),
            json!({"Fn::GetAtt": ["Jobs", "Arn"]})
        )
    );
    assert_eq!(
        actions("Results"),
        (
            json!("dynamodb:PutItem"),
            json!({"Fn::GetAtt": ["Results", "Arn"]})
        )
    );
    assert_eq!(
        actions("WorkerLogs"),
        (
            json!(["logs:CreateLogStream", "logs:PutLogEvents"]),
            json!({"Fn::GetAtt": ["WorkerLogs", "Arn"]})
        )
    );
    // The function waits for its permissions.
    assert_eq!(
        resource(&template, "Worker")["DependsOn"],
        json!(["WorkerRolePolicy"])
    );
}

#[test]
fn the_alarm_watches_the_oldest_job_and_notifies_the_topic() {
    let template = template();
    let alarm = properties(&template, "JobsAgeAlarm");
    assert_eq!(alarm["Namespace"], "AWS/SQS");
    assert_eq!(alarm["MetricName"], "ApproximateAgeOfOldestMessage");
    assert_eq!(
        alarm["Dimensions"],
        json!([{"Name": "QueueName", "Value": {"Fn::GetAtt": ["Jobs", "QueueName"]}}])
    );
    assert_eq!(alarm["AlarmActions"], json!([{"Ref": "Alerts"}]));
    assert_eq!(alarm["OKActions"], json!([{"Ref": "Alerts"}]));
    assert_eq!(
        properties(&template, "Alerts")["KmsMasterKeyId"],
        "alias/aws/sns"
    );
}

/// The template the local endpoint's tests deploy
/// (`local-aws/tests/test_queue_worker.py`), with what the DSL says
/// differently put the DSL's way: the asset hash, a statement with one
/// action as a string, and the tags on the alarm (the hand-written
/// template leaves them out).
#[test]
fn is_the_template_the_local_endpoint_tests_deploy() {
    let path = workspace_root().join("local-aws/tests/fixtures/queue_worker.template.json");
    let mut fixture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{} is JSON: {e}", path.display()));
    let resources = fixture["Resources"].as_object_mut().unwrap();
    resources["Worker"]["Properties"]["Code"]["S3Key"] = json!(format!("assets/{ASSET_SHA}.zip"));
    resources["WorkerRolePolicy"]["Properties"]["PolicyDocument"]["Statement"][1]["Action"] =
        json!("dynamodb:PutItem");
    let tags = resources["Jobs"]["Properties"]["Tags"].clone();
    resources["JobsAgeAlarm"]["Properties"]["Tags"] = tags;
    let ours: Value = serde_json::from_str(&template().to_json()).unwrap();
    // Metadata names the generator's version; the rest must be equal,
    // including the order of the resources.
    assert_eq!(ours["Resources"], fixture["Resources"]);
    let ids = |v: &Value| -> Vec<String> {
        v["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(ids(&ours), ids(&fixture));
    assert_eq!(ours["Outputs"], fixture["Outputs"]);
    assert_eq!(ours["Description"], fixture["Description"]);
}
