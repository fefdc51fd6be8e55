"""AWS::Logs::LogGroup whose retention and tags follow updates."""

from __future__ import annotations

from typing import Any

from moto.logs.models import logs_backends

from .base import Context, Naming, Provisioned, ResourceHandler, delete_if_present
from ..tags import sync_tags, tag_dict


def _backend(ctx: Context) -> Any:
    return logs_backends[ctx.account_id][ctx.region]


class LogGroupHandler(ResourceHandler):
    type_name = "AWS::Logs::LogGroup"
    naming = Naming("LogGroupName", max_len=512)

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        extra = {"kmsKeyId": props["KmsKeyId"]} if "KmsKeyId" in props else {}
        group = _backend(ctx).create_log_group(name, tag_dict(props.get("Tags")), **extra)
        if "RetentionInDays" in props:
            _backend(ctx).put_retention_policy(name, int(props["RetentionInDays"]))
        return self.provisioned(ctx, name, props, self._attributes(group))

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        name = current.physical_resource_id
        if "RetentionInDays" in props:
            backend.put_retention_policy(name, int(props["RetentionInDays"]))
        else:
            backend.delete_retention_policy(name)
        group = backend.groups[name]
        sync_tags(
            current.properties.get("Tags"),
            props.get("Tags"),
            untag=lambda keys: backend.untag_resource(group.arn, keys),
            tag=lambda tags: backend.tag_resource(group.arn, tags),
        )
        return self.provisioned(ctx, name, props, self._attributes(group))

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        delete_if_present(backend.groups, current.physical_resource_id, backend.delete_log_group)

    @staticmethod
    def _attributes(group: Any) -> dict[str, Any]:
        # CloudFormation's Arn attribute names every stream of the group.
        arn = group.arn if group.arn.endswith(":*") else f"{group.arn}:*"
        return {"Arn": arn}
