"""Recovering stacks: ContinueUpdateRollback, DeleteStack with
RetainResources, and the test-fault route that makes a rollback fail."""

from __future__ import annotations

import json
import urllib.request

import pytest
from botocore.exceptions import ClientError

from templates import events, stack_status

LOGS = {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/recovery", "RetentionInDays": 7}}
# ECR refuses upper-case repository names: a real reason for an update to fail.
BAD_REPO = {
    "Type": "AWS::ECR::Repository",
    "DependsOn": "Logs",
    "Properties": {"RepositoryName": "Not-Valid-UPPER"},
}


def faults(endpoint: str, method: str, body: dict | None = None) -> dict:
    data = json.dumps(body or {}).encode()
    request = urllib.request.Request(f"{endpoint}/moto-api/cicd/test-faults", data=data, method=method)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def retention(aws) -> int:
    groups = aws.logs.describe_log_groups(logGroupNamePrefix="/app/recovery")["logGroups"]
    return groups[0]["retentionInDays"]


def failed_rollback(aws, endpoint: str, times: int = 1) -> None:
    """Stack `app`: an update changes Logs, the bad repository fails it, and
    putting Logs back fails `times` times (the test fault)."""
    cfn = aws.cloudformation
    cfn.create_stack(StackName="app", TemplateBody=json.dumps({"Resources": {"Logs": LOGS}}))
    faults(endpoint, "POST", {"stackName": "app", "logicalId": "Logs", "operation": "UPDATE", "after": 1, "times": times})
    changed = json.loads(json.dumps(LOGS))
    changed["Properties"]["RetentionInDays"] = 14
    cfn.update_stack(StackName="app", TemplateBody=json.dumps({"Resources": {"Logs": changed, "Repo": BAD_REPO}}))
    assert stack_status(aws, "app") == "UPDATE_ROLLBACK_FAILED"
    assert retention(aws) == 14, "the rollback did not put the log group back"


def test_no_fault_is_armed_by_default(aws, endpoint):
    assert faults(endpoint, "GET") == {"faults": []}


def test_a_fault_rejects_bad_input(endpoint):
    with pytest.raises(urllib.error.HTTPError) as refused:
        faults(endpoint, "POST", {"stackName": "app", "operation": "REPLACE", "logicalId": "Logs"})
    assert refused.value.code == 400


def test_continue_update_rollback_retries_what_the_rollback_could_not_put_back(aws, endpoint):
    failed_rollback(aws, endpoint)
    reasons = [e.get("ResourceStatusReason", "") for e in events(aws, "app") if e["ResourceStatus"] in ("CREATE_FAILED", "UPDATE_FAILED")]
    assert any("Not-Valid-UPPER" in r or "InvalidParameter" in r for r in reasons), reasons
    assert any("TestFault" in r for r in reasons), reasons

    aws.cloudformation.continue_update_rollback(StackName="app")

    assert stack_status(aws, "app").startswith("UPDATE_ROLLBACK_COMPLETE")
    assert retention(aws) == 7
    # The stack takes updates again.
    changed = json.loads(json.dumps(LOGS))
    changed["Properties"]["RetentionInDays"] = 30
    aws.cloudformation.update_stack(StackName="app", TemplateBody=json.dumps({"Resources": {"Logs": changed}}))
    assert stack_status(aws, "app") == "UPDATE_COMPLETE"
    assert retention(aws) == 30


def test_a_rollback_that_keeps_failing_can_skip_the_resource(aws, endpoint):
    failed_rollback(aws, endpoint, times=2)
    cfn = aws.cloudformation
    cfn.continue_update_rollback(StackName="app")
    assert stack_status(aws, "app") == "UPDATE_ROLLBACK_FAILED"
    with pytest.raises(ClientError, match="only name resources whose rollback failed"):
        cfn.continue_update_rollback(StackName="app", ResourcesToSkip=["Repo"])

    cfn.continue_update_rollback(StackName="app", ResourcesToSkip=["Logs"])

    assert stack_status(aws, "app").startswith("UPDATE_ROLLBACK_COMPLETE")
    skipped = [e for e in events(aws, "app") if "ResourcesToSkip" in (e.get("ResourceStatusReason") or "")]
    assert [e["LogicalResourceId"] for e in skipped] == ["Logs"]
    # Skipping does not touch the service: the group keeps what the update set.
    assert retention(aws) == 14


def test_continue_update_rollback_needs_a_failed_rollback(aws):
    aws.cloudformation.create_stack(StackName="app", TemplateBody=json.dumps({"Resources": {"Logs": LOGS}}))
    with pytest.raises(ClientError, match="needs UPDATE_ROLLBACK_FAILED"):
        aws.cloudformation.continue_update_rollback(StackName="app")


def test_retain_resources_deletes_a_delete_failed_stack_and_keeps_them(aws):
    cfn, s3 = aws.cloudformation, aws.s3
    template = {"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "kept-data"}}, "Logs": LOGS}}
    cfn.create_stack(StackName="app", TemplateBody=json.dumps(template))
    s3.put_object(Bucket="kept-data", Key="report.csv", Body=b"1,2,3")
    with pytest.raises(ClientError, match="only when the stack is DELETE_FAILED"):
        cfn.delete_stack(StackName="app", RetainResources=["Data"])

    cfn.delete_stack(StackName="app")
    assert stack_status(aws, "app").startswith("DELETE_FAILED")
    with pytest.raises(ClientError, match="does not have"):
        cfn.delete_stack(StackName="app", RetainResources=["Nothing"])

    cfn.delete_stack(StackName="app", RetainResources=["Data"])

    with pytest.raises(ClientError, match="does not exist"):
        cfn.describe_stacks(StackName="app")
    assert s3.get_object(Bucket="kept-data", Key="report.csv")["Body"].read() == b"1,2,3"
    assert aws.logs.describe_log_groups(logGroupNamePrefix="/app/recovery")["logGroups"] == []


def test_a_fault_fails_delete_until_used_up(aws, endpoint):
    aws.cloudformation.create_stack(StackName="app", TemplateBody=json.dumps({"Resources": {"Logs": LOGS}}))
    faults(endpoint, "POST", {"stackName": "app", "logicalId": "Logs", "operation": "DELETE"})
    assert faults(endpoint, "GET")["faults"][0]["times"] == 1
    aws.cloudformation.delete_stack(StackName="app")
    assert stack_status(aws, "app").startswith("DELETE_FAILED: Logs")
    assert faults(endpoint, "GET") == {"faults": []}
    aws.cloudformation.delete_stack(StackName="app")
    with pytest.raises(ClientError, match="does not exist"):
        aws.cloudformation.describe_stacks(StackName="app")


def test_a_managed_policy_attached_outside_the_stack_blocks_deleting_its_role(aws):
    document = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})
    declared = aws.iam.create_policy(PolicyName="declared", PolicyDocument=document)["Policy"]["Arn"]
    outside = aws.iam.create_policy(PolicyName="outside", PolicyDocument=document)["Policy"]["Arn"]
    role = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "RoleName": "app-runner",
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
            },
            "ManagedPolicyArns": [declared],
        },
    }
    aws.cloudformation.create_stack(StackName="app", TemplateBody=json.dumps({"Resources": {"Runner": role}}))
    aws.iam.attach_role_policy(RoleName="app-runner", PolicyArn=outside)

    aws.cloudformation.delete_stack(StackName="app")

    status = stack_status(aws, "app")
    assert status.startswith("DELETE_FAILED: Runner"), status
    assert "DeleteConflict" in status, status
    attached = aws.iam.list_attached_role_policies(RoleName="app-runner")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [outside], "only the stack's own policy is detached"
    aws.iam.detach_role_policy(RoleName="app-runner", PolicyArn=outside)
    aws.cloudformation.delete_stack(StackName="app")
    with pytest.raises(ClientError, match="does not exist"):
        aws.cloudformation.describe_stacks(StackName="app")


def test_reset_disarms_every_fault(aws, endpoint):
    faults(endpoint, "POST", {"stackName": "app", "logicalId": "Logs", "operation": "CREATE"})
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10)
    assert faults(endpoint, "GET") == {"faults": []}
    aws.cloudformation.create_stack(StackName="app", TemplateBody=json.dumps({"Resources": {"Logs": LOGS}}))
    assert stack_status(aws, "app") == "CREATE_COMPLETE"
