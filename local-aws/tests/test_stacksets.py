"""StackSets with self-managed permissions: operations run in the
background, check the administration and execution roles, deploy a real
stack through the engine in every target account and region, and follow the
operation preferences (failure tolerance, concurrency, region order)."""

from __future__ import annotations

import json
import time

import boto3
import pytest

ADMIN = "111111111111"
TARGETS = ["222222222222", "333333333333", "444444444444"]
REGIONS = ["us-east-1", "eu-west-1"]
EXECUTION = "AWSCloudFormationStackSetExecutionRole"
ADMINISTRATION = "AWSCloudFormationStackSetAdministrationRole"

TEMPLATE = json.dumps(
    {"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/baseline/v1"}}}}
)
TEMPLATE_V2 = json.dumps(
    {"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/baseline/v2"}}}}
)


def client(endpoint: str, service: str, account: str, region: str = "us-east-1"):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=account,
        aws_secret_access_key="test",
    )


def admin_role(endpoint: str) -> None:
    iam = client(endpoint, "iam", ADMIN)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam.create_role(RoleName=ADMINISTRATION, AssumeRolePolicyDocument=json.dumps(trust))
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::*:role/{EXECUTION}"}
        ],
    }
    iam.put_role_policy(RoleName=ADMINISTRATION, PolicyName="assume-execution", PolicyDocument=json.dumps(policy))


def execution_role(endpoint: str, account: str) -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ADMIN}:root"}, "Action": "sts:AssumeRole"}
        ],
    }
    client(endpoint, "iam", account).create_role(RoleName=EXECUTION, AssumeRolePolicyDocument=json.dumps(trust))


def roles(endpoint: str, targets: list[str] = TARGETS) -> None:
    admin_role(endpoint)
    for account in targets:
        execution_role(endpoint, account)


