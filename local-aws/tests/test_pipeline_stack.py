"""A create of the whole pipeline-shaped stack: every resource exists with
every property, read back through each service's own API."""

from __future__ import annotations

import json

import pytest

from templates import (
    BUILD_POLICY,
    LIFECYCLE_TEXT,
    deploy_with_change_set,
    outputs,
    pipeline_stack,
    upload_function_code,
)

STACK = "cicd-pipeline"


@pytest.fixture
def deployed(aws):
    upload_function_code(aws)
    status = deploy_with_change_set(aws, STACK, pipeline_stack())
    assert status == "CREATE_COMPLETE"
    return outputs(aws, STACK)


def test_change_set_created_stack_has_outputs(aws, deployed):
    assert deployed["ecrRepositoryUrl"].endswith("/docker-image-repo")
    assert deployed["pipelineName"] == "cicd-pipeline"
    assert deployed["codeBuildProjectName"] == "docker-build-project"
    assert deployed["codeBuildProjectArn"] == "arn:aws:codebuild:us-east-1:123456789012:project/docker-build-project"
    assert deployed["pipelineVersion"] == "1"
    assert deployed["artifactBucketName"].startswith("cicd-pipeline-artifacts-")


def test_every_resource_is_listed_with_its_physical_id(aws, deployed):
    listed = aws.cloudformation.describe_stack_resources(StackName=STACK)["StackResources"]
    by_id = {r["LogicalResourceId"]: r for r in listed}
    assert set(by_id) == set(pipeline_stack()["Resources"])
    assert by_id["DockerBuild"]["PhysicalResourceId"] == "docker-build-project"
    assert by_id["Pipeline"]["ResourceType"] == "AWS::CodePipeline::Pipeline"
    assert by_id["Artifacts"]["PhysicalResourceId"] == deployed["artifactBucketName"]


