"""A change set kept for later (saved plan) and termination protection, as a
client of CloudFormation sees them."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from templates import stack_status


def logs(retention: int) -> str:
    return json.dumps(
        {"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/plan/logs", "RetentionInDays": retention}}}}
    )


def change_set(aws, name: str, kind: str, retention: int) -> str:
    cfn = aws.cloudformation
    made = cfn.create_change_set(StackName="plan", ChangeSetName=name, ChangeSetType=kind, TemplateBody=logs(retention))
    return made["Id"]


def test_executing_a_change_set_removes_the_others_and_dates_the_update(aws):
    cfn = aws.cloudformation
    first = change_set(aws, "create", "CREATE", 7)
    cfn.execute_change_set(ChangeSetName=first)
    assert stack_status(aws, "plan") == "CREATE_COMPLETE"
    created = cfn.describe_stacks(StackName="plan")["Stacks"][0]
    assert "LastUpdatedTime" not in created, "never updated yet"

    saved = change_set(aws, "saved", "UPDATE", 14)
    other = change_set(aws, "other", "UPDATE", 30)
    saved_at = cfn.describe_change_set(ChangeSetName=saved)["CreationTime"]
    cfn.execute_change_set(ChangeSetName=other)
    assert stack_status(aws, "plan") == "UPDATE_COMPLETE"
    updated = cfn.describe_stacks(StackName="plan")["Stacks"][0]
    assert updated["LastUpdatedTime"] >= saved_at

    with pytest.raises(ClientError) as gone:
        cfn.describe_change_set(ChangeSetName=saved)
    assert gone.value.response["Error"]["Code"] == "ChangeSetNotFound"
    assert gone.value.response["Error"]["Message"] == f"ChangeSet [{saved}] does not exist"
    names = [s["ChangeSetName"] for s in cfn.list_change_sets(StackName="plan")["Summaries"]]
    assert "saved" not in names
    assert aws.logs.describe_log_groups(logGroupNamePrefix="/plan/logs")["logGroups"][0]["retentionInDays"] == 30


def test_a_protected_stack_is_not_deleted_until_protection_is_off(aws):
    cfn = aws.cloudformation
    cfn.execute_change_set(ChangeSetName=change_set(aws, "create", "CREATE", 7))
    assert cfn.describe_stacks(StackName="plan")["Stacks"][0]["EnableTerminationProtection"] is False

    answer = cfn.update_termination_protection(StackName="plan", EnableTerminationProtection=True)
    assert answer["StackId"].startswith("arn:aws:cloudformation:")
    assert cfn.describe_stacks(StackName="plan")["Stacks"][0]["EnableTerminationProtection"] is True
    with pytest.raises(ClientError) as refused:
        cfn.delete_stack(StackName="plan")
    assert refused.value.response["Error"]["Code"] == "ValidationError"
    assert "cannot be deleted while TerminationProtection is enabled" in refused.value.response["Error"]["Message"]
    assert stack_status(aws, "plan") == "CREATE_COMPLETE", "nothing was deleted"
    assert aws.logs.describe_log_groups(logGroupNamePrefix="/plan/logs")["logGroups"]

    cfn.update_termination_protection(StackName="plan", EnableTerminationProtection=False)
    cfn.delete_stack(StackName="plan")
    assert not aws.logs.describe_log_groups(logGroupNamePrefix="/plan/logs")["logGroups"]
    with pytest.raises(ClientError):
        cfn.update_termination_protection(StackName="plan", EnableTerminationProtection=True)
