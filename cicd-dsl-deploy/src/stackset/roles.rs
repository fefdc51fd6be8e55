//! The two roles of self-managed stack set permissions, each in a stack of
//! its own deployed like the toolkit stack:
//!
//! - the administration role, in the account that owns the stack set:
//!   CloudFormation (`cloudformation.amazonaws.com`) assumes it, and it may
//!   only assume the execution role, in any account;
//! - the execution role, in each target account: it trusts the
//!   administration account, and may manage only the resource types the
//!   stack's template holds (the actions below, per type), plus what
//!   StackSets itself needs to run the instance's stack.
//!
//! Resources stay `*`: physical names are generated per account and Region
//! and unknown before the first deploy, so the scoping is by action.

use serde_json::{Value, json};
use std::collections::BTreeSet;

pub const ADMINISTRATION_ROLE: &str = "AWSCloudFormationStackSetAdministrationRole";
pub const EXECUTION_ROLE: &str = "AWSCloudFormationStackSetExecutionRole";
pub const ADMINISTRATION_STACK: &str = "CicdDslStackSetAdministration";
pub const EXECUTION_STACK: &str = "CicdDslStackSetExecution";

/// The actions CloudFormation's handler for a resource type calls to
/// create, update, read and delete it (after the handlers' `permissions`
/// in the types' resource schemas), tagging included.
pub fn actions_for(resource_type: &str) -> Option<&'static [&'static str]> {
    Some(match resource_type {
        "AWS::S3::Bucket" => &[
            "s3:CreateBucket",
            "s3:DeleteBucket",
            "s3:ListBucket",
            "s3:GetBucket*",
            "s3:PutBucket*",
            "s3:DeleteBucketPolicy",
            "s3:GetEncryptionConfiguration",
            "s3:PutEncryptionConfiguration",
            "s3:GetLifecycleConfiguration",
            "s3:PutLifecycleConfiguration",
            "s3:GetAccelerateConfiguration",
            "s3:PutAccelerateConfiguration",
            "s3:GetReplicationConfiguration",
            "s3:PutReplicationConfiguration",
            "s3:GetAnalyticsConfiguration",
            "s3:PutAnalyticsConfiguration",
            "s3:GetMetricsConfiguration",
            "s3:PutMetricsConfiguration",
            "s3:GetInventoryConfiguration",
            "s3:PutInventoryConfiguration",
            "s3:GetIntelligentTieringConfiguration",
            "s3:PutIntelligentTieringConfiguration",
        ],
        "AWS::S3::BucketPolicy" => &[
            "s3:GetBucketPolicy",
            "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy",
        ],
        "AWS::Logs::LogGroup" => &[
            "logs:CreateLogGroup",
            "logs:DeleteLogGroup",
            "logs:DescribeLogGroups",
            "logs:PutRetentionPolicy",
            "logs:DeleteRetentionPolicy",
            "logs:AssociateKmsKey",
            "logs:DisassociateKmsKey",
            "logs:TagResource",
            "logs:UntagResource",
            "logs:ListTagsForResource",
        ],
        "AWS::IAM::Role" => &[
            "iam:CreateRole",
            "iam:DeleteRole",
            "iam:GetRole",
            "iam:UpdateRole",
            "iam:UpdateAssumeRolePolicy",
            "iam:PutRolePolicy",
            "iam:GetRolePolicy",
            "iam:DeleteRolePolicy",
            "iam:ListRolePolicies",
            "iam:AttachRolePolicy",
            "iam:DetachRolePolicy",
            "iam:ListAttachedRolePolicies",
            "iam:TagRole",
            "iam:UntagRole",
            "iam:PassRole",
        ],
        "AWS::IAM::Policy" => &[
            "iam:PutRolePolicy",
            "iam:GetRolePolicy",
            "iam:DeleteRolePolicy",
            "iam:PutUserPolicy",
            "iam:DeleteUserPolicy",
            "iam:PutGroupPolicy",
            "iam:DeleteGroupPolicy",
        ],
        "AWS::Lambda::Function" => &[
            "lambda:CreateFunction",
            "lambda:DeleteFunction",
            "lambda:GetFunction",
            "lambda:GetFunctionConfiguration",
            "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration",
            "lambda:PutFunctionConcurrency",
            "lambda:DeleteFunctionConcurrency",
            "lambda:TagResource",
            "lambda:UntagResource",
            "lambda:ListTags",
            "iam:PassRole",
        ],
        "AWS::Lambda::EventSourceMapping" => &[
            "lambda:CreateEventSourceMapping",
            "lambda:DeleteEventSourceMapping",
            "lambda:GetEventSourceMapping",
            "lambda:UpdateEventSourceMapping",
        ],
        "AWS::Lambda::Permission" => &["lambda:AddPermission", "lambda:RemovePermission"],
        "AWS::ECR::Repository" => &[
            "ecr:CreateRepository",
            "ecr:DeleteRepository",
            "ecr:DescribeRepositories",
            "ecr:PutLifecyclePolicy",
            "ecr:DeleteLifecyclePolicy",
            "ecr:GetLifecyclePolicy",
            "ecr:PutImageScanningConfiguration",
            "ecr:PutImageTagMutability",
            "ecr:SetRepositoryPolicy",
            "ecr:DeleteRepositoryPolicy",
            "ecr:TagResource",
            "ecr:UntagResource",
            "ecr:ListTagsForResource",
        ],
        "AWS::Events::Rule" => &[
            "events:PutRule",
            "events:DeleteRule",
            "events:DescribeRule",
            "events:EnableRule",
            "events:DisableRule",
            "events:PutTargets",
            "events:RemoveTargets",
            "events:ListTargetsByRule",
            "iam:PassRole",
        ],
        "AWS::SQS::Queue" => &[
            "sqs:CreateQueue",
            "sqs:DeleteQueue",
            "sqs:GetQueueUrl",
            "sqs:GetQueueAttributes",
            "sqs:SetQueueAttributes",
            "sqs:TagQueue",
            "sqs:UntagQueue",
            "sqs:ListQueueTags",
        ],
        "AWS::SNS::Topic" => &[
            "sns:CreateTopic",
            "sns:DeleteTopic",
            "sns:GetTopicAttributes",
            "sns:SetTopicAttributes",
            "sns:Subscribe",
            "sns:Unsubscribe",
            "sns:ListSubscriptionsByTopic",
            "sns:TagResource",
            "sns:UntagResource",
            "sns:ListTagsForResource",
        ],
        "AWS::CloudWatch::Alarm" => &[
            "cloudwatch:PutMetricAlarm",
            "cloudwatch:DeleteAlarms",
            "cloudwatch:DescribeAlarms",
            "cloudwatch:TagResource",
            "cloudwatch:UntagResource",
            "cloudwatch:ListTagsForResource",
        ],
        "AWS::DynamoDB::Table" => &[
            "dynamodb:CreateTable",
            "dynamodb:DeleteTable",
            "dynamodb:DescribeTable",
            "dynamodb:UpdateTable",
            "dynamodb:DescribeContinuousBackups",
            "dynamodb:UpdateContinuousBackups",
            "dynamodb:DescribeTimeToLive",
            "dynamodb:UpdateTimeToLive",
            "dynamodb:TagResource",
            "dynamodb:UntagResource",
            "dynamodb:ListTagsOfResource",
        ],
        "AWS::CodeBuild::Project" => &[
            "codebuild:CreateProject",
            "codebuild:DeleteProject",
            "codebuild:UpdateProject",
            "codebuild:BatchGetProjects",
            "iam:PassRole",
        ],
        "AWS::CodePipeline::Pipeline" => &[
            "codepipeline:CreatePipeline",
            "codepipeline:DeletePipeline",
            "codepipeline:GetPipeline",
            "codepipeline:UpdatePipeline",
            "codepipeline:GetPipelineState",
            "codepipeline:TagResource",
            "codepipeline:UntagResource",
            "codepipeline:ListTagsForResource",
            "iam:PassRole",
        ],
        _ => return None,
    })
}

