//! Drift, end to end through `cicd-stack` against the local endpoint:
//! resources changed through their own services' APIs (never through
//! CloudFormation) are reported by `drift` per property with both values
//! and exit 2; `deploy --revert-drift` puts them back, after which `drift`
//! exits 0.

use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::{Value, json};

use crate::cli::Cli;
use crate::folders::out_dir;
use crate::readback::output;

const BUILD_LOGS: &str = "/aws/codebuild/docker-build-project";

#[test]
fn drift_reports_out_of_band_changes_and_revert_drift_puts_them_back() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("drift"));

    // No stack yet: one line, exit 1.
    let missing = cli.run(&["drift"]);
    assert_eq!(missing.code, Some(1), "{missing:#?}");
    assert!(
        missing.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("stack cicd-pipeline is not deployed here"),
        "{missing:#?}"
    );

    cli.run(&["bootstrap"]).expect_ok();
    let created = cli.deploy_ok(&[], "Created", "CREATE_COMPLETE");
    let bucket = output(&created, "artifactBucketName").to_owned();

    let in_sync = cli.run(&["drift"]);
    assert_eq!(in_sync.code, Some(0), "{in_sync:#?}");
    let report = in_sync.json();
    assert_eq!(report["stack_drift_status"], "IN_SYNC", "{report:#}");
    assert_eq!(report["drifted"], json!([]));

    // Out of band: 7-day logs kept 30 days, the bucket's versioning suspended.
    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());
    rt.block_on(async {
        aws_sdk_cloudwatchlogs::Client::new(&sdk)
            .put_retention_policy()
            .log_group_name(BUILD_LOGS)
            .retention_in_days(30)
            .send()
            .await
            .unwrap();
        s3(&sdk)
            .put_bucket_versioning()
            .bucket(&bucket)
            .versioning_configuration(
                VersioningConfiguration::builder()
                    .status(BucketVersioningStatus::Suspended)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    });

    let drifted = cli.run(&["drift"]);
    assert_eq!(drifted.code, Some(2), "{drifted:#?}");
    let report = drifted.json();
    assert_eq!(report["stack_drift_status"], "DRIFTED", "{report:#}");
    let ids: Vec<&str> = report["drifted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["logical_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["Artifacts", "BuildLogs"], "{report:#}");
    assert_eq!(
        property(&report, "BuildLogs"),
        json!([{"path": "RetentionInDays", "expected": 7, "actual": 30, "difference": "NOT_EQUAL"}])
    );
    assert_eq!(
        property(&report, "Artifacts"),
        json!([{"path": "VersioningConfiguration.Status", "expected": "Enabled",
                "actual": "Suspended", "difference": "NOT_EQUAL"}])
    );
    // The same layout as `diff`, on stderr.
    for line in [
        "  [~] Drifted  AWS::Logs::LogGroup              BuildLogs",
        "        ~ RetentionInDays: 7 -> 30",
        "  [~] Drifted  AWS::S3::Bucket                  Artifacts",
        "        ~ VersioningConfiguration.Status: \"Enabled\" -> \"Suspended\"",
    ] {
        assert!(
            drifted.stderr.lines().any(|l| l == line),
            "no line {line:?} in:\n{}",
            drifted.stderr
        );
    }

    // SARIF for CI: one result per drifted property.
    let sarif = cli.run(&["drift", "--format", "sarif"]);
    assert_eq!(sarif.code, Some(2), "{sarif:#?}");
    let sarif = sarif.json();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{sarif:#}");
    assert!(
        results.iter().any(|r| r["message"]["text"]
            == "BuildLogs (AWS::Logs::LogGroup) RetentionInDays: the template sets 7, the resource has 30"),
        "{sarif:#}"
    );

    // A plain deploy changes nothing here (the code did not change), so
    // the drift stays; --check-drift says so before the deploy.
    let checked = cli.deploy_ok(&["--check-drift"], "NoChanges", "CREATE_COMPLETE");
    assert_eq!(checked["drift"]["put_back"], json!([]), "{checked:#}");
    let stays: Vec<&str> = checked["drift"]["stays_drifted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["logical_id"].as_str().unwrap())
        .collect();
    assert_eq!(stays, ["Artifacts", "BuildLogs"], "{checked:#}");
    assert!(
        checked["drift"]["stays_drifted"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("--revert-drift"),
        "{checked:#}"
    );
    assert_eq!(cli.run(&["drift"]).code, Some(2));

    // A drift-aware change set puts both back, and says which resources it
    // cannot cover (the local endpoint, like AWS, has no drift detection
    // for every type).
    let reverted = cli.deploy_ok(&["--revert-drift"], "Updated", "UPDATE_COMPLETE");
    assert_eq!(
        reverted["drift"]["put_back"],
        json!(["Artifacts", "BuildLogs"]),
        "{reverted:#}"
    );
    let drift_of = |id: &str| {
        reverted["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["logical_id"] == id)
            .map(|c| c["drift_status"].clone())
    };
    assert_eq!(
        drift_of("BuildLogs"),
        Some(json!("MODIFIED")),
        "{reverted:#}"
    );
    assert_eq!(
        drift_of("Artifacts"),
        Some(json!("MODIFIED")),
        "{reverted:#}"
    );
    assert!(
        reverted["drift"]["unsupported"]
            .as_array()
            .unwrap()
            .contains(&json!("ArtifactsPolicy (AWS::S3::BucketPolicy)")),
        "{reverted:#}"
    );
    let back = cli.run(&["drift"]);
    assert_eq!(back.code, Some(0), "{back:#?}");
    let retention = rt.block_on(async {
        aws_sdk_cloudwatchlogs::Client::new(&sdk)
            .describe_log_groups()
            .log_group_name_prefix(BUILD_LOGS)
            .send()
            .await
            .unwrap()
            .log_groups()[0]
            .retention_in_days()
    });
    assert_eq!(retention, Some(7));
    let versioning = rt.block_on(async {
        s3(&sdk)
            .get_bucket_versioning()
            .bucket(&bucket)
            .send()
            .await
            .unwrap()
            .status()
            .cloned()
    });
    assert_eq!(versioning, Some(BucketVersioningStatus::Enabled));
}

fn property(report: &Value, logical_id: &str) -> Value {
    report["drifted"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["logical_id"] == logical_id)
        .unwrap()["properties"]
        .clone()
}

fn s3(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(true)
            .build(),
    )
}
