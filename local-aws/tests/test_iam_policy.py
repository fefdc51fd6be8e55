"""AWS::IAM::Policy as an inline policy of the roles it lists: created,
moved between roles, renamed, re-documented and removed with the stack."""

from __future__ import annotations

import copy
import json

from templates import stack_status

TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"}],
}


def template(policy_name: str = "Access", roles: tuple[str, ...] = ("First",), actions: list[str] | None = None) -> dict:
    return {
        "Resources": {
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/logs"}},
            "First": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": TRUST}},
            "Second": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": TRUST}},
            "Access": {
                "Type": "AWS::IAM::Policy",
                "Properties": {
                    "PolicyName": policy_name,
                    "Roles": [{"Ref": role} for role in roles],
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": actions or ["logs:PutLogEvents"],
                                "Resource": {"Fn::GetAtt": ["Logs", "Arn"]},
                            }
                        ],
                    },
                },
            },
        },
        "Outputs": {"PolicyId": {"Value": {"Ref": "Access"}}},
    }


def role_names(aws) -> dict[str, str]:
    listed = aws.cloudformation.describe_stack_resources(StackName="p")["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed}


def inline(aws, role: str) -> dict[str, dict]:
    iam = aws.iam
    return {
        name: iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
    }


LOGS_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/app/logs:*"


def test_create_puts_the_resolved_document_on_the_role(aws):
    aws.cloudformation.create_stack(StackName="p", TemplateBody=json.dumps(template()))
    assert stack_status(aws, "p") == "CREATE_COMPLETE"
    roles = role_names(aws)
    assert inline(aws, roles["First"]) == {
        "Access": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": LOGS_ARN}],
        }
    }
    assert inline(aws, roles["Second"]) == {}
    outputs = aws.cloudformation.describe_stacks(StackName="p")["Stacks"][0]["Outputs"]
    assert outputs[0]["OutputValue"] == roles["Access"]


def test_updates_move_rename_and_rewrite_the_policy(aws):
    aws.cloudformation.create_stack(StackName="p", TemplateBody=json.dumps(template()))
    roles = role_names(aws)

    moved = template(roles=("Second",), actions=["logs:PutLogEvents", "logs:CreateLogStream"])
    aws.cloudformation.update_stack(StackName="p", TemplateBody=json.dumps(moved))
    assert stack_status(aws, "p") == "UPDATE_COMPLETE"
    assert inline(aws, roles["First"]) == {}
    assert inline(aws, roles["Second"])["Access"]["Statement"][0]["Action"] == [
        "logs:PutLogEvents",
        "logs:CreateLogStream",
    ]

    renamed = template(policy_name="Renamed", roles=("First", "Second"))
    aws.cloudformation.update_stack(StackName="p", TemplateBody=json.dumps(renamed))
    assert stack_status(aws, "p") == "UPDATE_COMPLETE"
    for role in ("First", "Second"):
        assert list(inline(aws, roles[role])) == ["Renamed"]


def test_a_policy_on_a_missing_role_fails_and_rolls_back(aws):
    broken = copy.deepcopy(template())
    broken["Resources"]["Access"]["Properties"]["Roles"] = ["no-such-role"]
    aws.cloudformation.create_stack(StackName="p", TemplateBody=json.dumps(broken))
    status = stack_status(aws, "p")
    assert status.startswith("ROLLBACK_COMPLETE: Access"), status
    assert "no-such-role" in status


def test_deleting_the_stack_removes_the_policy_before_the_roles(aws):
    aws.cloudformation.create_stack(StackName="p", TemplateBody=json.dumps(template(roles=("First", "Second"))))
    aws.cloudformation.delete_stack(StackName="p")
    gone = aws.cloudformation.describe_stacks(StackName=aws.cloudformation.list_stacks()["StackSummaries"][0]["StackId"])
    assert gone["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    assert aws.iam.list_roles()["Roles"] == []
