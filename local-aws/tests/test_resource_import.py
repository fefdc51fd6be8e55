"""IMPORT change sets: existing buckets, repositories and log groups are
adopted into a stack as they are (data kept), with CloudFormation's checks;
DescribeStackResources by PhysicalResourceId finds the stack holding one."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from templates import events

BUCKET = {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {"BucketName": "kept-bucket"}}
REPO = {"Type": "AWS::ECR::Repository", "DeletionPolicy": "Retain", "Properties": {"RepositoryName": "kept-repo"}}
LOGS = {
    "Type": "AWS::Logs::LogGroup",
    "DeletionPolicy": "Retain",
    "Properties": {"LogGroupName": "/app/kept", "RetentionInDays": 7},
}
ALL = {"Data": BUCKET, "Images": REPO, "Logs": LOGS}
TO_IMPORT = [
    {"ResourceType": "AWS::S3::Bucket", "LogicalResourceId": "Data", "ResourceIdentifier": {"BucketName": "kept-bucket"}},
    {"ResourceType": "AWS::ECR::Repository", "LogicalResourceId": "Images", "ResourceIdentifier": {"RepositoryName": "kept-repo"}},
    {"ResourceType": "AWS::Logs::LogGroup", "LogicalResourceId": "Logs", "ResourceIdentifier": {"LogGroupName": "/app/kept"}},
]


def existing_resources(aws) -> None:
    """What a destroyed stack leaves behind, with data in it."""
    aws.s3.create_bucket(Bucket="kept-bucket")
    aws.s3.put_object(Bucket="kept-bucket", Key="source.zip", Body=b"data")
    aws.ecr.create_repository(repositoryName="kept-repo")
    aws.ecr.put_image(repositoryName="kept-repo", imageManifest=json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json"}), imageTag="v1")
    aws.logs.create_log_group(logGroupName="/app/kept")


def import_change_set(aws, stack: str, resources: dict, to_import: list, outputs: dict | None = None) -> dict:
    template = {"Resources": resources, **({"Outputs": outputs} if outputs else {})}
    created = aws.cloudformation.create_change_set(
        StackName=stack,
        ChangeSetName="adopt",
        ChangeSetType="IMPORT",
        TemplateBody=json.dumps(template),
        ResourcesToImport=to_import,
    )
    return aws.cloudformation.describe_change_set(ChangeSetName=created["Id"])


def test_an_import_change_set_adopts_existing_resources_into_a_new_stack_with_their_data(aws):
    existing_resources(aws)
    change_set = import_change_set(aws, "app", ALL, TO_IMPORT)
    assert change_set["Status"] == "CREATE_COMPLETE"
    assert change_set["ExecutionStatus"] == "AVAILABLE"
    actions = sorted((c["ResourceChange"]["Action"], c["ResourceChange"]["LogicalResourceId"]) for c in change_set["Changes"])
    assert actions == [("Import", "Data"), ("Import", "Images"), ("Import", "Logs")]
    assert aws.cloudformation.describe_stacks(StackName="app")["Stacks"][0]["StackStatus"] == "REVIEW_IN_PROGRESS"

    aws.cloudformation.execute_change_set(ChangeSetName=change_set["ChangeSetId"])

    assert aws.cloudformation.describe_stacks(StackName="app")["Stacks"][0]["StackStatus"] == "IMPORT_COMPLETE"
    held = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in aws.cloudformation.list_stack_resources(StackName="app")["StackResourceSummaries"]
    }
    assert held == {"Data": "kept-bucket", "Images": "kept-repo", "Logs": "/app/kept"}
    assert aws.s3.get_object(Bucket="kept-bucket", Key="source.zip")["Body"].read() == b"data"
    assert [i["imageTag"] for i in aws.ecr.list_images(repositoryName="kept-repo")["imageIds"]] == ["v1"]
    statuses = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in events(aws, "app")]
    assert ("Data", "IMPORT_IN_PROGRESS") in statuses and ("Data", "IMPORT_COMPLETE") in statuses
    assert statuses[-1] == ("app", "IMPORT_COMPLETE")


def test_an_imported_stack_is_then_updated_and_deleted_like_any_other(aws):
    existing_resources(aws)
    change_set = import_change_set(aws, "app", ALL, TO_IMPORT)
    aws.cloudformation.execute_change_set(ChangeSetName=change_set["ChangeSetId"])
    logs = json.loads(json.dumps(LOGS))
    logs["Properties"]["RetentionInDays"] = 14
    aws.cloudformation.update_stack(StackName="app", TemplateBody=json.dumps({"Resources": {**ALL, "Logs": logs}}))
    group = aws.logs.describe_log_groups(logGroupNamePrefix="/app/kept")["logGroups"][0]
    assert group["retentionInDays"] == 14
    aws.cloudformation.delete_stack(StackName="app")
    # Retained again, data and all.
    assert aws.s3.get_object(Bucket="kept-bucket", Key="source.zip")["Body"].read() == b"data"


def test_an_import_into_an_existing_stack_keeps_its_resources_and_outputs(aws):
    existing_resources(aws)
    outputs = {"LogsArn": {"Value": {"Fn::GetAtt": ["Logs", "Arn"]}}}
    aws.cloudformation.create_stack(
        StackName="app", TemplateBody=json.dumps({"Resources": {"Logs": {**LOGS, "Properties": {"LogGroupName": "/app/other"}}}, "Outputs": outputs})
    )
    existing = {"Logs": {**LOGS, "Properties": {"LogGroupName": "/app/other"}}}
    change_set = import_change_set(aws, "app", {**existing, "Data": BUCKET}, TO_IMPORT[:1], outputs)
    aws.cloudformation.execute_change_set(ChangeSetName=change_set["ChangeSetId"])
    stack = aws.cloudformation.describe_stacks(StackName="app")["Stacks"][0]
    assert stack["StackStatus"] == "IMPORT_COMPLETE"
    assert [o["OutputKey"] for o in stack["Outputs"]] == ["LogsArn"]
    held = sorted(r["LogicalResourceId"] for r in aws.cloudformation.list_stack_resources(StackName="app")["StackResourceSummaries"])
    assert held == ["Data", "Logs"]


def test_importing_a_resource_that_does_not_exist_fails_the_change_set(aws):
    change_set = import_change_set(aws, "app", {"Images": REPO}, [TO_IMPORT[1]])
    assert change_set["Status"] == "FAILED"
    assert "do not exist" in change_set["StatusReason"]
    assert "Images (AWS::ECR::Repository, {RepositoryName=kept-repo})" in change_set["StatusReason"]
    with pytest.raises(ClientError):
        aws.cloudformation.execute_change_set(ChangeSetName=change_set["ChangeSetId"])


def test_a_resource_another_stack_holds_is_refused(aws):
    aws.cloudformation.create_stack(StackName="owner", TemplateBody=json.dumps({"Resources": {"Images": REPO}}))
    with pytest.raises(ClientError) as refused:
        import_change_set(aws, "app", {"Images": REPO}, [TO_IMPORT[1]])
    assert "already in a stack" in str(refused.value)
    assert "[Images]" in str(refused.value)


def test_imported_resources_need_a_deletion_policy(aws):
    existing_resources(aws)
    bare = {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "kept-bucket"}}
    with pytest.raises(ClientError) as refused:
        import_change_set(aws, "app", {"Data": bare}, TO_IMPORT[:1])
    assert "[Data] must have DeletionPolicy attribute" in str(refused.value)


@pytest.mark.parametrize(
    "entry, message",
    [
        ({**TO_IMPORT[0], "ResourceIdentifier": {"Name": "kept-bucket"}}, "must be exactly {BucketName}"),
        ({**TO_IMPORT[0], "ResourceType": "AWS::Logs::LogGroup"}, "does not match the template"),
        ({**TO_IMPORT[0], "LogicalResourceId": "Nope"}, "not in the template"),
        ({**TO_IMPORT[0], "ResourceIdentifier": {"BucketName": "other-bucket"}}, "does not match its BucketName"),
    ],
)
def test_a_malformed_import_request_is_refused(aws, entry, message):
    existing_resources(aws)
    with pytest.raises(ClientError) as refused:
        import_change_set(aws, "app", {"Data": BUCKET}, [entry])
    assert message in str(refused.value)


def test_an_import_may_not_create_anything_else(aws):
    existing_resources(aws)
    with pytest.raises(ClientError) as refused:
        import_change_set(aws, "app", {"Data": BUCKET, "New": {**REPO, "Properties": {"RepositoryName": "new"}}}, TO_IMPORT[:1])
    assert "[New]" in str(refused.value) and "not being imported" in str(refused.value)


def test_a_type_without_import_support_is_named(aws):
    role = {"Type": "AWS::IAM::Role", "DeletionPolicy": "Retain", "Properties": {"AssumeRolePolicyDocument": {}}}
    entry = {"ResourceType": "AWS::IAM::Role", "LogicalResourceId": "Role", "ResourceIdentifier": {"RoleName": "r"}}
    with pytest.raises(ClientError) as refused:
        import_change_set(aws, "app", {"Role": role}, [entry])
    assert "AWS::IAM::Role does not support resource import" in str(refused.value)


def test_describe_stack_resources_by_physical_id_names_the_holding_stack(aws):
    aws.cloudformation.create_stack(StackName="owner", TemplateBody=json.dumps({"Resources": {"Images": REPO, "Logs": LOGS}}))
    found = aws.cloudformation.describe_stack_resources(PhysicalResourceId="kept-repo")["StackResources"]
    assert {r["StackName"] for r in found} == {"owner"}
    assert sorted(r["LogicalResourceId"] for r in found) == ["Images", "Logs"]
    with pytest.raises(ClientError) as missing:
        aws.cloudformation.describe_stack_resources(PhysicalResourceId="nobody-has-this")
    assert "Stack for nobody-has-this does not exist" in str(missing.value)
