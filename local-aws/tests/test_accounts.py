"""An access key id of 12 digits acts in that account: STS names it, and
what one account creates (a stack through the CloudFormation engine, a
bucket) is not seen from another."""

from __future__ import annotations

import json

import boto3

from conftest import REGION
from templates import stack_status

ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"


class AccountClients:
    """boto3 clients signing with `key` (the shape `templates` helpers take)."""

    def __init__(self, endpoint: str, key: str):
        self._endpoint = endpoint
        self._key = key

    def __getattr__(self, service: str):
        return client(self._endpoint, service, self._key)


def client(endpoint: str, service: str, key: str):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=key,
        aws_secret_access_key="test",
    )


def test_a_twelve_digit_key_is_its_account_and_others_keep_the_default(endpoint):
    assert client(endpoint, "sts", ACCOUNT_A).get_caller_identity()["Account"] == ACCOUNT_A
    assert client(endpoint, "sts", ACCOUNT_B).get_caller_identity()["Account"] == ACCOUNT_B
    # Not 12 digits: moto's default account, as before.
    for key in ["test", "12345678901", "1234567890123", "AKIA11111111"]:
        assert client(endpoint, "sts", key).get_caller_identity()["Account"] == "123456789012", key


def test_a_key_issued_through_iam_keeps_its_own_account(endpoint):
    iam = client(endpoint, "iam", ACCOUNT_A)
    iam.create_user(UserName="deployer")
    key = iam.create_access_key(UserName="deployer")["AccessKey"]
    sts = boto3.client(
        "sts",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    assert sts.get_caller_identity()["Account"] == ACCOUNT_A


def test_stacks_and_buckets_stay_in_their_account(endpoint):
    template = {
        "Resources": {
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/a"}},
        }
    }
    cfn_a = client(endpoint, "cloudformation", ACCOUNT_A)
    cfn_a.create_stack(StackName="app", TemplateBody=json.dumps(template))
    assert stack_status(AccountClients(endpoint, ACCOUNT_A), "app") == "CREATE_COMPLETE"
    stack = cfn_a.describe_stacks(StackName="app")["Stacks"][0]
    assert f":{ACCOUNT_A}:stack/app/" in stack["StackId"]
    assert client(endpoint, "logs", ACCOUNT_A).describe_log_groups()["logGroups"][0]["arn"].split(":")[4] == ACCOUNT_A

    cfn_b = client(endpoint, "cloudformation", ACCOUNT_B)
    assert cfn_b.list_stacks()["StackSummaries"] == []
    assert client(endpoint, "logs", ACCOUNT_B).describe_log_groups()["logGroups"] == []

    client(endpoint, "s3", ACCOUNT_B).create_bucket(Bucket="only-in-b")
    assert [b["Name"] for b in client(endpoint, "s3", ACCOUNT_B).list_buckets()["Buckets"]] == ["only-in-b"]
    assert client(endpoint, "s3", ACCOUNT_A).list_buckets()["Buckets"] == []
