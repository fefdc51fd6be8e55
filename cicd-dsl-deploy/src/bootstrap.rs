//! The toolkit stack that owns the asset bucket.

use serde::Serialize;
use serde_json::json;

use crate::aws::AwsClients;
use crate::confirm::Confirm;
use crate::deploy::{DeployOutcome, DeployRequest, deploy};
use crate::error::DeployError;
use crate::reporter::Reporter;
use crate::stack_state::describe_stack;

/// Name of the stack `bootstrap` deploys.
pub const TOOLKIT_STACK_NAME: &str = "CicdDslToolkit";
/// Output of the toolkit stack that holds the bucket name.
pub const BUCKET_OUTPUT: &str = "AssetBucketName";

/// The bucket name every template and the toolkit agree on.
pub fn asset_bucket_name(account_id: &str, region: &str) -> String {
    format!("cicd-dsl-assets-{account_id}-{region}")
}

/// The toolkit template: one bucket, kept private, TLS-only, versioned,
/// encrypted, and retained if the toolkit stack is ever deleted.
pub fn toolkit_template() -> String {
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "cicd-dsl toolkit: the bucket deploys upload assets and large templates to",
        "Resources": {
            "AssetBucket": {
                "Type": "AWS::S3::Bucket",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {
                    "BucketName": {"Fn::Sub": "cicd-dsl-assets-${AWS::AccountId}-${AWS::Region}"},
                    "VersioningConfiguration": {"Status": "Enabled"},
                    "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]},
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": true,
                        "BlockPublicPolicy": true,
                        "IgnorePublicAcls": true,
                        "RestrictPublicBuckets": true
                    }
                }
            },
            "AssetBucketPolicy": {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": {"Ref": "AssetBucket"},
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Sid": "DenyInsecureTransport",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Action": "s3:*",
                            "Resource": [
                                {"Fn::GetAtt": ["AssetBucket", "Arn"]},
                                {"Fn::Sub": "${AssetBucket.Arn}/*"}
                            ],
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
                        }]
                    }
                }
            }
        },
        "Outputs": {
            BUCKET_OUTPUT: {"Value": {"Ref": "AssetBucket"}}
        }
    });
    serde_json::to_string_pretty(&template).expect("a json! value always serializes")
}

#[derive(Debug, Clone, Serialize)]
pub struct BootstrapOutcome {
    pub bucket: String,
    pub deploy: DeployOutcome,
}

/// Creates or updates the toolkit stack. Running it again is a no-op.
pub async fn bootstrap(
    clients: &AwsClients,
    reporter: &Reporter,
) -> Result<BootstrapOutcome, DeployError> {
    let request = DeployRequest {
        stack_name: TOOLKIT_STACK_NAME.to_owned(),
        template_body: toolkit_template(),
        assets: Vec::new(),
        tags: Default::default(),
        allow_replace: Vec::new(),
        // Bootstrapping is itself the explicit request; the stateful-resource
        // guard still refuses anything that would replace the bucket.
        confirm: Confirm::Yes,
    };
    let outcome = deploy(clients, &request, reporter).await?;
    let bucket = match outcome.outputs.get(BUCKET_OUTPUT) {
        Some(name) => name.clone(),
        None => find_asset_bucket(clients, None).await?,
    };
    reporter.say(&format!("asset bucket: {bucket}"));
    Ok(BootstrapOutcome {
        bucket,
        deploy: outcome,
    })
}

/// The asset bucket for this account and region. The account comes from the
/// target stack's ARN when it exists (no extra call), else from the toolkit
/// stack, whose absence means bootstrap never ran.
pub(crate) async fn find_asset_bucket(
    clients: &AwsClients,
    known_account: Option<&str>,
) -> Result<String, DeployError> {
    if let Some(account) = known_account {
        return Ok(asset_bucket_name(account, &clients.region));
    }
    let toolkit = describe_stack(&clients.cloudformation, TOOLKIT_STACK_NAME).await?;
    let usable = toolkit.filter(|stack| {
        !matches!(
            stack.status.as_str(),
            "REVIEW_IN_PROGRESS" | "ROLLBACK_COMPLETE" | "ROLLBACK_FAILED" | "DELETE_COMPLETE"
        )
    });
    match usable {
        Some(stack) => {
            if let Some(name) = stack.outputs.get(BUCKET_OUTPUT) {
                return Ok(name.clone());
            }
            let account = stack.account_id().ok_or_else(|| {
                DeployError::Config(format!("cannot read the account id from {}", stack.id))
            })?;
            Ok(asset_bucket_name(account, &clients.region))
        }
        None => Err(DeployError::NotBootstrapped {
            bucket: format!("cicd-dsl-assets-<account>-{}", clients.region),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn the_asset_bucket_is_private_encrypted_versioned_and_retained() {
        let t: Value = serde_json::from_str(&toolkit_template()).unwrap();
        let bucket = &t["Resources"]["AssetBucket"];
        assert_eq!(bucket["DeletionPolicy"], "Retain");
        assert_eq!(bucket["UpdateReplacePolicy"], "Retain");
        let props = &bucket["Properties"];
        assert_eq!(props["VersioningConfiguration"]["Status"], "Enabled");
        assert_eq!(
            props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
                ["SSEAlgorithm"],
            "AES256"
        );
        for block in [
            "BlockPublicAcls",
            "BlockPublicPolicy",
            "IgnorePublicAcls",
            "RestrictPublicBuckets",
        ] {
            assert_eq!(
                props["PublicAccessBlockConfiguration"][block], true,
                "{block}"
            );
        }
        assert_eq!(
            props["BucketName"]["Fn::Sub"],
            "cicd-dsl-assets-${AWS::AccountId}-${AWS::Region}"
        );
        let deny =
            &t["Resources"]["AssetBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0];
        assert_eq!(deny["Effect"], "Deny");
        assert_eq!(deny["Condition"]["Bool"]["aws:SecureTransport"], "false");
        assert_eq!(t["Outputs"][BUCKET_OUTPUT]["Value"]["Ref"], "AssetBucket");
        assert_eq!(
            asset_bucket_name("123456789012", "eu-west-1"),
            "cicd-dsl-assets-123456789012-eu-west-1"
        );
    }
}