/// What StackSets needs in a target account whatever the stack holds: to
/// run the instance's stack (named `StackSet-<set>-<id>`) and read its
/// template. AWS documents cloudformation, s3 and sns as the minimum of an
/// execution role; s3 and sns are narrowed here to reading an object and
/// publishing stack notifications.
const STACKSETS_OWN: &[&str] = &["cloudformation:*", "s3:GetObject", "sns:Publish"];

/// The resource types a template's `Resources` declare.
pub fn resource_types(template: &Value) -> BTreeSet<String> {
    template["Resources"]
        .as_object()
        .into_iter()
        .flat_map(|resources| resources.values())
        .filter_map(|resource| resource["Type"].as_str().map(str::to_owned))
        .collect()
}

/// The administration role's stack: assumed by CloudFormation, allowed to
/// assume `execution_role` in any account and nothing else.
pub fn administration_template(execution_role: &str) -> String {
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "cicd-dsl: the StackSets administration role (self-managed permissions)",
        "Resources": {
            "AdministrationRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": ADMINISTRATION_ROLE,
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"Service": "cloudformation.amazonaws.com"},
                            "Action": "sts:AssumeRole"
                        }]
                    },
                    "Policies": [{
                        "PolicyName": "AssumeExecutionRole",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [{
                                "Effect": "Allow",
                                "Action": "sts:AssumeRole",
                                "Resource": {"Fn::Sub": format!("arn:${{AWS::Partition}}:iam::*:role/{execution_role}")}
                            }]
                        }
                    }]
                }
            }
        },
        "Outputs": {"AdministrationRoleArn": {"Value": {"Fn::GetAtt": ["AdministrationRole", "Arn"]}}}
    });
    serde_json::to_string_pretty(&template).expect("a json! value always serializes")
}

