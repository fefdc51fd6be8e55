"""AWS::Events::Rule with its targets (CodePipeline targets included) and
role, put on the named event bus."""

from __future__ import annotations

import json
from typing import Any

from moto.events.models import events_backends

from .base import Context, Naming, Provisioned, ResourceHandler, deleted_on_failure
from ..tags import tag_dict, tag_list


def _backend(ctx: Context) -> Any:
    return events_backends[ctx.account_id][ctx.region]


def _pattern(props: dict[str, Any]) -> str | None:
    pattern = props.get("EventPattern")
    if pattern is None or isinstance(pattern, str):
        return pattern
    return json.dumps(pattern)


class RuleHandler(ResourceHandler):
    type_name = "AWS::Events::Rule"
    naming = Naming("Name", max_len=64)
    replacement_properties = ("EventBusName",)

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        rule = self._put(ctx, name, props)
        with deleted_on_failure(lambda: _backend(ctx).delete_rule(name, props.get("EventBusName"))):
            targets = props.get("Targets", [])
            if targets:
                _backend(ctx).put_targets(name, props.get("EventBusName"), targets)
        return self.provisioned(ctx, self._physical_id(name, props), props, {"Arn": rule.arn}, {"name": name})

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        name = current.state["name"]
        bus = props.get("EventBusName")
        rule = self._put(ctx, name, props)
        new_ids = {t["Id"] for t in props.get("Targets", [])}
        stale = [t["Id"] for t in current.properties.get("Targets", []) if t["Id"] not in new_ids]
        if stale:
            backend.remove_targets(name, bus, stale)
        if props.get("Targets"):
            backend.put_targets(name, bus, props["Targets"])
        return self.provisioned(ctx, current.physical_resource_id, props, {"Arn": rule.arn}, {"name": name})

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        name = current.state["name"]
        bus = current.properties.get("EventBusName")
        ids = [t["Id"] for t in current.properties.get("Targets", [])]
        try:
            if ids:
                backend.remove_targets(name, bus, ids)
        except Exception:
            pass  # the rule is already gone
        backend.delete_rule(name, bus)

    @staticmethod
    def _put(ctx: Context, name: str, props: dict[str, Any]) -> Any:
        return _backend(ctx).put_rule(
            name,
            description=props.get("Description"),
            event_bus_arn=props.get("EventBusName"),
            event_pattern=_pattern(props),
            role_arn=props.get("RoleArn"),
            scheduled_expression=props.get("ScheduleExpression"),
            state=props.get("State", "ENABLED"),
            tags=tag_list(tag_dict(props.get("Tags"))) or None,
        )

    @staticmethod
    def _physical_id(name: str, props: dict[str, Any]) -> str:
        bus = props.get("EventBusName")
        # CloudFormation names rules on a custom bus "<bus>|<rule>".
        return f"{bus}|{name}" if bus and bus != "default" else name