def wait(cfn, name: str, operation_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        op = cfn.describe_stack_set_operation(StackSetName=name, OperationId=operation_id)["StackSetOperation"]
        if op["Status"] not in ("RUNNING", "STOPPING", "QUEUED"):
            return op
        assert time.monotonic() < deadline, f"operation still {op['Status']}"
        time.sleep(0.05)


def results(cfn, name: str, operation_id: str) -> dict[tuple[str, str], dict]:
    summaries = cfn.list_stack_set_operation_results(StackSetName=name, OperationId=operation_id)["Summaries"]
    return {(s["Account"], s["Region"]): s for s in summaries}


def instances(cfn, name: str) -> dict[tuple[str, str], dict]:
    summaries = cfn.list_stack_instances(StackSetName=name)["Summaries"]
    return {(s["Account"], s["Region"]): s for s in summaries}


def log_groups(endpoint: str, account: str, region: str) -> list[str]:
    groups = client(endpoint, "logs", account, region).describe_log_groups()["logGroups"]
    return [g["logGroupName"] for g in groups]


@pytest.fixture
def cfn(endpoint):
    return client(endpoint, "cloudformation", ADMIN)


def test_an_operation_runs_in_the_background_and_lands_a_stack_in_each_account_and_region(endpoint, cfn):
    roles(endpoint)
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(
        StackSetName="baseline",
        Accounts=TARGETS,
        Regions=REGIONS,
        OperationPreferences={"MaxConcurrentCount": 2, "FailureToleranceCount": 1},
    )["OperationId"]
    # The call returns before the work is done.
    running = cfn.describe_stack_set_operation(StackSetName="baseline", OperationId=op_id)["StackSetOperation"]
    assert running["Status"] == "RUNNING"
    assert {i["StackInstanceStatus"]["DetailedStatus"] for i in instances(cfn, "baseline").values()} <= {
        "PENDING",
        "RUNNING",
    }

    op = wait(cfn, "baseline", op_id)
    assert op["Status"] == "SUCCEEDED"
    assert op["OperationPreferences"]["MaxConcurrentCount"] == 2
    assert op["AdministrationRoleARN"] == f"arn:aws:iam::{ADMIN}:role/{ADMINISTRATION}"
    found = instances(cfn, "baseline")
    assert set(found) == {(a, r) for a in TARGETS for r in REGIONS}
    for (account, region), instance in found.items():
        assert instance["Status"] == "CURRENT"
        assert instance["StackInstanceStatus"]["DetailedStatus"] == "SUCCEEDED"
        assert f":{region}:{account}:stack/StackSet-baseline-" in instance["StackId"]
        stack = client(endpoint, "cloudformation", account, region).describe_stacks(StackName=instance["StackId"])[
            "Stacks"
        ][0]
        assert stack["StackStatus"] == "CREATE_COMPLETE"
        assert log_groups(endpoint, account, region) == ["/baseline/v1"]
    # Nothing landed in the administration account.
    assert log_groups(endpoint, ADMIN, "us-east-1") == []
    assert {s["Status"] for s in results(cfn, "baseline", op_id).values()} == {"SUCCEEDED"}


def test_without_the_administration_role_every_instance_fails_with_aws_reason(endpoint, cfn):
    for account in TARGETS:
        execution_role(endpoint, account)
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(StackSetName="baseline", Accounts=TARGETS[:1], Regions=REGIONS[:1])[
        "OperationId"
    ]
    assert wait(cfn, "baseline", op_id)["Status"] == "FAILED"
    result = results(cfn, "baseline", op_id)[(TARGETS[0], REGIONS[0])]
    assert result["Status"] == "FAILED"
    assert result["StatusReason"] == (
        f"Account {ADMIN} should have '{ADMINISTRATION}' role with trust relationship to CloudFormation service."
    )
    assert log_groups(endpoint, TARGETS[0], REGIONS[0]) == []


def test_an_administration_role_that_does_not_trust_cloudformation_is_refused(endpoint, cfn):
    roles(endpoint)
    iam = client(endpoint, "iam", ADMIN)
    other = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.update_assume_role_policy(RoleName=ADMINISTRATION, PolicyDocument=json.dumps(other))
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(StackSetName="baseline", Accounts=TARGETS[:1], Regions=REGIONS[:1])[
        "OperationId"
    ]
    assert wait(cfn, "baseline", op_id)["Status"] == "FAILED"
    assert "trust relationship to CloudFormation service" in results(cfn, "baseline", op_id)[(TARGETS[0], REGIONS[0])]["StatusReason"]


def test_3_accounts_x_2_regions_one_account_without_execution_role_tolerance_1(endpoint, cfn):
    roles(endpoint, TARGETS[:2])
    missing = TARGETS[2]
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(
        StackSetName="baseline",
        Accounts=TARGETS,
        Regions=REGIONS,
        OperationPreferences={"FailureToleranceCount": 1, "MaxConcurrentCount": 2},
    )["OperationId"]
    op = wait(cfn, "baseline", op_id)
    # One failure per region is within the tolerance of 1 (counted per region).
    assert op["Status"] == "SUCCEEDED"
    assert op["StatusDetails"]["FailedStackInstancesCount"] == 2
    reason = f"Account {missing} should have '{EXECUTION}' role with trust relationship to Role '{ADMINISTRATION}'."
    found = instances(cfn, "baseline")
    for (account, region), instance in found.items():
        if account == missing:
            assert instance["Status"] == "OUTDATED"
            assert instance["StackInstanceStatus"]["DetailedStatus"] == "FAILED"
            assert instance["StatusReason"] == reason
            assert log_groups(endpoint, account, region) == []
        else:
            assert instance["Status"] == "CURRENT", instance
            assert log_groups(endpoint, account, region) == ["/baseline/v1"]
    assert results(cfn, "baseline", op_id)[(missing, "eu-west-1")]["StatusReason"] == reason


def test_3_accounts_x_2_regions_one_instance_fails_tolerance_1(endpoint, cfn):
    roles(endpoint)
    # The log group already exists in one account and region: only that
    # instance's stack fails, and rolls back.
    client(endpoint, "logs", TARGETS[1], "eu-west-1").create_log_group(logGroupName="/baseline/v1")
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(
        StackSetName="baseline",
        Accounts=TARGETS,
        Regions=REGIONS,
        OperationPreferences={"FailureToleranceCount": 1, "MaxConcurrentCount": 2},
    )["OperationId"]
    assert wait(cfn, "baseline", op_id)["Status"] == "SUCCEEDED"
    found = instances(cfn, "baseline")
    failed = found[(TARGETS[1], "eu-west-1")]
    assert failed["StackInstanceStatus"]["DetailedStatus"] == "FAILED"
    assert failed["StatusReason"].startswith("ResourceLogicalId:Logs, ResourceType:AWS::Logs::LogGroup, ResourceStatusReason:")
    stack = client(endpoint, "cloudformation", TARGETS[1], "eu-west-1").describe_stacks(StackName=failed["StackId"])
    assert stack["Stacks"][0]["StackStatus"] == "ROLLBACK_COMPLETE"
    assert [k for k, i in found.items() if i["Status"] == "CURRENT"] == [
        k for k in found if k != (TARGETS[1], "eu-west-1")
    ]


def test_failures_beyond_the_tolerance_cancel_the_rest_and_later_regions(endpoint, cfn):
    roles(endpoint, TARGETS[1:])  # the first account has no execution role
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(
        StackSetName="baseline",
        Accounts=TARGETS,
        Regions=["us-east-1", "eu-west-1"],
        OperationPreferences={"FailureToleranceCount": 0, "MaxConcurrentCount": 1, "RegionOrder": ["eu-west-1"]},
    )["OperationId"]
    op = wait(cfn, "baseline", op_id)
    assert op["Status"] == "FAILED"
    assert "eu-west-1" in op["StatusReason"]
    got = {k: r["Status"] for k, r in results(cfn, "baseline", op_id).items()}
    # RegionOrder puts eu-west-1 first; its first account fails, so nothing
    # else starts there, and us-east-1 is never attempted.
    assert got == {
        (TARGETS[0], "eu-west-1"): "FAILED",
        (TARGETS[1], "eu-west-1"): "CANCELLED",
        (TARGETS[2], "eu-west-1"): "CANCELLED",
        (TARGETS[0], "us-east-1"): "CANCELLED",
        (TARGETS[1], "us-east-1"): "CANCELLED",
        (TARGETS[2], "us-east-1"): "CANCELLED",
    }
    cancelled = instances(cfn, "baseline")[(TARGETS[2], "us-east-1")]
    assert cancelled["Status"] == "OUTDATED"
    assert cancelled["StackInstanceStatus"]["DetailedStatus"] == "CANCELLED"
    assert cancelled["StatusReason"] == "Cancelled since failure tolerance has exceeded"
    assert log_groups(endpoint, TARGETS[2], "us-east-1") == []


def test_parallel_regions_run_on_when_one_region_fails(endpoint, cfn):
    roles(endpoint)
    client(endpoint, "logs", TARGETS[0], "eu-west-1").create_log_group(logGroupName="/baseline/v1")
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(
        StackSetName="baseline",
        Accounts=TARGETS,
        Regions=["eu-west-1", "us-east-1"],
        OperationPreferences={"FailureToleranceCount": 0, "RegionConcurrencyType": "PARALLEL"},
    )["OperationId"]
    assert wait(cfn, "baseline", op_id)["Status"] == "FAILED"
    got = {k: r["Status"] for k, r in results(cfn, "baseline", op_id).items()}
    assert got[(TARGETS[0], "eu-west-1")] == "FAILED"
    assert got[(TARGETS[1], "eu-west-1")] == "CANCELLED"
    assert {got[(a, "us-east-1")] for a in TARGETS} == {"SUCCEEDED"}


def test_a_tolerance_percentage_rounds_down(endpoint, cfn):
    roles(endpoint, TARGETS[1:])
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    # 3 accounts x 50 % = 1.5, rounded down to 1: the one failure is tolerated.
    op_id = cfn.create_stack_instances(
        StackSetName="baseline",
        Accounts=TARGETS,
        Regions=["us-east-1"],
        OperationPreferences={"FailureTolerancePercentage": 50, "MaxConcurrentPercentage": 100},
    )["OperationId"]
    assert wait(cfn, "baseline", op_id)["Status"] == "SUCCEEDED"
    # 3 x 33 % = 0.99, rounded down to 0: the same failure is too many.
    cfn.create_stack_set(StackSetName="strict", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(
        StackSetName="strict",
        Accounts=TARGETS,
        Regions=["us-east-1"],
        OperationPreferences={"FailureTolerancePercentage": 33, "MaxConcurrentCount": 1},
    )["OperationId"]
    assert wait(cfn, "strict", op_id)["Status"] == "FAILED"


def test_both_count_and_percentage_is_refused(cfn):
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    with pytest.raises(cfn.exceptions.ClientError, match="FailureToleranceCount or FailureTolerancePercentage"):
        cfn.create_stack_instances(
            StackSetName="baseline",
            Accounts=TARGETS,
            Regions=REGIONS,
            OperationPreferences={"FailureToleranceCount": 1, "FailureTolerancePercentage": 10},
        )


def test_accounts_and_regions_are_checked(cfn):
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    with pytest.raises(cfn.exceptions.ClientError, match="12-digit"):
        cfn.create_stack_instances(StackSetName="baseline", Accounts=["1234"], Regions=REGIONS)
    with pytest.raises(cfn.exceptions.ClientError, match="eu-nowhere-1"):
        cfn.create_stack_instances(StackSetName="baseline", Accounts=TARGETS, Regions=["eu-nowhere-1"])


def test_update_stack_set_updates_every_instance_stack(endpoint, cfn):
    roles(endpoint)
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(StackSetName="baseline", Accounts=TARGETS[:2], Regions=REGIONS)["OperationId"]
    assert wait(cfn, "baseline", op_id)["Status"] == "SUCCEEDED"
    stack_ids = {k: i["StackId"] for k, i in instances(cfn, "baseline").items()}

    op_id = cfn.update_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE_V2)["OperationId"]
    during = instances(cfn, "baseline")
    assert {i["Status"] for i in during.values()} <= {"OUTDATED", "CURRENT"}
    assert wait(cfn, "baseline", op_id)["Status"] == "SUCCEEDED"
    assert cfn.describe_stack_set(StackSetName="baseline")["StackSet"]["TemplateBody"] == TEMPLATE_V2
    after = instances(cfn, "baseline")
    for key, instance in after.items():
        assert instance["Status"] == "CURRENT"
        assert instance["LastOperationId"] == op_id
        assert instance["StackId"] == stack_ids[key]  # updated in place
        assert log_groups(endpoint, *key) == ["/baseline/v2"]


def test_one_operation_at_a_time_and_stop(endpoint, cfn):
    roles(endpoint)
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(
        StackSetName="baseline", Accounts=TARGETS, Regions=REGIONS, OperationPreferences={"MaxConcurrentCount": 1}
    )["OperationId"]
    with pytest.raises(cfn.exceptions.OperationInProgressException):
        cfn.update_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE_V2)
    cfn.stop_stack_set_operation(StackSetName="baseline", OperationId=op_id)
    op = wait(cfn, "baseline", op_id)
    assert op["Status"] == "STOPPED"
    statuses = [r["Status"] for r in results(cfn, "baseline", op_id).values()]
    assert "CANCELLED" in statuses and "RUNNING" not in statuses and "PENDING" not in statuses


