"""Small CloudFormation templates that use our resource types with the
properties the cicd stack relies on."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from typing import Any

TAGS = [{"Key": "Environment", "Value": "production"}, {"Key": "Team", "Value": "devops"}]

LIFECYCLE_TEXT = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "description": "Keep last 10 images",
                "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10},
                "action": {"type": "expire"},
            }
        ]
    }
)

BUILD_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {
            "Effect": "Allow",
            "Action": ["ecr:PutImage", "ecr:BatchGetImage"],
            "Resource": {"Fn::GetAtt": ["Images", "Arn"]},
        },
    ],
}


def trust(service: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ],
    }


def lambda_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()


# The pipeline's source: `source.zip` in the artifact bucket, picked up by
# the EventBridge rule rather than by polling.
SOURCE_ACTION_CONFIGURATION = {
    "S3Bucket": {"Ref": "Artifacts"},
    "S3ObjectKey": "source.zip",
    "PollForSourceChanges": "false",
}

# The category each AWS-owned action provider the pipeline uses belongs to.
_ACTION_CATEGORY = {"S3": "Source", "CodeBuild": "Build", "Lambda": "Invoke"}


def action(name: str, provider: str, configuration: dict[str, Any], **artifacts: Any) -> dict[str, Any]:
    """A pipeline action of an AWS-owned provider (version 1); `artifacts`
    are its InputArtifacts / OutputArtifacts."""
    return {
        "Name": name,
        "ActionTypeId": {"Category": _ACTION_CATEGORY[provider], "Owner": "AWS", "Provider": provider, "Version": "1"},
        "Configuration": configuration,
        **artifacts,
    }


def stage(name: str, *actions: dict[str, Any]) -> dict[str, Any]:
    return {"Name": name, "Actions": list(actions)}


def pipeline_stack(code_bucket: str = "assets-bucket") -> dict[str, Any]:
    """The shape of the cicd stack: bucket -> pipeline -> build + function,
    and an EventBridge rule that starts the pipeline."""
    return copy.deepcopy(
        {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {
                "Artifacts": {
                    "Type": "AWS::S3::Bucket",
                    "DeletionPolicy": "Retain",
                    "UpdateReplacePolicy": "Retain",
                    "Properties": {
                        "VersioningConfiguration": {"Status": "Enabled"},
                        "LifecycleConfiguration": {
                            "Rules": [
                                {
                                    "Id": "expire",
                                    "Status": "Enabled",
                                    "ExpirationInDays": 30,
                                    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                                }
                            ]
                        },
                        "PublicAccessBlockConfiguration": {
                            "BlockPublicAcls": True,
                            "BlockPublicPolicy": True,
                            "IgnorePublicAcls": True,
                            "RestrictPublicBuckets": True,
                        },
                        "BucketEncryption": {
                            "ServerSideEncryptionConfiguration": [
                                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                            ]
                        },
                        "NotificationConfiguration": {
                            "EventBridgeConfiguration": {"EventBridgeEnabled": True}
                        },
                        "Tags": TAGS,
                    },
                },
                "ArtifactsPolicy": {
                    "Type": "AWS::S3::BucketPolicy",
                    "Properties": {
                        "Bucket": {"Ref": "Artifacts"},
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Sid": "DenyInsecureTransport",
                                    "Effect": "Deny",
                                    "Principal": "*",
                                    "Action": "s3:*",
                                    "Resource": [
                                        {"Fn::GetAtt": ["Artifacts", "Arn"]},
                                        {"Fn::Sub": "${Artifacts.Arn}/*"},
                                    ],
                                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                                }
                            ],
                        },
                    },
                },
                "Images": {
                    "Type": "AWS::ECR::Repository",
                    "DeletionPolicy": "Retain",
                    "Properties": {
                        "RepositoryName": "docker-image-repo",
                        "ImageScanningConfiguration": {"ScanOnPush": True},
                        "ImageTagMutability": "MUTABLE",
                        "LifecyclePolicy": {"LifecyclePolicyText": LIFECYCLE_TEXT},
                        "Tags": TAGS,
                    },
                },
                "BuildLogs": {
                    "Type": "AWS::Logs::LogGroup",
                    "Properties": {
                        "LogGroupName": "/aws/codebuild/docker-build-project",
                        "RetentionInDays": 7,
                        "Tags": TAGS,
                    },
                },
                "FunctionLogs": {
                    "Type": "AWS::Logs::LogGroup",
                    "Properties": {"LogGroupName": "/aws/lambda/tag-production-image", "RetentionInDays": 7},
                },
                "BuildRole": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "AssumeRolePolicyDocument": trust("codebuild.amazonaws.com"),
                        "Policies": [{"PolicyName": "build", "PolicyDocument": BUILD_POLICY}],
                        "Tags": TAGS,
                    },
                },
                "FunctionRole": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {"AssumeRolePolicyDocument": trust("lambda.amazonaws.com")},
                },
                "PipelineRole": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {"AssumeRolePolicyDocument": trust("codepipeline.amazonaws.com")},
                },
                "EventsRole": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "AssumeRolePolicyDocument": trust("events.amazonaws.com"),
                        "Policies": [
                            {
                                "PolicyName": "start",
                                "PolicyDocument": {
                                    "Version": "2012-10-17",
                                    "Statement": [
                                        {
                                            "Effect": "Allow",
                                            "Action": "codepipeline:StartPipelineExecution",
                                            "Resource": {
                                                "Fn::Sub": "arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}"
                                            },
                                        }
                                    ],
                                },
                            }
                        ],
                    },
                },
                "DockerBuild": {
                    "Type": "AWS::CodeBuild::Project",
                    "Properties": {
                        "Name": "docker-build-project",
                        "ServiceRole": {"Fn::GetAtt": ["BuildRole", "Arn"]},
                        "Artifacts": {"Type": "CODEPIPELINE"},
                        "Source": {"Type": "CODEPIPELINE", "BuildSpec": "version: 0.2\nphases:\n  build:\n    commands: [docker build .]\n"},
                        "Environment": {
                            "Type": "LINUX_CONTAINER",
                            "ComputeType": "BUILD_GENERAL1_SMALL",
                            "Image": "aws/codebuild/standard:7.0",
                            "PrivilegedMode": True,
                            "EnvironmentVariables": [
                                {"Name": "REPOSITORY_URI", "Value": {"Fn::GetAtt": ["Images", "RepositoryUri"]}}
                            ],
                        },
                        "LogsConfig": {
                            "CloudWatchLogs": {"Status": "ENABLED", "GroupName": {"Ref": "BuildLogs"}}
                        },
                        "Tags": TAGS,
                    },
                },
                "TagProduction": {
                    "Type": "AWS::Lambda::Function",
                    "Properties": {
                        "FunctionName": "tag-production-image",
                        "Runtime": "python3.13",
                        "Handler": "index.handler",
                        "Role": {"Fn::GetAtt": ["FunctionRole", "Arn"]},
                        "Code": {"S3Bucket": code_bucket, "S3Key": "function.zip"},
                        "Environment": {"Variables": {"REPOSITORY_NAME": {"Ref": "Images"}}},
                        "LoggingConfig": {"LogGroup": {"Ref": "FunctionLogs"}, "LogFormat": "JSON"},
                        "Tags": TAGS,
                    },
                },
                "Pipeline": {
                    "Type": "AWS::CodePipeline::Pipeline",
                    "Properties": {
                        "Name": "cicd-pipeline",
                        "RoleArn": {"Fn::GetAtt": ["PipelineRole", "Arn"]},
                        "PipelineType": "V2",
                        "ExecutionMode": "QUEUED",
                        "ArtifactStore": {"Type": "S3", "Location": {"Ref": "Artifacts"}},
                        "Stages": [
                            stage(
                                "Source",
                                action("Source", "S3", SOURCE_ACTION_CONFIGURATION, OutputArtifacts=[{"Name": "SourceOutput"}]),
                            ),
                            stage(
                                "Build",
                                action("Build", "CodeBuild", {"ProjectName": {"Ref": "DockerBuild"}}, InputArtifacts=[{"Name": "SourceOutput"}]),
                            ),
                            stage("Deploy", action("TagProduction", "Lambda", {"FunctionName": {"Ref": "TagProduction"}})),
                        ],
                        "Tags": TAGS,
                    },
                },
                "SourceUploaded": {
                    "Type": "AWS::Events::Rule",
                    "Properties": {
                        "EventPattern": {
                            "source": ["aws.s3"],
                            "detail-type": ["Object Created"],
                            "detail": {
                                "bucket": {"name": [{"Ref": "Artifacts"}]},
                                "object": {"key": ["source.zip"]},
                            },
                        },
                        "Targets": [
                            {
                                "Id": "pipeline",
                                "Arn": {"Fn::Sub": "arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}"},
                                "RoleArn": {"Fn::GetAtt": ["EventsRole", "Arn"]},
                            }
                        ],
                    },
                },
            },
            "Outputs": {
                "artifactBucketName": {"Value": {"Ref": "Artifacts"}},
                "ecrRepositoryUrl": {"Value": {"Fn::GetAtt": ["Images", "RepositoryUri"]}},
                "pipelineName": {"Value": {"Ref": "Pipeline"}},
                "codeBuildProjectName": {"Value": {"Ref": "DockerBuild"}},
                "codeBuildProjectArn": {"Value": {"Fn::GetAtt": ["DockerBuild", "Arn"]}},
                "pipelineVersion": {"Value": {"Fn::GetAtt": ["Pipeline", "Version"]}},
            },
        }
    )


def upload_function_code(aws: Any, bucket: str = "assets-bucket") -> None:
    s3 = aws.s3
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="function.zip", Body=lambda_zip())


def deploy_with_change_set(aws: Any, name: str, template: dict[str, Any], kind: str = "CREATE") -> str:
    cfn = aws.cloudformation
    change_set = cfn.create_change_set(
        StackName=name,
        ChangeSetName=f"cs-{kind.lower()}",
        ChangeSetType=kind,
        TemplateBody=json.dumps(template),
        Capabilities=["CAPABILITY_IAM"],
    )
    status = cfn.describe_change_set(ChangeSetName=change_set["Id"])["Status"]
    assert status == "CREATE_COMPLETE", status
    cfn.execute_change_set(ChangeSetName=change_set["Id"])
    return stack_status(aws, name)


def stack_status(aws: Any, name: str) -> str:
    """The status, with the first failure reason appended when there is one
    (so a failing assertion says why)."""
    status = aws.cloudformation.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
    failed = [e for e in events(aws, name) if e["ResourceStatus"].endswith("_FAILED")]
    if failed and status in ("ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED"):
        first = failed[0]
        return f"{status}: {first['LogicalResourceId']} {first.get('ResourceStatusReason')}"
    return status


def outputs(aws: Any, name: str) -> dict[str, str]:
    stack = aws.cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def events(aws: Any, name: str) -> list[dict[str, Any]]:
    """Oldest first."""
    pages = aws.cloudformation.get_paginator("describe_stack_events").paginate(StackName=name)
    found = [e for page in pages for e in page["StackEvents"]]
    return list(reversed(found))


def resource_events(aws: Any, name: str) -> list[tuple[str, str]]:
    return [
        (e["LogicalResourceId"], e["ResourceStatus"])
        for e in events(aws, name)
        if e["ResourceType"] != "AWS::CloudFormation::Stack"
    ]
