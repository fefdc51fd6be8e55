"""AWS::IAM::Policy: one inline policy, put on every role, user and group the
template lists, so GetRolePolicy / ListRolePolicies (and the user and group
equivalents) read back the resolved JSON document.

moto 5.2.5's own model for this type also stores JSON; the handler keeps the
type on the extension's path (its checks, its failure reasons) and makes an
update a move: the policy leaves principals no longer listed (and its old
name, when renamed) and is put, with the new document, on the rest."""

from __future__ import annotations

from typing import Any

from moto.iam.models import iam_backends

from .base import Context, HandlerError, Naming, Provisioned, ResourceHandler, policy_text

# Principal kind -> (template property, backend put, backend delete).
_KINDS = {
    "role": ("Roles", "put_role_policy", "delete_role_policy"),
    "user": ("Users", "put_user_policy", "delete_user_policy"),
    "group": ("Groups", "put_group_policy", "delete_group_policy"),
}


def _backend(ctx: Context) -> Any:
    return iam_backends[ctx.account_id][ctx.partition]


def attachments(props: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, name) of every principal the policy goes on."""
    return {
        (kind, str(name))
        for kind, (prop, _, _) in _KINDS.items()
        for name in props.get(prop) or []
    }


class PolicyHandler(ResourceHandler):
    type_name = "AWS::IAM::Policy"
    # No name property: the physical id is always generated.
    naming = Naming(max_len=64)

    def create(self, ctx: Context, props: dict[str, Any]) -> Provisioned:
        self._check(props)
        put: list[tuple[str, str]] = []
        try:
            for kind, name in sorted(attachments(props)):
                self._put(ctx, kind, name, props)
                put.append((kind, name))
        except Exception:
            for kind, name in put:
                self._remove(ctx, kind, name, props["PolicyName"])
            raise
        # CloudFormation gives an inline policy a generated id as its Ref.
        physical = self.resource_name(ctx, props)
        return self.provisioned(ctx, physical, props, {"Id": physical})

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        self._check(props)
        old = current.properties
        renamed = old["PolicyName"] != props["PolicyName"]
        keep = attachments(props)
        for kind, name in sorted(attachments(old)):
            if renamed or (kind, name) not in keep:
                self._remove(ctx, kind, name, old["PolicyName"])
        for kind, name in sorted(keep):
            self._put(ctx, kind, name, props)
        return self.provisioned(ctx, current.physical_resource_id, props, current.attributes)

    def delete(self, ctx: Context, current: Provisioned) -> None:
        for kind, name in sorted(attachments(current.properties)):
            self._remove(ctx, kind, name, current.properties["PolicyName"])

    @staticmethod
    def _check(props: dict[str, Any]) -> None:
        for required in ("PolicyName", "PolicyDocument"):
            if not props.get(required):
                raise HandlerError("ValidationError", f"Property {required} cannot be empty.")
        if not attachments(props):
            # CloudFormation's own message for a policy attached to nothing.
            raise HandlerError(
                "ValidationError",
                "At least one of [Groups,Roles,Users] must be non-empty.",
            )

    @staticmethod
    def _put(ctx: Context, kind: str, name: str, props: dict[str, Any]) -> None:
        put = getattr(_backend(ctx), _KINDS[kind][1])
        put(name, props["PolicyName"], policy_text(props["PolicyDocument"]))

    @staticmethod
    def _remove(ctx: Context, kind: str, name: str, policy_name: str) -> None:
        delete = getattr(_backend(ctx), _KINDS[kind][2])
        try:
            delete(name, policy_name)
        except Exception:
            pass  # the principal or the policy is already gone
