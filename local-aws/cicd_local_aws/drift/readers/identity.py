"""Drift reader of IAM roles: trust policy, inline policies, managed
policies, description, session duration, tags."""

from __future__ import annotations

from typing import Any

from moto.iam.models import iam_backends

from ...resources.base import Context, Provisioned
from .base import DriftReader


class RoleReader(DriftReader):
    type_name = "AWS::IAM::Role"
    covered = frozenset(
        {"AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns", "Description", "MaxSessionDuration", "Path", "Tags"}
    )

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        backend = iam_backends[ctx.account_id][ctx.partition]
        name = resource.physical_resource_id
        try:
            role = backend.get_role(name)
        except Exception:
            return None
        actual: dict[str, Any] = {
            "AssumeRolePolicyDocument": role.assume_role_policy_document,
            "Path": role.path,
            "MaxSessionDuration": role.max_session_duration,
        }
        if role.description:
            actual["Description"] = role.description
        # Inline policies in the template's order, then any added outside it.
        expected_names = [p["PolicyName"] for p in resource.properties.get("Policies", [])]
        stored = dict(role.policies)
        ordered = [n for n in expected_names if n in stored] + sorted(n for n in stored if n not in expected_names)
        if ordered:
            actual["Policies"] = [{"PolicyName": n, "PolicyDocument": stored[n]} for n in ordered]
        managed = list(role.managed_policies)
        if managed:
            expected_arns = list(resource.properties.get("ManagedPolicyArns", []))
            actual["ManagedPolicyArns"] = [a for a in expected_arns if a in managed] + sorted(
                a for a in managed if a not in expected_arns
            )
        tags, _ = backend.list_role_tags(name, None)
        if tags:
            actual["Tags"] = tags
        return actual
