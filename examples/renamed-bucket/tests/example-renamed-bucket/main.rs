//! A bucket renamed in the code keeps its objects: deployed as `Artifacts`,
//! an object put in it, then the code renames the item `Store` with
//! `#[moved(from = Artifacts)]`; `diff` and `deploy` say it is moved, not
//! replaced, and afterwards the stack holds the same bucket under `Store`
//! with the object still in it. The same rename without `#[moved]` is
//! refused by the stateful guard, which names the attribute.
//!
//! Everything runs through this example's own binary with `--local`, as a
//! user runs it; the code's versions are chosen with
//! `RENAMED_BUCKET_VERSION` (see the crate docs).

use std::collections::BTreeMap;

use cicd_dsl_tests::clients::{runtime, sdk_config};
use cicd_dsl_tests::local_run::LocalRun;
use serde_json::Value;

const STACK: &str = "renamed-bucket";

fn version(v: &'static str) -> [(&'static str, &'static str); 1] {
    [("RENAMED_BUCKET_VERSION", v)]
}

#[test]
fn a_bucket_renamed_with_moved_keeps_its_objects() {
    let local = cicd_dsl_tests::local_run!("example-renamed-bucket", "renamed-bucket");
    let (started, _) = local.ok(&["local", "start"]);
    let endpoint = started["endpoint"]
        .as_str()
        .expect("the endpoint")
        .to_owned();
    let rt = runtime();
    let sdk = rt.block_on(sdk_config(&endpoint));
    let cfn = aws_sdk_cloudformation::Client::new(&sdk);
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    );

    let (created, _) = ok(&local, "before", &["deploy", "--local", "--yes"]);
    assert_eq!(created["status"], "Created", "{created:#}");
    let bucket = created["outputs"]["bucketName"]
        .as_str()
        .unwrap()
        .to_owned();
    rt.block_on(async {
        s3.put_object()
            .bucket(&bucket)
            .key("build/42.zip")
            .body(b"artifact 42".to_vec().into())
            .send()
            .await
            .unwrap();
    });
    assert_eq!(held(&rt, &cfn).get("Artifacts"), Some(&bucket));

    // Without #[moved] the rename is delete-plus-create: refused, with the
    // attribute named, and nothing changes.
    let (refused, json, stderr) =
        local.run_with_env(&["deploy", "--local", "--yes"], &version("renamed-only"));
    assert!(!refused, "{json:#}\n{stderr}");
    let error = json["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("Store looks like Artifacts renamed")
            && error.contains("add `#[moved(from = Artifacts)]` to Store"),
        "{error}"
    );
    assert_eq!(held(&rt, &cfn).get("Artifacts"), Some(&bucket));

    // diff shows the move and nothing deploy would refuse.
    let (diffed, stderr) = ok(&local, "after", &["diff", "--local"]);
    assert!(
        stderr.contains("renamed Artifacts -> Store (AWS::S3::Bucket; moved, not replaced)"),
        "{stderr}"
    );
    assert!(!stderr.contains("deploy would refuse"), "{stderr}");
    assert_eq!(diffed["diff"]["counts"]["refused"], 0, "{diffed:#}");

    let (moved, stderr) = ok(&local, "after", &["deploy", "--local", "--yes"]);
    assert!(
        stderr.contains("renamed Artifacts -> Store (AWS::S3::Bucket; moved, not replaced)"),
        "{stderr}"
    );
    assert_eq!(
        moved["moved"],
        serde_json::json!([
            {"from": "Artifacts", "to": "Store", "resource_type": "AWS::S3::Bucket"},
            {"from": "ArtifactsPolicy", "to": "StorePolicy", "resource_type": "AWS::S3::BucketPolicy"}
        ]),
        "the bucket's TLS-only policy, named after the item, moves with it: {moved:#}"
    );
    assert_eq!(
        moved["outputs"]["bucketName"],
        bucket.as_str(),
        "the same bucket"
    );
    let after = held(&rt, &cfn);
    assert_eq!(after.get("Store"), Some(&bucket), "{after:?}");
    assert!(!after.contains_key("Artifacts"), "{after:?}");
    let policy = rt.block_on(s3.get_bucket_policy().bucket(&bucket).send());
    assert!(policy.is_ok(), "the bucket keeps its policy: {policy:?}");
    rt.block_on(async {
        let object = s3
            .get_object()
            .bucket(&bucket)
            .key("build/42.zip")
            .send()
            .await
            .expect("the object is still there");
        let body = object.body.collect().await.unwrap().into_bytes();
        assert_eq!(&body[..], b"artifact 42");
    });

    // Moved once: the next deploy of the same code has nothing to move.
    let (again, _) = ok(&local, "after", &["deploy", "--local", "--yes"]);
    assert_eq!(again["moved"], Value::Array(Vec::new()), "{again:#}");
    assert_eq!(held(&rt, &cfn).get("Store"), Some(&bucket));
}

fn ok(local: &LocalRun, v: &'static str, args: &[&str]) -> (Value, String) {
    let (success, json, stderr) = local.run_with_env(args, &version(v));
    assert!(success, "{v}: {args:?} failed: {json:#}\n{stderr}");
    (json, stderr)
}

/// Logical id -> physical id of the stack's resources.
fn held(
    rt: &tokio::runtime::Runtime,
    cfn: &aws_sdk_cloudformation::Client,
) -> BTreeMap<String, String> {
    let listed = rt
        .block_on(cfn.list_stack_resources().stack_name(STACK).send())
        .unwrap();
    listed
        .stack_resource_summaries()
        .iter()
        .map(|r| {
            (
                r.logical_resource_id().unwrap_or_default().to_owned(),
                r.physical_resource_id().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}