def test_bucket_has_every_setting(aws, deployed):
    s3, bucket = aws.s3, deployed["artifactBucketName"]
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    rule = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]
    assert rule["Expiration"]["Days"] == 30
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == 30
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert block == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
    assert encryption["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    notifications = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert "EventBridgeConfiguration" in notifications
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
    assert tags == {"Environment": "production", "Team": "devops"}
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    statement = policy["Statement"][0]
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert statement["Resource"] == [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]


def test_repository_has_scan_lifecycle_mutability_tags(aws, deployed):
    ecr = aws.ecr
    repo = ecr.describe_repositories(repositoryNames=["docker-image-repo"])["repositories"][0]
    assert repo["imageScanningConfiguration"] == {"scanOnPush": True}
    assert repo["imageTagMutability"] == "MUTABLE"
    assert repo["repositoryUri"] == deployed["ecrRepositoryUrl"]
    policy = ecr.get_lifecycle_policy(repositoryName="docker-image-repo")["lifecyclePolicyText"]
    assert json.loads(policy) == json.loads(LIFECYCLE_TEXT)
    tags = ecr.list_tags_for_resource(resourceArn=repo["repositoryArn"])["tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"Environment": "production", "Team": "devops"}


def test_log_groups_have_retention(aws, deployed):
    groups = aws.logs.describe_log_groups(logGroupNamePrefix="/aws/")["logGroups"]
    retention = {g["logGroupName"]: g.get("retentionInDays") for g in groups}
    assert retention == {
        "/aws/codebuild/docker-build-project": 7,
        "/aws/lambda/tag-production-image": 7,
    }


def test_role_policies_read_back_as_json(aws, deployed):
    iam = aws.iam
    resources = aws.cloudformation.describe_stack_resources(StackName=STACK)["StackResources"]
    role_name = next(r["PhysicalResourceId"] for r in resources if r["LogicalResourceId"] == "BuildRole")
    role = iam.get_role(RoleName=role_name)["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "codebuild.amazonaws.com"}
    document = iam.get_role_policy(RoleName=role_name, PolicyName="build")["PolicyDocument"]
    expected = json.loads(json.dumps(BUILD_POLICY))
    expected["Statement"][1]["Resource"] = "arn:aws:ecr:us-east-1:123456789012:repository/docker-image-repo"
    assert document == expected
    tags = {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=role_name)["Tags"]}
    assert tags == {"Environment": "production", "Team": "devops"}


def test_function_is_stored_with_code_env_logging_and_tags(aws, deployed):
    fn = aws.__getattr__("lambda").get_function(FunctionName="tag-production-image")
    config = fn["Configuration"]
    assert config["Runtime"] == "python3.13"
    assert config["Environment"]["Variables"] == {"REPOSITORY_NAME": "docker-image-repo"}
    assert config["LoggingConfig"]["LogGroup"] == "/aws/lambda/tag-production-image"
    assert config["LoggingConfig"]["LogFormat"] == "JSON"
    assert config["CodeSize"] > 0
    assert fn["Tags"] == {"Environment": "production", "Team": "devops"}


def test_codebuild_project_has_every_setting(aws, deployed):
    project = aws.codebuild.batch_get_projects(names=["docker-build-project"])["projects"][0]
    assert project["environment"]["privilegedMode"] is True
    assert project["environment"]["computeType"] == "BUILD_GENERAL1_SMALL"
    assert project["environment"]["environmentVariables"] == [
        {"name": "REPOSITORY_URI", "value": deployed["ecrRepositoryUrl"]}
    ]
    assert project["source"]["buildspec"].startswith("version: 0.2")
    assert project["logsConfig"]["cloudWatchLogs"]["groupName"] == "/aws/codebuild/docker-build-project"
    assert project["serviceRole"].startswith("arn:aws:iam::123456789012:role/cicd-pipeline-BuildRole-")
    assert {t["key"]: t["value"] for t in project["tags"]} == {"Environment": "production", "Team": "devops"}


def test_pipeline_has_stages_and_action_configuration(aws, deployed):
    pipeline = aws.codepipeline.get_pipeline(name="cicd-pipeline")["pipeline"]
    assert [s["name"] for s in pipeline["stages"]] == ["Source", "Build", "Deploy"]
    source = pipeline["stages"][0]["actions"][0]
    assert source["configuration"] == {
        "S3Bucket": deployed["artifactBucketName"],
        "S3ObjectKey": "source.zip",
        "PollForSourceChanges": "false",
    }
    assert pipeline["stages"][1]["actions"][0]["configuration"] == {"ProjectName": "docker-build-project"}
    assert pipeline["artifactStore"] == {"type": "S3", "location": deployed["artifactBucketName"]}
    assert pipeline["pipelineType"] == "V2"
    assert pipeline["executionMode"] == "QUEUED"


def test_rule_targets_the_pipeline_through_the_events_role(aws, deployed):
    events = aws.events
    rule_name = next(
        r["PhysicalResourceId"]
        for r in aws.cloudformation.describe_stack_resources(StackName=STACK)["StackResources"]
        if r["LogicalResourceId"] == "SourceUploaded"
    )
    targets = events.list_targets_by_rule(Rule=rule_name)["Targets"]
    assert targets[0]["Arn"] == "arn:aws:codepipeline:us-east-1:123456789012:cicd-pipeline"
    assert ":role/cicd-pipeline-EventsRole-" in targets[0]["RoleArn"]
    pattern = json.loads(events.describe_rule(Name=rule_name)["EventPattern"])
    assert pattern["detail"]["bucket"]["name"] == [deployed["artifactBucketName"]]


def test_uploading_source_zip_starts_the_pipeline(aws, deployed):
    s3, bucket = aws.s3, deployed["artifactBucketName"]
    pipeline = aws.codepipeline
    assert pipeline.list_pipeline_executions(pipelineName="cicd-pipeline")["pipelineExecutionSummaries"] == []
    s3.put_object(Bucket=bucket, Key="other.txt", Body=b"not the source")
    assert pipeline.list_pipeline_executions(pipelineName="cicd-pipeline")["pipelineExecutionSummaries"] == []
    s3.put_object(Bucket=bucket, Key="source.zip", Body=b"zip bytes")
    runs = pipeline.list_pipeline_executions(pipelineName="cicd-pipeline")["pipelineExecutionSummaries"]
    assert len(runs) == 1
    assert runs[0]["trigger"]["triggerType"] == "CloudWatchEvent"
    assert runs[0]["trigger"]["triggerDetail"].startswith("arn:aws:events:us-east-1:123456789012:rule/")
