"""Self-managed permissions, checked per stack instance as CloudFormation
does before it touches the target account.

What AWS requires (CloudFormation User Guide, self-managed permissions):
- the administration role (AdministrationRoleARN, by default
  AWSCloudFormationStackSetAdministrationRole) exists in the account that
  owns the stack set and trusts the service principal
  cloudformation.amazonaws.com, and its policies allow sts:AssumeRole on the
  execution role of each target account;
- the execution role (ExecutionRoleName, by default
  AWSCloudFormationStackSetExecutionRole) exists in each target account and
  trusts the administration account (AWS's sample template names the
  account id) or the administration role itself.
When either is missing the instance fails with a reason naming the account
and the role ("Account ... should have '...' role with trust relationship
to ..."), the text CloudFormation reports."""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import unquote

from moto.iam.models import iam_backends
from moto.utilities.utils import get_partition

SERVICE = "cloudformation.amazonaws.com"


def _document(raw: Any) -> dict:
    if isinstance(raw, dict):
        return raw
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return json.loads(unquote(raw))


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _allow_statements(document: Any) -> list[dict]:
    return [s for s in _as_list(_document(document).get("Statement")) if s.get("Effect") == "Allow"]


def _allows_assume(statement: dict) -> bool:
    return any(fnmatchcase("sts:assumerole", a.lower()) for a in _as_list(statement.get("Action")))


def _role(account: str, partition: str, name: str) -> Any | None:
    backend = iam_backends[account][partition]
    return next((r for r in backend.roles.values() if r.name == name), None)


def role_name_of(arn: str) -> str:
    """`arn:aws:iam::1:role/path/Name` -> `path/Name` (how AWS names it in
    reasons) ; the role's own name is the last segment."""
    return arn.split(":role/", 1)[1] if ":role/" in arn else arn


def _admin_trusts_service(role: Any) -> bool:
    for statement in _allow_statements(role.assume_role_policy_document):
        services = _as_list((statement.get("Principal") or {}).get("Service"))
        if SERVICE in services and _allows_assume(statement):
            return True
    return False


def _policy_documents(role: Any) -> list[Any]:
    documents = list(role.policies.values())
    for policy in role.managed_policies.values():
        default = next((v for v in policy.versions if v.version_id == policy.default_version_id), None)
        if default is not None:
            documents.append(default.document)
    return documents


def _admin_may_assume(role: Any, execution_arn: str) -> bool:
    for document in _policy_documents(role):
        for statement in _allow_statements(document):
            if _allows_assume(statement) and any(
                fnmatchcase(execution_arn, r) for r in _as_list(statement.get("Resource"))
            ):
                return True
    return False


def _execution_trusts(role: Any, admin_account: str, admin_arn: str, partition: str) -> bool:
    trusted = {admin_account, f"arn:{partition}:iam::{admin_account}:root", admin_arn}
    for statement in _allow_statements(role.assume_role_policy_document):
        principals = _as_list((statement.get("Principal") or {}).get("AWS"))
        if _allows_assume(statement) and trusted.intersection(principals):
            return True
    return False


def refusal(admin_account: str, admin_arn: str, execution_name: str, target: str, region: str) -> str | None:
    """Why the instance in `target` may not be deployed, or None."""
    partition = get_partition(region)
    admin_name = role_name_of(admin_arn)
    admin_account_of_arn = admin_arn.split(":")[4] if admin_arn.count(":") >= 5 else admin_account
    admin = _role(admin_account_of_arn, partition, admin_name.rsplit("/", 1)[-1])
    if admin is None or not _admin_trusts_service(admin):
        return (
            f"Account {admin_account_of_arn} should have '{admin_name}' role with trust "
            "relationship to CloudFormation service."
        )
    execution_arn = f"arn:{partition}:iam::{target}:role/{execution_name}"
    execution = _role(target, partition, execution_name.rsplit("/", 1)[-1])
    if (
        execution is None
        or not _execution_trusts(execution, admin_account_of_arn, admin.arn, partition)
        or not _admin_may_assume(admin, execution_arn)
    ):
        return (
            f"Account {target} should have '{execution_name}' role with trust "
            f"relationship to Role '{admin_name}'."
        )
    return None