def test_instances_first_then_the_set(endpoint, cfn):
    roles(endpoint)
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(StackSetName="baseline", Accounts=TARGETS[:2], Regions=REGIONS)["OperationId"]
    wait(cfn, "baseline", op_id)
    with pytest.raises(cfn.exceptions.StackSetNotEmptyException):
        cfn.delete_stack_set(StackSetName="baseline")

    op_id = cfn.delete_stack_instances(
        StackSetName="baseline", Accounts=TARGETS[:2], Regions=REGIONS, RetainStacks=False,
        OperationPreferences={"MaxConcurrentPercentage": 100, "FailureTolerancePercentage": 100},
    )["OperationId"]
    assert wait(cfn, "baseline", op_id)["Status"] == "SUCCEEDED"
    assert instances(cfn, "baseline") == {}
    for account in TARGETS[:2]:
        for region in REGIONS:
            assert log_groups(endpoint, account, region) == []
            live = client(endpoint, "cloudformation", account, region).list_stacks(StackStatusFilter=["CREATE_COMPLETE"])
            assert live["StackSummaries"] == []
    cfn.delete_stack_set(StackSetName="baseline")
    with pytest.raises(cfn.exceptions.StackSetNotFoundException):
        cfn.describe_stack_set(StackSetName="baseline")
    assert [s["Status"] for s in cfn.list_stack_sets()["Summaries"]] == ["DELETED"]


