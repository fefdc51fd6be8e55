//! Code assets of a stack set: a function built from a cargo package must
//! find its zip in every target account and Region.
//!
//! Lambda fetches a function's code, with the credentials of whoever
//! creates it (here the execution role in the target account), from a
//! bucket in the function's own Region, which may belong to another
//! account if its policy lets the function's account read it. So the
//! administration account holds one asset bucket per target Region,
//! `cicd-dsl-stackset-assets-<admin>-<region>` (`bootstrap --stackset-admin`
//! deploys each in a stack of its own, granting the target accounts
//! `s3:GetObject` on its assets), `stackset deploy` uploads the zips to each
//! with the administration account's own credentials, and the stack set's
//! template names the bucket as `cicd-dsl-stackset-assets-<admin>-${AWS::Region}`,
//! which every stack instance resolves in its own Region. Nothing needs
//! credentials of the target accounts.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Value, json};

use crate::assets::{AssetReport, LocalAsset, publish_assets};
use crate::aws::AwsClients;
use crate::confirm::Confirm;
use crate::deploy::{DeployOutcome, DeployRequest, deploy};
use crate::error::DeployError;
use crate::reporter::Reporter;
use crate::stack_state::describe_stack;
use crate::status::Status;
use cicd_dsl_core::synth::ASSET_BUCKET_SUB;

/// The stack holding a Region's stack set asset bucket, in the
/// administration account.
pub const ASSETS_STACK: &str = "CicdDslStackSetAssets";
/// Outputs of that stack: the bucket, and the accounts it lets read.
const BUCKET_OUTPUT: &str = "AssetBucketName";
const READERS_OUTPUT: &str = "ReaderAccounts";

/// The stack set asset bucket of `admin_account` in `region`.
pub fn stackset_asset_bucket(admin_account: &str, region: &str) -> String {
    format!("cicd-dsl-stackset-assets-{admin_account}-{region}")
}

/// The bucket as the stack set's template names it: resolved by each
/// stack instance in its own Region.
fn bucket_sub(admin_account: &str) -> String {
    format!("cicd-dsl-stackset-assets-{admin_account}-${{AWS::Region}}")
}

/// The template of one Region's asset bucket: private, encrypted, TLS-only,
/// retained, and readable (`s3:GetObject` on `assets/*` only) by `readers`.
pub fn assets_bucket_template(readers: &BTreeSet<String>) -> String {
    let principals: Vec<String> = readers
        .iter()
        .map(|account| format!("arn:aws:iam::{account}:root"))
        .collect();
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "cicd-dsl: the code assets of stack sets, read by their target accounts in this Region",
        "Resources": {
            "AssetBucket": {
                "Type": "AWS::S3::Bucket",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {
                    "BucketName": {"Fn::Sub": "cicd-dsl-stackset-assets-${AWS::AccountId}-${AWS::Region}"},
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
                        "Statement": [
                            {
                                "Sid": "TargetAccountsReadAssets",
                                "Effect": "Allow",
                                "Principal": {"AWS": principals},
                                "Action": "s3:GetObject",
                                "Resource": {"Fn::Sub": "${AssetBucket.Arn}/assets/*"}
                            },
                            {
                                "Sid": "DenyInsecureTransport",
                                "Effect": "Deny",
                                "Principal": "*",
                                "Action": "s3:*",
                                "Resource": [
                                    {"Fn::GetAtt": ["AssetBucket", "Arn"]},
                                    {"Fn::Sub": "${AssetBucket.Arn}/*"}
                                ],
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
                            }
                        ]
                    }
                }
            }
        },
        "Outputs": {
            BUCKET_OUTPUT: {"Value": {"Ref": "AssetBucket"}},
            READERS_OUTPUT: {"Value": readers.iter().cloned().collect::<Vec<_>>().join(",")}
        }
    });
    serde_json::to_string_pretty(&template).expect("a json! value always serializes")
}

