"""Stack refactoring: a resource renamed (or moved to another stack) keeps
being the same resource, data and all; a refactor that would add, change or
delete anything fails with the resources named; a failed or stale refactor
cannot be executed."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from cicd_local_aws.engine.stack_refactor import renamed

BUCKET = {
    "Type": "AWS::S3::Bucket",
    "DeletionPolicy": "Retain",
    "UpdateReplacePolicy": "Retain",
    "Properties": {"Tags": [{"Key": "app", "Value": "demo"}]},
}
LOGS = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}
# A policy that names the bucket three ways, so a rename must follow all.
POLICY = {
    "Type": "AWS::S3::BucketPolicy",
    "DependsOn": "Data",
    "Properties": {
        "Bucket": {"Ref": "Data"},
        "PolicyDocument": {
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [{"Fn::GetAtt": ["Data", "Arn"]}, {"Fn::Sub": "${Data.Arn}/*"}],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ]
        },
    },
}


def template(bucket_id: str) -> dict:
    names = {"Data": bucket_id}
    return {
        "Resources": {bucket_id: BUCKET, "Logs": LOGS, "Policy": renamed(POLICY, names)},
        "Outputs": {"BucketName": {"Value": {"Ref": bucket_id}}},
    }


def rename(bucket_from: str = "Data", bucket_to: str = "Store") -> list[dict]:
    return [
        {
            "Source": {"StackName": "app", "LogicalResourceId": bucket_from},
            "Destination": {"StackName": "app", "LogicalResourceId": bucket_to},
        }
    ]


def deployed(aws) -> str:
    aws.cloudformation.create_stack(StackName="app", TemplateBody=json.dumps(template("Data")))
    bucket = aws.cloudformation.describe_stack_resource(StackName="app", LogicalResourceId="Data")
    name = bucket["StackResourceDetail"]["PhysicalResourceId"]
    aws.s3.put_object(Bucket=name, Key="source.zip", Body=b"kept")
    return name


def refactor(aws, new_template: dict, mappings: list[dict]) -> dict:
    created = aws.cloudformation.create_stack_refactor(
        StackDefinitions=[{"StackName": "app", "TemplateBody": json.dumps(new_template)}],
        ResourceMappings=mappings,
    )
    return aws.cloudformation.describe_stack_refactor(StackRefactorId=created["StackRefactorId"])


def test_a_renamed_bucket_is_the_same_bucket_under_its_new_logical_id(aws):
    name = deployed(aws)
    described = refactor(aws, template("Store"), rename())
    assert (described["Status"], described["ExecutionStatus"]) == ("CREATE_COMPLETE", "AVAILABLE")
    actions = aws.cloudformation.list_stack_refactor_actions(StackRefactorId=described["StackRefactorId"])
    [action] = actions["StackRefactorActions"]
    assert (action["Action"], action["Entity"], action["PhysicalResourceId"]) == ("MOVE", "RESOURCE", name)
    assert action["ResourceMapping"]["Destination"]["LogicalResourceId"] == "Store"

    aws.cloudformation.execute_stack_refactor(StackRefactorId=described["StackRefactorId"])

    after = aws.cloudformation.describe_stack_refactor(StackRefactorId=described["StackRefactorId"])
    assert after["ExecutionStatus"] == "EXECUTE_COMPLETE"
    held = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in aws.cloudformation.list_stack_resources(StackName="app")["StackResourceSummaries"]
    }
    assert held["Store"] == name and "Data" not in held
    assert aws.s3.get_object(Bucket=name, Key="source.zip")["Body"].read() == b"kept"
    stack = aws.cloudformation.describe_stacks(StackName="app")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    assert stack["Outputs"] == [{"OutputKey": "BucketName", "OutputValue": name}]
    assert json.loads(json.dumps(aws.cloudformation.get_template(StackName="app")["TemplateBody"])) == template("Store")
    # From here it is an ordinary stack: an update that changes nothing
    # else replaces nothing, and the bucket is still the same one.
    changed = template("Store")
    changed["Resources"]["Logs"] = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 14}}
    aws.cloudformation.update_stack(StackName="app", TemplateBody=json.dumps(changed))
    again = aws.cloudformation.describe_stack_resource(StackName="app", LogicalResourceId="Store")
    assert again["StackResourceDetail"]["PhysicalResourceId"] == name
    assert aws.s3.get_object(Bucket=name, Key="source.zip")["Body"].read() == b"kept"


def test_a_refactor_that_also_changes_something_fails_naming_it(aws):
    deployed(aws)
    changed = template("Store")
    changed["Resources"]["Logs"] = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 14}}
    changed["Resources"]["Extra"] = {"Type": "AWS::Logs::LogGroup"}
    described = refactor(aws, changed, rename())
    assert (described["Status"], described["ExecutionStatus"]) == ("CREATE_FAILED", "UNAVAILABLE")
    assert "app.Extra (added)" in described["StatusReason"]
    assert "app.Logs (modified)" in described["StatusReason"]
    with pytest.raises(ClientError, match="UNAVAILABLE"):
        aws.cloudformation.execute_stack_refactor(StackRefactorId=described["StackRefactorId"])
    held = [r["LogicalResourceId"] for r in aws.cloudformation.list_stack_resources(StackName="app")["StackResourceSummaries"]]
    assert "Data" in held and "Store" not in held


def test_a_rename_without_its_mapping_or_of_a_missing_resource_fails(aws):
    deployed(aws)
    unmapped = refactor(aws, template("Store"), [])
    assert unmapped["Status"] == "CREATE_FAILED"
    assert "app.Data (deleted)" in unmapped["StatusReason"] and "app.Store (added)" in unmapped["StatusReason"]
    missing = refactor(aws, template("Store"), rename("Nope", "Store"))
    assert missing["Status"] == "CREATE_FAILED"
    assert "app.Nope (no such resource)" in missing["StatusReason"]


def test_a_refactor_of_a_stack_changed_since_is_refused(aws):
    deployed(aws)
    described = refactor(aws, template("Store"), rename())
    changed = template("Data")
    changed["Resources"]["Logs"] = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 14}}
    aws.cloudformation.update_stack(StackName="app", TemplateBody=json.dumps(changed))
    with pytest.raises(ClientError, match="changed since"):
        aws.cloudformation.execute_stack_refactor(StackRefactorId=described["StackRefactorId"])
    after = aws.cloudformation.describe_stack_refactor(StackRefactorId=described["StackRefactorId"])
    assert after["ExecutionStatus"] == "OBSOLETE"


def test_a_resource_moves_into_another_stack(aws):
    name = deployed(aws)
    aws.cloudformation.create_stack(StackName="other", TemplateBody=json.dumps({"Resources": {"Other": LOGS}}))
    source = template("Data")
    del source["Resources"]["Logs"]
    destination = {"Resources": {"Other": LOGS, "MovedLogs": LOGS}}
    created = aws.cloudformation.create_stack_refactor(
        StackDefinitions=[
            {"StackName": "app", "TemplateBody": json.dumps(source)},
            {"StackName": "other", "TemplateBody": json.dumps(destination)},
        ],
        ResourceMappings=[
            {
                "Source": {"StackName": "app", "LogicalResourceId": "Logs"},
                "Destination": {"StackName": "other", "LogicalResourceId": "MovedLogs"},
            }
        ],
    )
    refactor_id = created["StackRefactorId"]
    assert aws.cloudformation.describe_stack_refactor(StackRefactorId=refactor_id)["Status"] == "CREATE_COMPLETE"
    logs_name = aws.cloudformation.describe_stack_resource(StackName="app", LogicalResourceId="Logs")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    aws.cloudformation.execute_stack_refactor(StackRefactorId=refactor_id)
    moved = aws.cloudformation.describe_stack_resource(StackName="other", LogicalResourceId="MovedLogs")
    assert moved["StackResourceDetail"]["PhysicalResourceId"] == logs_name
    app = [r["LogicalResourceId"] for r in aws.cloudformation.list_stack_resources(StackName="app")["StackResourceSummaries"]]
    assert sorted(app) == ["Data", "Policy"]
    assert aws.s3.get_object(Bucket=name, Key="source.zip")["Body"].read() == b"kept"


def test_references_follow_a_rename():
    names = {"Data": "Store"}
    assert renamed({"Ref": "Data"}, names) == {"Ref": "Store"}
    assert renamed({"Fn::GetAtt": "Data.Arn"}, names) == {"Fn::GetAtt": "Store.Arn"}
    assert renamed({"Fn::Sub": "${Data}-${Data.Arn}-${AWS::Region}"}, names) == {
        "Fn::Sub": "${Store}-${Store.Arn}-${AWS::Region}"
    }
    # A name the Sub defines itself is not the resource.
    assert renamed({"Fn::Sub": ["${Data}", {"Data": "x"}]}, names) == {"Fn::Sub": ["${Data}", {"Data": "x"}]}
    assert renamed({"DependsOn": ["Data", "Logs"]}, names) == {"DependsOn": ["Store", "Logs"]}