def test_retain_stacks_keeps_the_stack_in_its_account(endpoint, cfn):
    roles(endpoint)
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    wait(cfn, "baseline", cfn.create_stack_instances(StackSetName="baseline", Accounts=TARGETS[:1], Regions=REGIONS[:1])["OperationId"])
    op_id = cfn.delete_stack_instances(StackSetName="baseline", Accounts=TARGETS[:1], Regions=REGIONS[:1], RetainStacks=True)["OperationId"]
    assert wait(cfn, "baseline", op_id)["Status"] == "SUCCEEDED"
    assert instances(cfn, "baseline") == {}
    assert log_groups(endpoint, TARGETS[0], REGIONS[0]) == ["/baseline/v1"]


def test_a_failed_instance_is_retried_by_create_stack_instances(endpoint, cfn):
    roles(endpoint, TARGETS[1:])
    cfn.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
    op_id = cfn.create_stack_instances(StackSetName="baseline", Accounts=TARGETS[:1], Regions=REGIONS[:1])["OperationId"]
    assert wait(cfn, "baseline", op_id)["Status"] == "FAILED"
    execution_role(endpoint, TARGETS[0])
    op_id = cfn.create_stack_instances(StackSetName="baseline", Accounts=TARGETS[:1], Regions=REGIONS[:1])["OperationId"]
    assert wait(cfn, "baseline", op_id)["Status"] == "SUCCEEDED"
    instance = cfn.describe_stack_instance(
        StackSetName="baseline", StackInstanceAccount=TARGETS[0], StackInstanceRegion=REGIONS[0]
    )["StackInstance"]
    assert instance["Status"] == "CURRENT"
    assert "StatusReason" not in instance
