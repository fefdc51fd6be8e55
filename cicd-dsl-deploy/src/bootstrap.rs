//! The toolkit stack that owns the asset bucket.

use serde::Serialize;
use serde_json::json;

use crate::asset_bucket::{BUCKET_OUTPUT, TOOLKIT_STACK_NAME, find_asset_bucket};
use crate::aws::AwsClients;
use crate::confirm::Confirm;
use crate::deploy::{DeployOutcome, DeployRequest, deploy};
use crate::error::DeployError;
use crate::reporter::Reporter;

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
        require_approval: crate::RequireApproval::Never,
        confirm: Confirm::Yes,
        change_set: Default::default(),
        drift: Default::default(),
    };
    let outcome = deploy(clients, &request, reporter).await?;
    let bucket = match outcome.outputs.get(BUCKET_OUTPUT) {
        Some(name) => name.clone(),
        None => find_asset_bucket(clients, None).await?,
    };
    Ok(BootstrapOutcome {
        bucket,
        deploy: outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset_bucket::asset_bucket_name;
    use serde_json::Value;

    #[test]
    fn the_asset_bucket_is_private_encrypted_versioned_and_retained() {
        let t: Value = serde_json::from_str(&toolkit_template()).unwrap();
        let bucket = &t["Resources"]["AssetBucket"];
        for (pointer, expected) in [
            ("/DeletionPolicy", json!("Retain")),
            ("/UpdateReplacePolicy", json!("Retain")),
            (
                "/Properties/VersioningConfiguration/Status",
                json!("Enabled"),
            ),
            (
                "/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm",
                json!("AES256"),
            ),
            (
                "/Properties/PublicAccessBlockConfiguration/BlockPublicAcls",
                json!(true),
            ),
            (
                "/Properties/PublicAccessBlockConfiguration/BlockPublicPolicy",
                json!(true),
            ),
            (
                "/Properties/PublicAccessBlockConfiguration/IgnorePublicAcls",
                json!(true),
            ),
            (
                "/Properties/PublicAccessBlockConfiguration/RestrictPublicBuckets",
                json!(true),
            ),
            (
                "/Properties/BucketName/Fn::Sub",
                json!("cicd-dsl-assets-${AWS::AccountId}-${AWS::Region}"),
            ),
        ] {
            assert_eq!(bucket.pointer(pointer), Some(&expected), "{pointer}");
        }
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
