//! What the stacks' template tests read the same way in a synthesized
//! template (as JSON): a policy statement's actions, and the bucket every
//! stack that keeps data declares alike.

use serde_json::{Value, json};

/// A policy statement's `Action`: one action as a string, or a list.
pub fn actions(statement: &Value) -> Vec<String> {
    match &statement["Action"] {
        Value::String(one) => vec![one.clone()],
        Value::Array(many) => many
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect(),
        other => panic!("unexpected Action {other}"),
    }
}

/// The bucket keeps its data and shows none of it: retained when the stack
/// deletes or replaces it, versioned, encrypted with AES256, and every
/// kind of public access blocked.
pub fn assert_private_retained_bucket(bucket: &Value) {
    assert_eq!(bucket["DeletionPolicy"], "Retain");
    assert_eq!(bucket["UpdateReplacePolicy"], "Retain");
    let props = &bucket["Properties"];
    assert_eq!(props["VersioningConfiguration"]["Status"], "Enabled");
    assert_eq!(
        props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
            ["SSEAlgorithm"],
        "AES256"
    );
    assert_eq!(
        props["PublicAccessBlockConfiguration"],
        json!({
            "BlockPublicAcls": true,
            "BlockPublicPolicy": true,
            "IgnorePublicAcls": true,
            "RestrictPublicBuckets": true
        })
    );
}

/// The function's properties name exactly `variables` as its environment
/// and the stack's log group `log_group` (a logical id) as where it logs.
pub fn assert_function_env_and_logs(function: &Value, variables: Value, log_group: &str) {
    assert_eq!(function["Environment"]["Variables"], variables);
    assert_eq!(
        function["LoggingConfig"]["LogGroup"],
        json!({ "Ref": log_group })
    );
}

/// The function runs a Cargo-built binary: the OS-only runtime, the
/// `bootstrap` handler, and the code from the asset zip `asset_sha` names.
pub fn assert_cargo_built_function(function: &Value, asset_sha: &str) {
    assert_eq!(function["Runtime"], "provided.al2023");
    assert_eq!(function["Handler"], "bootstrap");
    assert_eq!(
        function["Code"]["S3Key"],
        format!("assets/{asset_sha}.zip"),
        "the asset's zip"
    );
}
