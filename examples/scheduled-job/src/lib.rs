//! A second stack written in cicd-dsl, unrelated to the CI/CD pipeline: a
//! report job. A Python function writes a dated JSON report into a bucket
//! each time it is invoked.
//!
//! The DSL cannot schedule it yet: `#[rule]` takes an event pattern only
//! (no schedule expression) and targets only a pipeline (not a function),
//! so the job is invoked by whoever runs it (`aws lambda invoke
//! --function-name nightly-report`) until the DSL grows a schedule.

#[cicd_dsl::stack(
    name = "report-job",
    description = "Report job: an inline Python function writing dated reports to an encrypted bucket",
    tags(Team = "analytics", Application = "reports")
)]
pub mod report_job {
    /// Dated reports; old versions go after 30 days, reports after a year.
    #[bucket(
        versioned,
        encryption = Aes256,
        expire_after_days = 365,
        expire_noncurrent_after_days = 30
    )]
    #[suppress(
        CKV_AWS_18,
        reason = "Reports are written only by the job's own role and CloudTrail records the API calls; server access logs would need a second bucket"
    )]
    pub struct Reports;

    /// The function's logs, kept for a month.
    #[log_group(
        name = "/aws/lambda/nightly-report",
        retention_days = 30,
        removal = Destroy
    )]
    #[suppress(
        CKV_AWS_158,
        reason = "CloudWatch Logs encrypts log data at rest by default; the job logs no secrets, so no customer managed key"
    )]
    pub struct ReportLogs;

    /// Lets the function list earlier reports and write a new one.
    #[role(
        assumed_by = Lambda,
        grants(Reports.write()),
        allow(actions("s3:ListBucket"), resources(Reports.arn()))
    )]
    pub struct ReportRole;

    /// Writes `reports/<date>.json` with a count of the reports before it.
    #[function(
        name = "nightly-report",
        runtime = "python3.13",
        handler = "index.handler",
        code = inline(r#"import datetime
import json
import os

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    bucket = os.environ["REPORTS_BUCKET"]
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="reports/")
    earlier = [o["Key"] for o in listed.get("Contents", [])]
    key = "reports/" + today + ".json"
    report = {"date": today, "earlier_reports": len([k for k in earlier if k != key])}
    s3.put_object(
        Bucket=bucket,
        Key=key,
        Body=json.dumps(report).encode("utf-8"),
        ContentType="application/json",
    )
    return {"bucket": bucket, "key": key, "report": report}
"#),
        role = ReportRole,
        logs = ReportLogs,
        memory_mb = 256,
        timeout_seconds = 60,
        environment(REPORTS_BUCKET = Reports.name())
    )]
    #[suppress(
        CKV_AWS_115,
        reason = "One invocation a night; reserving concurrency would take it from the account's unreserved pool"
    )]
    #[suppress(
        CKV_AWS_116,
        reason = "Invoked synchronously by its caller, which sees the error; a dead-letter queue applies to asynchronous invocations"
    )]
    #[suppress(
        CKV_AWS_117,
        reason = "The function calls only the public S3 API; a VPC would add NAT cost and no isolation"
    )]
    #[suppress(
        CKV_AWS_173,
        reason = "The only environment variable is the bucket name, which is not a secret"
    )]
    pub struct NightlyReport;

    #[output(name = "reportsBucketName", value = Reports.name())]
    pub struct ReportsBucketName;

    #[output(name = "reportFunctionName", value = NightlyReport.name())]
    pub struct ReportFunctionName;

    #[output(name = "reportFunctionArn", value = NightlyReport.arn())]
    pub struct ReportFunctionArn;
}
