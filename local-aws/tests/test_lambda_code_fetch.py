"""Lambda fetches a function's code from a bucket in the function's Region,
and from another account's bucket only when its policy grants the
function's account s3:GetObject; a stack set's instances, whose template
names the bucket through `${AWS::Region}`, each get the code of their own
Region."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile

import pytest
from botocore.exceptions import ClientError

from test_stacksets import ADMIN, TARGETS, client, instances, roles, wait

FUNCTION_ACCOUNT = TARGETS[0]


def code_zip(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # A fixed date: the same text gives the same bytes, and hash.
        archive.writestr(zipfile.ZipInfo("index.py", date_time=(2020, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def bucket_with_code(endpoint: str, account: str, region: str, name: str, data: bytes) -> None:
    s3 = client(endpoint, "s3", account, region)
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_object(Bucket=name, Key="assets/code.zip", Body=data)


def grant_read(endpoint: str, owner: str, region: str, bucket: str, *readers: str) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:aws:iam::{reader}:root" for reader in readers]},
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/assets/*",
            },
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    }
    client(endpoint, "s3", owner, region).put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def create_function(endpoint: str, account: str, region: str, bucket: str) -> dict:
    iam = client(endpoint, "iam", account)
    try:
        role = iam.get_role(RoleName="fn")["Role"]["Arn"]
    except ClientError:
        role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))["Role"]["Arn"]
    return client(endpoint, "lambda", account, region).create_function(
        FunctionName="fn",
        Runtime="python3.12",
        Role=role,
        Handler="index.handler",
        Code={"S3Bucket": bucket, "S3Key": "assets/code.zip"},
    )


def test_code_in_a_bucket_of_another_region_is_refused_with_s3s_redirect(endpoint):
    bucket_with_code(endpoint, FUNCTION_ACCOUNT, "eu-west-1", "code-eu", code_zip("x = 1"))
    with pytest.raises(ClientError) as refused:
        create_function(endpoint, FUNCTION_ACCOUNT, "us-east-1", "code-eu")
    error = refused.value.response["Error"]
    assert error["Code"] == "InvalidParameterValueException"
    assert "PermanentRedirect" in error["Message"]
    assert "The bucket is in this region: eu-west-1" in error["Message"]
    # In the bucket's own Region the same call succeeds.
    created = create_function(endpoint, FUNCTION_ACCOUNT, "eu-west-1", "code-eu")
    assert created["CodeSha256"] == sha256_b64(code_zip("x = 1"))


def test_another_accounts_bucket_must_grant_the_functions_account(endpoint):
    data = code_zip("x = 2")
    bucket_with_code(endpoint, ADMIN, "us-east-1", "code-admin", data)
    with pytest.raises(ClientError) as refused:
        create_function(endpoint, FUNCTION_ACCOUNT, "us-east-1", "code-admin")
    message = refused.value.response["Error"]["Message"]
    assert "Your access has been denied by S3" in message
    assert "code-admin/assets/code.zip" in message
    # A grant to some other account does not help ...
    grant_read(endpoint, ADMIN, "us-east-1", "code-admin", TARGETS[1])
    with pytest.raises(ClientError):
        create_function(endpoint, FUNCTION_ACCOUNT, "us-east-1", "code-admin")
    # ... a grant to the function's account does (the TLS-only Deny does not apply).
    grant_read(endpoint, ADMIN, "us-east-1", "code-admin", FUNCTION_ACCOUNT)
    created = create_function(endpoint, FUNCTION_ACCOUNT, "us-east-1", "code-admin")
    assert created["CodeSha256"] == sha256_b64(data)


def test_update_function_code_is_checked_too(endpoint):
    bucket_with_code(endpoint, FUNCTION_ACCOUNT, "us-east-1", "code-here", code_zip("x = 3"))
    bucket_with_code(endpoint, FUNCTION_ACCOUNT, "eu-west-1", "code-there", code_zip("x = 4"))
    create_function(endpoint, FUNCTION_ACCOUNT, "us-east-1", "code-here")
    with pytest.raises(ClientError) as refused:
        client(endpoint, "lambda", FUNCTION_ACCOUNT, "us-east-1").update_function_code(
            FunctionName="fn", S3Bucket="code-there", S3Key="assets/code.zip"
        )
    assert "PermanentRedirect" in refused.value.response["Error"]["Message"]


def test_stack_set_instances_fetch_the_code_of_their_own_region(endpoint):
    """The template names `assets-<admin>-${AWS::Region}`: each instance
    resolves it in its own Region, so each function gets its Region's
    bytes (different here, to tell them apart)."""
    regions = ["us-east-1", "eu-west-1"]
    accounts = TARGETS[:2]
    roles(endpoint, accounts)
    for region in regions:
        bucket = f"assets-{ADMIN}-{region}"
        bucket_with_code(endpoint, ADMIN, region, bucket, code_zip(f"region = '{region}'"))
        grant_read(endpoint, ADMIN, region, bucket, *accounts)
    template = {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                },
            },
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "FunctionName": "fetched",
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {
                        "S3Bucket": {"Fn::Sub": f"assets-{ADMIN}-${{AWS::Region}}"},
                        "S3Key": "assets/code.zip",
                    },
                },
            },
        }
    }
    cfn = client(endpoint, "cloudformation", ADMIN)
    cfn.create_stack_set(StackSetName="code", TemplateBody=json.dumps(template), Capabilities=["CAPABILITY_IAM"])
    op_id = cfn.create_stack_instances(StackSetName="code", Accounts=accounts, Regions=regions)["OperationId"]
    assert wait(cfn, "code", op_id)["Status"] == "SUCCEEDED", [i.get("StatusReason") for i in instances(cfn, "code").values()]
    for (account, region), instance in instances(cfn, "code").items():
        assert instance["Status"] == "CURRENT", instance
        fn = client(endpoint, "lambda", account, region).get_function(FunctionName="fetched")
        assert fn["Configuration"]["CodeSha256"] == sha256_b64(code_zip(f"region = '{region}'"))

    # Without the grant, an instance in a new account fails with Lambda's reason.
    third = TARGETS[2]
    roles_only = client(endpoint, "iam", third)
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ADMIN}:root"}, "Action": "sts:AssumeRole"}],
    }
    roles_only.create_role(RoleName="AWSCloudFormationStackSetExecutionRole", AssumeRolePolicyDocument=json.dumps(trust))
    op_id = cfn.create_stack_instances(StackSetName="code", Accounts=[third], Regions=regions[:1])["OperationId"]
    assert wait(cfn, "code", op_id)["Status"] == "FAILED"
    reason = instances(cfn, "code")[(third, regions[0])]["StatusReason"]
    assert "ResourceLogicalId:Fn" in reason and "Your access has been denied by S3" in reason, reason