/// A Region's asset bucket stack as deployed: its bucket and readers.
struct RegionBucket {
    bucket: String,
    readers: BTreeSet<String>,
}

async fn deployed_bucket(regional: &AwsClients) -> Result<Option<RegionBucket>, DeployError> {
    let stack = describe_stack(&regional.cloudformation, ASSETS_STACK).await?;
    Ok(stack
        .filter(|s| {
            !matches!(
                s.status,
                Status::ReviewInProgress
                    | Status::RollbackComplete
                    | Status::RollbackFailed
                    | Status::DeleteComplete
            )
        })
        .and_then(|s| {
            Some(RegionBucket {
                bucket: s.outputs.get(BUCKET_OUTPUT)?.clone(),
                readers: s
                    .outputs
                    .get(READERS_OUTPUT)
                    .map(|list| {
                        list.split(',')
                            .filter(|a| !a.is_empty())
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        }))
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionAssetBucket {
    pub region: String,
    pub bucket: String,
    /// Every account the bucket lets read, after this bootstrap.
    pub readers: Vec<String>,
    pub deploy: DeployOutcome,
}

/// `bootstrap --stackset-admin` for a stack with code assets: in each of
/// `regions`, the asset bucket stack, readable by `accounts` and by every
/// account an earlier bootstrap granted (grants are only ever added, so
/// one administration account can serve stack sets of different targets).
pub async fn bootstrap_asset_buckets(
    clients: &AwsClients,
    regions: &[String],
    accounts: &[String],
    reporter: &Reporter,
) -> Result<Vec<RegionAssetBucket>, DeployError> {
    let mut made = Vec::new();
    for region in regions {
        let regional = clients.in_region(region);
        let mut readers: BTreeSet<String> = accounts.iter().cloned().collect();
        if let Some(existing) = deployed_bucket(&regional).await? {
            readers.extend(existing.readers);
        }
        let request = DeployRequest {
            stack_name: ASSETS_STACK.to_owned(),
            template_body: assets_bucket_template(&readers),
            assets: Vec::new(),
            tags: Default::default(),
            allow_replace: Vec::new(),
            // Bootstrapping is itself the explicit request; the stateful
            // guard still refuses anything that would replace the bucket.
            require_approval: crate::RequireApproval::Never,
            confirm: Confirm::Yes,
            change_set: Default::default(),
            drift: Default::default(),
        };
        let outcome = deploy(&regional, &request, reporter).await?;
        let bucket = match outcome.outputs.get(BUCKET_OUTPUT) {
            Some(bucket) => bucket.clone(),
            None => stackset_asset_bucket(&crate::caller_account(clients).await?, region),
        };
        made.push(RegionAssetBucket {
            region: region.clone(),
            bucket,
            readers: readers.into_iter().collect(),
            deploy: outcome,
        });
    }
    Ok(made)
}

/// What `stackset deploy` uploaded, per target Region.
#[derive(Debug, Clone, Serialize)]
pub struct RegionAssets {
    pub region: String,
    #[serde(flatten)]
    pub report: AssetReport,
}

/// Uploads `assets` to the stack set asset bucket of every target Region
/// (a key already there is skipped: keys are content hashes). Refused
/// before any upload when a Region has no bucket, or its bucket does not
/// let a target account read: that instance's function could not be
/// created.
pub async fn publish_to_regions(
    clients: &AwsClients,
    regions: &[String],
    accounts: &[String],
    assets: &[LocalAsset],
    reporter: &Reporter,
) -> Result<Vec<RegionAssets>, DeployError> {
    let mut ready = Vec::new();
    for region in regions {
        let regional = clients.in_region(region);
        let Some(found) = deployed_bucket(&regional).await? else {
            return Err(DeployError::StackSetAssets(format!(
                "the stack's code assets need a stack set asset bucket in every target region, and {region} has none (stack {ASSETS_STACK}); run `bootstrap --stackset-admin` with the stack set's targets first"
            )));
        };
        let unreadable: Vec<&str> = accounts
            .iter()
            .filter(|a| !found.readers.contains(*a))
            .map(String::as_str)
            .collect();
        if !unreadable.is_empty() {
            return Err(DeployError::StackSetAssets(format!(
                "the asset bucket {} in {region} does not let account {} read the code; run `bootstrap --stackset-admin` with the stack set's targets again",
                found.bucket,
                unreadable.join(", ")
            )));
        }
        ready.push((region, regional, found.bucket));
    }
    let mut published = Vec::new();
    for (region, regional, bucket) in ready {
        let report = publish_assets(&regional, &bucket, assets, reporter).await?;
        published.push(RegionAssets {
            region: region.clone(),
            report,
        });
    }
    Ok(published)
}

/// The template as the stack set deploys it: every function's code bucket
/// (`cicd-dsl-assets-${AWS::AccountId}-${AWS::Region}`, the instance's own
/// account) becomes the administration account's stack set asset bucket
/// of the instance's Region.
pub fn template_for_stack_set(template_body: &str, admin_account: &str) -> String {
    let Ok(mut template) = serde_json::from_str::<Value>(template_body) else {
        return template_body.to_owned();
    };
    let mut changed = false;
    if let Some(resources) = template.get_mut("Resources").and_then(Value::as_object_mut) {
        for resource in resources.values_mut() {
            if let Some(bucket) = resource.pointer_mut("/Properties/Code/S3Bucket")
                && *bucket == json!({ "Fn::Sub": ASSET_BUCKET_SUB })
            {
                *bucket = json!({ "Fn::Sub": bucket_sub(admin_account) });
                changed = true;
            }
        }
    }
    if !changed {
        return template_body.to_owned();
    }
    serde_json::to_string_pretty(&template).expect("a parsed template serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_bucket_becomes_the_administration_accounts_bucket_of_each_region() {
        let template = json!({"Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {
                "S3Bucket": {"Fn::Sub": ASSET_BUCKET_SUB}, "S3Key": "assets/abc.zip"}}},
            "Inline": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"ZipFile": "x"}}}
        }})
        .to_string();
        let rewritten: Value =
            serde_json::from_str(&template_for_stack_set(&template, "111111111111")).unwrap();
        assert_eq!(
            rewritten["Resources"]["Fn"]["Properties"]["Code"],
            json!({"S3Bucket": {"Fn::Sub": "cicd-dsl-stackset-assets-111111111111-${AWS::Region}"}, "S3Key": "assets/abc.zip"})
        );
        assert_eq!(
            rewritten["Resources"]["Inline"]["Properties"]["Code"],
            json!({"ZipFile": "x"})
        );
        // Without code assets the template is sent as synth wrote it.
        let plain = json!({"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}).to_string();
        assert_eq!(template_for_stack_set(&plain, "111111111111"), plain);
    }

    #[test]
    fn the_bucket_lets_exactly_the_readers_get_assets() {
        let readers: BTreeSet<String> =
            ["222222222222".to_owned(), "333333333333".to_owned()].into();
        let t: Value = serde_json::from_str(&assets_bucket_template(&readers)).unwrap();
        let grant =
            &t["Resources"]["AssetBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0];
        assert_eq!(
            grant["Principal"]["AWS"],
            json!([
                "arn:aws:iam::222222222222:root",
                "arn:aws:iam::333333333333:root"
            ])
        );
        assert_eq!(grant["Action"], "s3:GetObject");
        assert_eq!(grant["Resource"]["Fn::Sub"], "${AssetBucket.Arn}/assets/*");
        assert_eq!(
            t["Outputs"][READERS_OUTPUT]["Value"],
            "222222222222,333333333333"
        );
        assert_eq!(t["Resources"]["AssetBucket"]["DeletionPolicy"], "Retain");
        assert_eq!(
            stackset_asset_bucket("111111111111", "eu-west-1"),
            "cicd-dsl-stackset-assets-111111111111-eu-west-1"
        );
    }
}
