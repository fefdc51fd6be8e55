"""Stack events, updates, rollback and Retain, on small templates."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from templates import events, resource_events, stack_status

ROLE = {
    "Type": "AWS::IAM::Role",
    "Properties": {
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
        },
        "Policies": [{"PolicyName": "logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}}],
        "Tags": [{"Key": "Team", "Value": "devops"}],
    },
}


def logs_template(retention: int = 7, extra: dict | None = None) -> dict:
    resources = {
        "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/logs", "RetentionInDays": retention}},
        "Role": json.loads(json.dumps(ROLE)),
    }
    resources.update(extra or {})
    return {"Resources": resources, "Outputs": {"LogGroup": {"Value": {"Ref": "Logs"}}}}


def create(aws, name: str, template: dict) -> str:
    aws.cloudformation.create_stack(StackName=name, TemplateBody=json.dumps(template))
    return stack_status(aws, name)


def update(aws, name: str, template: dict) -> str:
    aws.cloudformation.update_stack(StackName=name, TemplateBody=json.dumps(template))
    return stack_status(aws, name)


def test_each_resource_has_ordered_events_with_unique_ids(aws):
    assert create(aws, "s", logs_template()) == "CREATE_COMPLETE"
    all_events = events(aws, "s")
    ids = [e["EventId"] for e in all_events]
    assert len(set(ids)) == len(ids)
    stamps = [e["Timestamp"] for e in all_events]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    per_resource = resource_events(aws, "s")
    for logical_id in ("Logs", "Role"):
        statuses = [s for r, s in per_resource if r == logical_id]
        assert statuses[0] == "CREATE_IN_PROGRESS" and statuses[-1] == "CREATE_COMPLETE"
    assert all_events[0]["ResourceStatus"] == "CREATE_IN_PROGRESS"
    assert all_events[-1]["ResourceStatus"] == "CREATE_COMPLETE"
    assert all_events[-1]["ResourceType"] == "AWS::CloudFormation::Stack"


def test_dependencies_complete_before_dependents_start(aws):
    template = logs_template(extra={
        "Build": {
            "Type": "AWS::CodeBuild::Project",
            "Properties": {
                "ServiceRole": {"Fn::GetAtt": ["Role", "Arn"]},
                "Source": {"Type": "NO_SOURCE", "BuildSpec": "version: 0.2"},
                "Artifacts": {"Type": "NO_ARTIFACTS"},
                "Environment": {"Type": "LINUX_CONTAINER", "ComputeType": "BUILD_GENERAL1_SMALL", "Image": "aws/codebuild/standard:7.0"},
                "LogsConfig": {"CloudWatchLogs": {"Status": "ENABLED", "GroupName": {"Ref": "Logs"}}},
            },
        }
    })
    template["Resources"] = dict(reversed(list(template["Resources"].items())))  # dependent first in the file
    assert create(aws, "s", template) == "CREATE_COMPLETE"
    order = resource_events(aws, "s")
    started = order.index(("Build", "CREATE_IN_PROGRESS"))
    assert order.index(("Role", "CREATE_COMPLETE")) < started
    assert order.index(("Logs", "CREATE_COMPLETE")) < started
    name = aws.cloudformation.describe_stack_resource(StackName="s", LogicalResourceId="Build")["StackResourceDetail"]["PhysicalResourceId"]
    assert name.startswith("s-Build-")
    assert aws.codebuild.batch_get_projects(names=[name])["projects"][0]["name"] == name


def test_update_applies_retention_policies_and_tags_and_keeps_resources(aws):
    assert create(aws, "s", logs_template(7)) == "CREATE_COMPLETE"
    changed = logs_template(14)
    role = changed["Resources"]["Role"]["Properties"]
    role["Policies"] = [{"PolicyName": "logs2", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:CreateLogStream", "Resource": "*"}]}}]
    role["Tags"] = [{"Key": "Team", "Value": "platform"}]
    assert update(aws, "s", changed) == "UPDATE_COMPLETE"

    group = aws.logs.describe_log_groups(logGroupNamePrefix="/app/logs")["logGroups"][0]
    assert group["retentionInDays"] == 14
    role_name = aws.cloudformation.describe_stack_resource(StackName="s", LogicalResourceId="Role")["StackResourceDetail"]["PhysicalResourceId"]
    assert aws.iam.list_role_policies(RoleName=role_name)["PolicyNames"] == ["logs2"]
    document = aws.iam.get_role_policy(RoleName=role_name, PolicyName="logs2")["PolicyDocument"]
    assert document["Statement"][0]["Action"] == "logs:CreateLogStream"
    assert aws.iam.list_role_tags(RoleName=role_name)["Tags"] == [{"Key": "Team", "Value": "platform"}]
    listed = {r["LogicalResourceId"] for r in aws.cloudformation.describe_stack_resources(StackName="s")["StackResources"]}
    assert listed == {"Logs", "Role"}
    assert ("Logs", "UPDATE_COMPLETE") in resource_events(aws, "s")
    outputs = aws.cloudformation.describe_stacks(StackName="s")["Stacks"][0]["Outputs"]
    assert outputs == [{"OutputKey": "LogGroup", "OutputValue": "/app/logs"}]


def test_failed_create_rolls_back_what_was_created(aws):
    template = {
        "Resources": {
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/logs"}},
            "Images": {"Type": "AWS::ECR::Repository", "DependsOn": "Logs", "Properties": {"RepositoryName": "Not-Valid"}},
        }
    }
    aws.cloudformation.create_stack(StackName="s", TemplateBody=json.dumps(template))
    stack = aws.cloudformation.describe_stacks(StackName="s")["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    failed = [e for e in events(aws, "s") if e["ResourceStatus"] == "CREATE_FAILED"]
    assert [e["LogicalResourceId"] for e in failed] == ["Images"]
    assert "repositoryName" in failed[0]["ResourceStatusReason"]
    assert aws.logs.describe_log_groups(logGroupNamePrefix="/app/")["logGroups"] == []
    assert ("Logs", "DELETE_COMPLETE") in resource_events(aws, "s")
    assert aws.cloudformation.describe_stack_resources(StackName="s")["StackResources"] == []
    # A stack in ROLLBACK_COMPLETE can be deleted.
    aws.cloudformation.delete_stack(StackName="s")
    with pytest.raises(ClientError):
        aws.cloudformation.describe_stacks(StackName="s")


def test_failed_update_rolls_back_to_the_previous_state(aws):
    assert create(aws, "s", logs_template(7)) == "CREATE_COMPLETE"
    broken = logs_template(30, extra={
        "Later": {"Type": "AWS::Logs::LogGroup", "DependsOn": "Logs", "Properties": {"LogGroupName": "/app/later"}},
        "Images": {"Type": "AWS::ECR::Repository", "DependsOn": "Later", "Properties": {"RepositoryName": "UPPER"}},
    })
    status = update(aws, "s", broken)
    assert status.startswith("UPDATE_ROLLBACK_COMPLETE"), status
    group = aws.logs.describe_log_groups(logGroupNamePrefix="/app/logs")["logGroups"][0]
    assert group["retentionInDays"] == 7
    assert aws.logs.describe_log_groups(logGroupNamePrefix="/app/later")["logGroups"] == []
    listed = {r["LogicalResourceId"] for r in aws.cloudformation.describe_stack_resources(StackName="s")["StackResources"]}
    assert listed == {"Logs", "Role"}
    assert ("Images", "CREATE_FAILED") in resource_events(aws, "s")
    # The stack still takes updates afterwards.
    assert update(aws, "s", logs_template(14)) == "UPDATE_COMPLETE"


def test_retained_resources_survive_stack_deletion(aws):
    template = {
        "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": "kept-bucket"}},
            "Images": {"Type": "AWS::ECR::Repository", "DeletionPolicy": "Retain", "Properties": {"RepositoryName": "kept-repo"}},
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/gone"}},
        }
    }
    assert create(aws, "s", template) == "CREATE_COMPLETE"
    aws.cloudformation.delete_stack(StackName="s")
    aws.s3.head_bucket(Bucket="kept-bucket")
    assert aws.ecr.describe_repositories(repositoryNames=["kept-repo"])["repositories"]
    assert aws.logs.describe_log_groups(logGroupNamePrefix="/app/gone")["logGroups"] == []
    stack_id = aws.cloudformation.list_stacks()["StackSummaries"][0]["StackId"]
    found = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(aws.cloudformation.describe_stack_events(StackName=stack_id)["StackEvents"])]
    assert ("Bucket", "DELETE_SKIPPED") in found and ("Images", "DELETE_SKIPPED") in found
    assert ("Logs", "DELETE_COMPLETE") in found
    assert found[-1] == ("s", "DELETE_COMPLETE")


def test_deleting_a_stack_with_a_non_empty_bucket_fails_like_aws(aws):
    template = {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "full-bucket"}}}}
    assert create(aws, "s", template) == "CREATE_COMPLETE"
    aws.s3.put_object(Bucket="full-bucket", Key="k", Body=b"x")
    aws.cloudformation.delete_stack(StackName="s")
    status = aws.cloudformation.describe_stacks(StackName="s")["Stacks"][0]["StackStatus"]
    assert status == "DELETE_FAILED"
    failed = [e for e in events(aws, "s") if e["ResourceStatus"] == "DELETE_FAILED" and e["LogicalResourceId"] == "Bucket"]
    assert "not empty" in failed[0]["ResourceStatusReason"]


def test_pipeline_update_bumps_its_version(aws):
    from templates import deploy_with_change_set, outputs, pipeline_stack, upload_function_code

    upload_function_code(aws)
    assert deploy_with_change_set(aws, "p", pipeline_stack()) == "CREATE_COMPLETE"
    changed = pipeline_stack()
    changed["Resources"]["Pipeline"]["Properties"]["ExecutionMode"] = "SUPERSEDED"
    changed["Resources"]["DockerBuild"]["Properties"]["Environment"]["ComputeType"] = "BUILD_GENERAL1_MEDIUM"
    assert deploy_with_change_set(aws, "p", changed, kind="UPDATE") == "UPDATE_COMPLETE"
    assert outputs(aws, "p")["pipelineVersion"] == "2"
    assert aws.codepipeline.get_pipeline(name="cicd-pipeline")["pipeline"]["executionMode"] == "SUPERSEDED"
    project = aws.codebuild.batch_get_projects(names=["docker-build-project"])["projects"][0]
    assert project["environment"]["computeType"] == "BUILD_GENERAL1_MEDIUM"
    aws.cloudformation.delete_stack(StackName="p")
    assert aws.codepipeline.list_pipelines()["pipelines"] == []
    assert aws.codebuild.list_projects()["projects"] == []


def test_unknown_resource_types_are_rejected_up_front(aws):
    template = {"Resources": {"X": {"Type": "AWS::Made::Up", "Properties": {}}}}
    with pytest.raises(ClientError) as err:
        aws.cloudformation.create_stack(StackName="s", TemplateBody=json.dumps(template))
    assert "Unrecognized resource types: [AWS::Made::Up]" in str(err.value)


def test_inline_function_code_is_stored_without_docker(aws):
    template = {
        "Resources": {
            "Role": json.loads(json.dumps(ROLE)),
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "python3.13",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {"ZipFile": "def handler(event, context):\n    return 1\n"},
                    "Tags": [{"Key": "Team", "Value": "devops"}],
                },
            },
        }
    }
    assert create(aws, "s", template) == "CREATE_COMPLETE"
    name = aws.cloudformation.describe_stack_resource(StackName="s", LogicalResourceId="Fn")["StackResourceDetail"]["PhysicalResourceId"]
    fn = aws.__getattr__("lambda").get_function(FunctionName=name)
    assert fn["Configuration"]["CodeSize"] > 0
    assert fn["Tags"] == {"Team": "devops"}


def test_list_change_sets_answers_for_the_named_stack_only(aws):
    cfn = aws.cloudformation
    ids = {}
    for name in ("first", "second"):
        made = cfn.create_change_set(
            StackName=name,
            ChangeSetName=f"{name}-change",
            TemplateBody=json.dumps(logs_template()),
            ChangeSetType="CREATE",
        )
        ids[name] = made["StackId"]
    for name in ("first", "second"):
        by_name = cfn.list_change_sets(StackName=name)["Summaries"]
        by_id = cfn.list_change_sets(StackName=ids[name])["Summaries"]
        assert [s["ChangeSetName"] for s in by_name] == [f"{name}-change"]
        assert by_id == by_name
