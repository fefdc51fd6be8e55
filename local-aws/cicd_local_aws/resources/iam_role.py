"""AWS::IAM::Role: trust policy, inline policies stored as JSON, managed
policies, tags; updates applied as differences."""

from __future__ import annotations

from typing import Any

from moto.iam.models import iam_backends

from .base import Context, Naming, Provisioned, ResourceHandler, deleted_on_failure, policy_text
from ..tags import sync_tags, tag_dict, tag_list


def _backend(ctx: Context) -> Any:
    return iam_backends[ctx.account_id][ctx.partition]


def _inline(props: dict[str, Any]) -> dict[str, str]:
    return {p["PolicyName"]: policy_text(p["PolicyDocument"]) for p in props.get("Policies", [])}


class RoleHandler(ResourceHandler):
    type_name = "AWS::IAM::Role"
    naming = Naming("RoleName", max_len=64)
    replacement_properties = ("Path",)

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        role = backend.create_role(
            role_name=name,
            assume_role_policy_document=policy_text(props["AssumeRolePolicyDocument"]),
            path=props.get("Path", "/"),
            permissions_boundary=props.get("PermissionsBoundary"),
            description=props.get("Description", ""),
            tags=tag_list(tag_dict(props.get("Tags"))),
            max_session_duration=str(props.get("MaxSessionDuration", 3600)),
        )
        with deleted_on_failure(lambda: self._remove(ctx, name)):
            for policy_name, document in _inline(props).items():
                backend.put_role_policy(name, policy_name, document)
            for arn in props.get("ManagedPolicyArns", []):
                backend.attach_role_policy(arn, name)
        return self.provisioned(ctx, name, props, self._attributes(role))

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        name = current.physical_resource_id
        old = current.properties
        backend.update_assume_role_policy(
            name, policy_text(props["AssumeRolePolicyDocument"])
        )
        backend.update_role(
            name, props.get("Description", ""), str(props.get("MaxSessionDuration", 3600))
        )
        old_inline, new_inline = _inline(old), _inline(props)
        for policy_name in old_inline:
            if policy_name not in new_inline:
                backend.delete_role_policy(name, policy_name)
        for policy_name, document in new_inline.items():
            backend.put_role_policy(name, policy_name, document)
        old_managed = set(old.get("ManagedPolicyArns", []))
        new_managed = set(props.get("ManagedPolicyArns", []))
        for arn in old_managed - new_managed:
            backend.detach_role_policy(arn, name)
        for arn in new_managed - old_managed:
            backend.attach_role_policy(arn, name)
        sync_tags(
            old.get("Tags"),
            props.get("Tags"),
            untag=lambda keys: backend.untag_role(name, keys),
            tag=lambda tags: backend.tag_role(name, tag_list(tags)),
        )
        return self.provisioned(ctx, name, props, self._attributes(backend.get_role(name)))

    def delete(self, ctx: Context, current: Provisioned) -> None:
        # As on AWS, only the managed policies the template attached are
        # detached: one attached outside the stack makes IAM refuse the
        # deletion (DeleteConflict), and the stack ends DELETE_FAILED.
        backend = _backend(ctx)
        name = current.physical_resource_id
        try:
            role = backend.get_role(name)
        except Exception:
            return
        declared = set(current.properties.get("ManagedPolicyArns", []))
        for arn in list(role.managed_policies):
            if arn in declared:
                backend.detach_role_policy(arn, name)
        for policy_name in backend.list_role_policies(name):
            backend.delete_role_policy(name, policy_name)
        backend.delete_role(name)

    @staticmethod
    def _remove(ctx: Context, name: str) -> None:
        backend = _backend(ctx)
        try:
            role = backend.get_role(name)
        except Exception:
            return
        for arn in list(role.managed_policies):
            backend.detach_role_policy(arn, name)
        for policy_name in backend.list_role_policies(name):
            backend.delete_role_policy(name, policy_name)
        backend.delete_role(name)

    @staticmethod
    def _attributes(role: Any) -> dict[str, Any]:
        return {"Arn": role.arn, "RoleId": role.id}
