//! What the report job's template must say for the job to work and stay
//! safe: the rules pass, the function is wired to its bucket, logs and role,
//! and the role can do exactly what the code does.

use cicd_dsl::rules;
use cicd_dsl_tests::cfn::{actions, assert_function_env_and_logs, assert_private_retained_bucket};
use serde_json::{Value, json};

#[test]
fn the_rules_find_nothing_not_even_warnings() {
    let day = rules::Date::parse("2026-12-01").expect("a date");
    let findings = rules::check(&crate::report_job::stack(), day);
    assert!(findings.is_empty(), "findings: {findings:#?}");
}

#[test]
fn synthesizes_one_of_each_resource_and_the_three_outputs() {
    let template = crate::report_job::template();
    let mut types: Vec<(&str, &str)> = template
        .resources()
        .iter()
        .map(|(id, r)| (id.as_str(), r["Type"].as_str().unwrap()))
        .collect();
    types.sort();
    assert_eq!(
        types,
        [
            ("NightlyReport", "AWS::Lambda::Function"),
            ("ReportLogs", "AWS::Logs::LogGroup"),
            ("ReportRole", "AWS::IAM::Role"),
            ("ReportRolePolicy", "AWS::IAM::Policy"),
            ("Reports", "AWS::S3::Bucket"),
            ("ReportsPolicy", "AWS::S3::BucketPolicy"),
        ]
    );
    let outputs = template.outputs().expect("the stack has outputs");
    assert_eq!(
        outputs["reportsBucketName"]["Value"],
        json!({ "Ref": "Reports" })
    );
    assert_eq!(
        outputs["reportFunctionName"]["Value"],
        json!({ "Ref": "NightlyReport" })
    );
    assert_eq!(
        outputs["reportFunctionArn"]["Value"],
        json!({ "Fn::GetAtt": ["NightlyReport", "Arn"] })
    );
}

#[test]
fn the_function_runs_the_inline_python_with_its_bucket_and_logs() {
    let template = crate::report_job::template();
    let function = &crate::report_job::resource(&template, "NightlyReport")["Properties"];
    assert_eq!(function["FunctionName"], "nightly-report");
    assert_eq!(function["Runtime"], "python3.13");
    assert_eq!(function["Handler"], "index.handler");
    assert_eq!(
        function["Code"]["ZipFile"],
        crate::report_job::handler_source()
    );
    assert!(
        crate::report_job::handler_source().contains("def handler(event, context):"),
        "the handler named in `handler` exists in the source"
    );
    assert_eq!(
        function["Role"],
        json!({ "Fn::GetAtt": ["ReportRole", "Arn"] })
    );
    assert_function_env_and_logs(
        function,
        json!({ "REPORTS_BUCKET": { "Ref": "Reports" } }),
        "ReportLogs",
    );
    assert_eq!(function["Timeout"], 60);
    assert_eq!(function["MemorySize"], 256);
}

#[test]
fn the_role_can_list_the_bucket_put_objects_and_write_its_logs_and_nothing_else() {
    let template = crate::report_job::template();
    let role = &crate::report_job::resource(&template, "ReportRole")["Properties"];
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({ "Service": ["lambda.amazonaws.com"] })
    );
    let policy = &crate::report_job::resource(&template, "ReportRolePolicy")["Properties"];
    let mut granted: Vec<(String, Value)> = Vec::new();
    for statement in policy["PolicyDocument"]["Statement"].as_array().unwrap() {
        assert_eq!(statement["Effect"], "Allow");
        for action in actions(statement) {
            granted.push((action, statement["Resource"].clone()));
        }
    }
    granted.sort_by(|a, b| a.0.cmp(&b.0));
    let bucket = json!({ "Fn::GetAtt": ["Reports", "Arn"] });
    let objects = json!({ "Fn::Sub": "${Reports.Arn}/*" });
    let logs = json!({ "Fn::GetAtt": ["ReportLogs", "Arn"] });
    assert_eq!(
        granted,
        [
            ("logs:CreateLogStream".to_owned(), logs.clone()),
            ("logs:PutLogEvents".to_owned(), logs),
            ("s3:GetBucketLocation".to_owned(), bucket.clone()),
            ("s3:ListBucket".to_owned(), bucket),
            ("s3:PutObject".to_owned(), objects),
        ]
    );
}

#[test]
fn the_bucket_is_private_encrypted_versioned_expiring_and_retained() {
    let template = crate::report_job::template();
    let bucket = crate::report_job::resource(&template, "Reports");
    assert_private_retained_bucket(bucket);
    let props = &bucket["Properties"];
    let rule = &props["LifecycleConfiguration"]["Rules"][0];
    assert_eq!(rule["Status"], "Enabled");
    assert_eq!(rule["ExpirationInDays"], 365);
    assert_eq!(rule["NoncurrentVersionExpiration"]["NoncurrentDays"], 30);
    let deny = &crate::report_job::resource(&template, "ReportsPolicy")["Properties"]["PolicyDocument"]
        ["Statement"][0];
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(
        deny["Condition"],
        json!({ "Bool": { "aws:SecureTransport": "false" } })
    );
}

#[test]
fn the_log_group_keeps_a_month_and_goes_with_the_stack() {
    let template = crate::report_job::template();
    let group = crate::report_job::resource(&template, "ReportLogs");
    assert_eq!(
        group["Properties"]["LogGroupName"],
        "/aws/lambda/nightly-report"
    );
    assert_eq!(group["Properties"]["RetentionInDays"], 30);
    assert!(
        group.get("DeletionPolicy").is_none(),
        "removal = Destroy: the log group is deleted with the stack"
    );
}

#[test]
fn every_resource_carries_the_stack_tags() {
    let template = crate::report_job::template();
    for (id, resource) in template.resources() {
        let Some(tags) = resource["Properties"].get("Tags") else {
            // Policies have no tags in CloudFormation.
            assert!(
                matches!(
                    resource["Type"].as_str(),
                    Some("AWS::IAM::Policy" | "AWS::S3::BucketPolicy")
                ),
                "{id} has no tags"
            );
            continue;
        };
        for (key, value) in [("Team", "analytics"), ("Application", "reports")] {
            assert!(
                tags.as_array()
                    .unwrap()
                    .contains(&json!({ "Key": key, "Value": value })),
                "{id} lacks tag {key}={value}: {tags}"
            );
        }
    }
}

#[test]
fn every_suppression_keeps_its_reason_in_the_template() {
    let template = crate::report_job::template();
    let mut reasons = 0;
    for (id, resource) in template.resources() {
        let Some(recorded) = resource["Metadata"]["cicd-dsl"]["suppressions"].as_array() else {
            continue;
        };
        for suppression in recorded {
            let reason = suppression["reason"].as_str().unwrap();
            assert!(reason.len() > 20, "{id}: short reason {suppression}");
            reasons += 1;
        }
    }
    assert_eq!(reasons, 6, "one reason per #[suppress] in the stack");
}

#[test]
fn synthesis_is_deterministic() {
    assert_eq!(
        crate::report_job::template().to_json(),
        crate::report_job::template().to_json()
    );
}
