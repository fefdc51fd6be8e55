"""Lambda's fetch of a function's code from S3, with the two rules AWS
applies and moto 5.2.5 does not (its code says "FIXME: does not validate
bucket region"):

- the bucket must be in the function's Region: Lambda fails the call with
  S3's PermanentRedirect ("The bucket is in this region: ...");
- a bucket of another account must grant the function's account
  `s3:GetObject` on the object in its bucket policy: otherwise Lambda's
  "Your access has been denied by S3 ..." (moto lets any account read any
  bucket).

Both matter to stack sets: a stack instance's function fetches its code in
its own account and Region, so the template must name a bucket there, or a
bucket in that Region whose policy lets the instance's account read it.

Applied to CreateFunction and UpdateFunctionCode in the Lambda backend, so
the API and CloudFormation's AWS::Lambda::Function both go through it.

The bucket policy is read as AWS reads it for this one request, within
these limits: principals are matched by account (`"*"`, the account id or
`arn:aws:iam::<account>:root`; a policy naming only a role of the account
does not grant it here), and a statement with a condition other than
`aws:SecureTransport` (a request over TLS, see s3_patches) does not apply.
IAM policies of the caller are not evaluated (the endpoint enforces none)."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from moto.awslambda.exceptions import InvalidParameterValueException
from moto.awslambda.models import LambdaBackend
from moto.s3.models import s3_backends

_original_create = LambdaBackend.create_function
_original_update_code = LambdaBackend.update_function_code


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _principal_is_account(principal: Any, account: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for name in _as_list(principal.get("AWS")):
        if name in ("*", account, f"arn:aws:iam::{account}:root"):
            return True
    return False


def _matches(patterns: Any, value: str, case_sensitive: bool) -> bool:
    for pattern in _as_list(patterns):
        if case_sensitive and fnmatch.fnmatchcase(value, pattern):
            return True
        if not case_sensitive and fnmatch.fnmatchcase(value.lower(), str(pattern).lower()):
            return True
    return False


def _applies_over_tls(statement: dict[str, Any]) -> bool:
    """Whether the statement's condition holds for a TLS request; a
    condition on anything else is not emulated, so the statement does not
    apply."""
    condition = statement.get("Condition")
    if not condition:
        return True
    if set(condition) != {"Bool"} or set(condition["Bool"]) != {"aws:SecureTransport"}:
        return False
    return "true" in [str(v).lower() for v in _as_list(condition["Bool"]["aws:SecureTransport"])]


def policy_grants_get_object(policy: str | None, account: str, bucket: str, key: str) -> bool:
    """Whether a bucket policy lets `account` call s3:GetObject on
    `bucket/key`: an Allow that matches and no Deny that does."""
    if not policy:
        return False
    document = json.loads(policy)
    resource = f"arn:aws:s3:::{bucket}/{key}"
    allowed = False
    for statement in _as_list(document.get("Statement")):
        if any(k in statement for k in ("NotPrincipal", "NotAction", "NotResource")):
            continue
        if not _applies_over_tls(statement):
            continue
        if not (
            _principal_is_account(statement.get("Principal"), account)
            and _matches(statement.get("Action"), "s3:GetObject", case_sensitive=False)
            and _matches(statement.get("Resource"), resource, case_sensitive=True)
        ):
            continue
        if statement.get("Effect") == "Deny":
            return False
        if statement.get("Effect") == "Allow":
            allowed = True
    return allowed


def check_code_location(account: str, region: str, code: dict[str, Any]) -> None:
    """Refuses, with Lambda's message, code in a bucket of another Region,
    or of another account that does not grant this one. A bucket that does
    not exist is left to moto (NoSuchBucket)."""
    bucket_name, key = code.get("S3Bucket"), code.get("S3Key")
    if not bucket_name or not key:
        return
    located = s3_backends.bucket_accounts.get(bucket_name)
    if located is None:
        return
    partition, owner = located
    bucket = s3_backends[owner][partition].buckets.get(bucket_name)
    if bucket is None:
        return
    if bucket.region_name != region:
        raise InvalidParameterValueException(
            "Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: "
            f"The bucket is in this region: {bucket.region_name}. Please use this region to retry the request"
        )
    if owner != account:
        policy = bucket.policy.decode() if isinstance(bucket.policy, bytes) else bucket.policy
        if not policy_grants_get_object(policy, account, bucket_name, key):
            raise InvalidParameterValueException(
                "Your access has been denied by S3, please make sure your request credentials have "
                f"permission to GetObject for {bucket_name}/{key}. S3 Error Code: AccessDenied. "
                "S3 Error Message: Access Denied"
            )


def _create_function(self: Any, spec: dict[str, Any]) -> Any:
    check_code_location(self.account_id, self.region_name, spec.get("Code") or {})
    return _original_create(self, spec)


def _update_function_code(self: Any, function_name: str, qualifier: str, body: dict[str, Any]) -> Any:
    check_code_location(self.account_id, self.region_name, body)
    return _original_update_code(self, function_name, qualifier, body)


def apply() -> None:
    LambdaBackend.create_function = _create_function
    LambdaBackend.update_function_code = _update_function_code
