//! Bootstrap, content-addressed asset publishing and large templates through
//! S3, against the local endpoint.

use cicd_dsl_deploy::{
    ASSET_MANIFEST_FILE, Confirm, DeployError, DeployRequest, MAX_INLINE_TEMPLATE_BYTES, Reporter,
    Subcommand, asset_bucket_name, bootstrap, deploy, load_asset_manifest,
};
use serde_json::{Value, json};

use crate::app_template::app_template;
use crate::deploying;
use crate::engine;
use crate::readback::{bucket_exists, deployed_template, object_exists, stack_status};

const ACCOUNT: &str = "123456789012";

fn request(stack: &str, template: &Value, assets_dir: Option<&std::path::Path>) -> DeployRequest {
    DeployRequest {
        assets: assets_dir
            .map(|dir| load_asset_manifest(dir).expect("manifest"))
            .unwrap_or_default(),
        ..deploying::request(stack, template, Confirm::Yes)
    }
}

/// Writes one asset file and its manifest the way synth does; returns its hash.
fn write_asset(dir: &std::path::Path, bytes: &[u8]) -> String {
    use sha2::Digest;
    let sha: String = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("function.zip"), bytes).unwrap();
    std::fs::write(
        dir.join(ASSET_MANIFEST_FILE),
        json!({"assets": [{"sha256": sha, "file": "function.zip"}]}).to_string(),
    )
    .unwrap();
    sha
}

fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cicd-deploy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn assets_need_bootstrap_then_upload_once() {
    let (_endpoint, clients) = engine::start().await;
    let quiet = Reporter::quiet();
    let dir = scratch_dir("assets");
    let sha = write_asset(&dir, b"PK\x03\x04 pretend this is a zip");
    let template = app_template("asset-user", "v1");

    let err = deploy(&clients, &request("app", &template, Some(&dir)), &quiet)
        .await
        .expect_err("no toolkit stack yet");
    assert!(
        matches!(err, DeployError::NotBootstrapped { .. }),
        "{err:?}"
    );
    assert!(
        err.message(&Subcommand).contains("run `bootstrap` first"),
        "{err}"
    );
    assert_eq!(stack_status(&clients, "app").await, None);

    let booted = bootstrap(&clients, &quiet).await.expect("bootstrap");
    let bucket = asset_bucket_name(ACCOUNT, "us-east-1");
    assert_eq!(booted.bucket, bucket);
    assert!(bucket_exists(&clients, &bucket).await);
    // Plain moto stores but does not apply AWS::S3::BucketPolicy, so check
    // what CloudFormation was given.
    let toolkit = deployed_template(&clients, "CicdDslToolkit").await;
    let policy = &toolkit["Resources"]["AssetBucketPolicy"]["Properties"]["PolicyDocument"];
    assert_eq!(
        policy["Statement"][0]["Condition"]["Bool"]["aws:SecureTransport"],
        json!("false")
    );
    let second = bootstrap(&clients, &quiet).await.expect("bootstrap again");
    assert_eq!(
        second.deploy.status,
        cicd_dsl_deploy::DeployStatus::NoChanges
    );

    let first = deploy(&clients, &request("app", &template, Some(&dir)), &quiet)
        .await
        .expect("deploy with an asset");
    let key = format!("assets/{sha}.zip");
    assert_eq!(first.assets.uploaded, vec![key.clone()]);
    assert!(first.assets.already_present.is_empty());
    assert!(object_exists(&clients, &bucket, &key).await);

    let changed = app_template("asset-user", "v2");
    let second = deploy(&clients, &request("app", &changed, Some(&dir)), &quiet)
        .await
        .expect("deploy again");
    assert!(second.assets.uploaded.is_empty(), "{:?}", second.assets);
    assert_eq!(second.assets.already_present, vec![key.clone()]);
    assert_eq!(second.api_calls.count("s3:PutObject"), 0);

    let noop = deploy(&clients, &request("app", &changed, Some(&dir)), &quiet)
        .await
        .expect("no-op with an asset");
    assert_eq!(noop.status, cicd_dsl_deploy::DeployStatus::NoChanges);
    assert!(
        noop.api_calls.service_total("cloudformation") <= 4,
        "{:?}",
        noop.api_calls
    );
    assert_eq!(
        noop.api_calls.service_total("s3"),
        1,
        "one check per asset: {:?}",
        noop.api_calls
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stale_asset_hash_is_refused_before_upload() {
    let (_endpoint, clients) = engine::start().await;
    let quiet = Reporter::quiet();
    bootstrap(&clients, &quiet).await.expect("bootstrap");
    let dir = scratch_dir("stale");
    write_asset(&dir, b"old bytes");
    std::fs::write(dir.join("function.zip"), b"rebuilt bytes").unwrap();
    let err = deploy(
        &clients,
        &request("app", &app_template("stale", "v1"), Some(&dir)),
        &quiet,
    )
    .await
    .expect_err("hash mismatch");
    assert!(err.to_string().contains("run synth again"), "{err}");
    assert_eq!(stack_status(&clients, "app").await, None);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_template_over_the_inline_limit_goes_through_s3() {
    let (_endpoint, clients) = engine::start().await;
    let quiet = Reporter::quiet();
    let mut template = app_template("large-template", "v1");
    // Metadata is carried in the template but creates nothing.
    template["Resources"]["Data"]["Metadata"] =
        json!({"Padding": "x".repeat(MAX_INLINE_TEMPLATE_BYTES)});
    assert!(serde_json::to_string(&template).unwrap().len() > MAX_INLINE_TEMPLATE_BYTES);

    let err = deploy(&clients, &request("big", &template, None), &quiet)
        .await
        .expect_err("large templates need the bootstrap bucket");
    assert!(
        matches!(err, DeployError::NotBootstrapped { .. }),
        "{err:?}"
    );

    bootstrap(&clients, &quiet).await.expect("bootstrap");
    let outcome = deploy(&clients, &request("big", &template, None), &quiet)
        .await
        .expect("deploy through S3");
    let bucket = asset_bucket_name(ACCOUNT, "us-east-1");
    let url = outcome.template_url.expect("a TemplateURL was used");
    assert!(
        url.starts_with(&format!(
            "https://{bucket}.s3.us-east-1.amazonaws.com/templates/big-"
        )),
        "{url}"
    );
    let key = url.split(".amazonaws.com/").nth(1).unwrap();
    assert!(object_exists(&clients, &bucket, key).await);
    assert_eq!(
        outcome.stack_status.as_ref().map(|s| s.as_str()),
        Some("CREATE_COMPLETE")
    );
    assert!(bucket_exists(&clients, "large-template").await);
}
