//! cfn-lint and checkov, the outside judges, on the queue worker's template.

use cicd_dsl_tests::judges;

use crate::queue_worker::template;

#[test]
fn cfn_lint_and_checkov_find_nothing_and_skip_one_check_per_suppress() {
    let report = judges::assert_judges_pass(&template().to_json(), 20);
    let mut skipped: Vec<(&str, &str)> = report
        .skipped()
        .iter()
        .map(|s| {
            (
                s["check_id"].as_str().unwrap(),
                s["resource"].as_str().unwrap(),
            )
        })
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            ("CKV_AWS_115", "AWS::Lambda::Function.Worker"),
            ("CKV_AWS_116", "AWS::Lambda::Function.Worker"),
            ("CKV_AWS_117", "AWS::Lambda::Function.Worker"),
            ("CKV_AWS_119", "AWS::DynamoDB::Table.Results"),
            ("CKV_AWS_158", "AWS::Logs::LogGroup.WorkerLogs"),
            ("CKV_AWS_173", "AWS::Lambda::Function.Worker"),
            ("CKV_AWS_27", "AWS::SQS::Queue.DeadLetters"),
            ("CKV_AWS_27", "AWS::SQS::Queue.Jobs"),
        ],
        "one skip per #[suppress(CKV_...)]"
    );
}