/// The execution role's stack for a stack whose template holds `types`;
/// also the types no action list is known for (the caller refuses them).
pub fn execution_template(
    administration_account: &str,
    types: &BTreeSet<String>,
) -> Result<String, Vec<String>> {
    let unknown: Vec<String> = types
        .iter()
        .filter(|t| actions_for(t).is_none())
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let actions: BTreeSet<&str> = types
        .iter()
        .flat_map(|t| actions_for(t).unwrap_or_default().iter().copied())
        .chain(STACKSETS_OWN.iter().copied())
        .collect();
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "cicd-dsl: the StackSets execution role (self-managed permissions), scoped to the stack's resource types",
        "Resources": {
            "ExecutionRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": EXECUTION_ROLE,
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"AWS": {"Fn::Sub": format!("arn:${{AWS::Partition}}:iam::{administration_account}:root")}},
                            "Action": "sts:AssumeRole"
                        }]
                    },
                    "Policies": [{
                        "PolicyName": "StackResourceTypes",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [{
                                "Effect": "Allow",
                                "Action": actions.into_iter().collect::<Vec<_>>(),
                                "Resource": "*"
                            }]
                        }
                    }]
                }
            }
        },
        "Outputs": {"ExecutionRoleArn": {"Value": {"Fn::GetAtt": ["ExecutionRole", "Arn"]}}}
    });
    Ok(serde_json::to_string_pretty(&template).expect("a json! value always serializes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPES: &[&str] = &[
        "AWS::S3::Bucket",
        "AWS::S3::BucketPolicy",
        "AWS::Logs::LogGroup",
        "AWS::IAM::Role",
        "AWS::IAM::Policy",
        "AWS::Lambda::Function",
        "AWS::Lambda::EventSourceMapping",
        "AWS::Lambda::Permission",
        "AWS::ECR::Repository",
        "AWS::Events::Rule",
        "AWS::SQS::Queue",
        "AWS::SNS::Topic",
        "AWS::CloudWatch::Alarm",
        "AWS::DynamoDB::Table",
        "AWS::CodeBuild::Project",
        "AWS::CodePipeline::Pipeline",
    ];

    #[test]
    fn every_listed_action_is_a_real_iam_action() {
        for resource_type in TYPES {
            for action in actions_for(resource_type).unwrap() {
                assert!(
                    !cicd_dsl_iam::expand_wildcard(action).is_empty(),
                    "{resource_type}: {action} names no IAM action"
                );
            }
        }
    }

    #[test]
    fn the_execution_role_holds_only_the_templates_types() {
        let types: BTreeSet<String> = ["AWS::Logs::LogGroup".to_owned()].into();
        let body: Value =
            serde_json::from_str(&execution_template("111111111111", &types).unwrap()).unwrap();
        let role = &body["Resources"]["ExecutionRole"]["Properties"];
        assert_eq!(role["RoleName"], EXECUTION_ROLE);
        assert_eq!(
            role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"]["Fn::Sub"],
            "arn:${AWS::Partition}:iam::111111111111:root"
        );
        let actions = role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"]
            .as_array()
            .unwrap();
        assert!(actions.contains(&json!("logs:CreateLogGroup")));
        assert!(actions.iter().all(|a| {
            let a = a.as_str().unwrap();
            a.starts_with("logs:") || STACKSETS_OWN.contains(&a)
        }));
    }

    #[test]
    fn a_type_without_an_action_list_is_named() {
        let types: BTreeSet<String> =
            ["AWS::Foo::Bar".to_owned(), "AWS::SQS::Queue".to_owned()].into();
        assert_eq!(
            execution_template("111111111111", &types).unwrap_err(),
            ["AWS::Foo::Bar"]
        );
    }

    #[test]
    fn resource_types_are_read_from_the_template() {
        let template = json!({"Resources": {"A": {"Type": "AWS::S3::Bucket"}, "B": {"Type": "AWS::S3::Bucket"}, "C": {"Type": "AWS::SQS::Queue"}}});
        assert_eq!(
            resource_types(&template).into_iter().collect::<Vec<_>>(),
            ["AWS::S3::Bucket", "AWS::SQS::Queue"]
        );
    }
}
