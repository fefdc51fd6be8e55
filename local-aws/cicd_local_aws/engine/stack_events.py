"""Stack events as DescribeStackEvents shows them: one per resource status
change, unique ids, strictly increasing timestamps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from moto.cloudformation.models import Event
from moto.core.utils import utcnow

# moto serialises timestamps to the millisecond; events closer than that
# would tie and lose their order.
_TICK = timedelta(milliseconds=1)


def record(
    stack: Any,
    logical_id: str,
    physical_id: str,
    resource_type: str,
    status: str,
    reason: str | None = None,
    properties: str | None = None,
) -> Event:
    event = Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=logical_id,
        physical_resource_id=physical_id,
        resource_type=resource_type,
        resource_status=status,
        resource_status_reason=reason,
        resource_properties=properties,
    )
    now = utcnow()
    last = getattr(stack, "_cicd_last_event_time", None)
    if last is not None and now <= last:
        now = last + _TICK
    event.timestamp = now
    stack._cicd_last_event_time = now
    event.sendToSns(stack.account_id, stack.region_name, stack.notification_arns)
    stack.events.append(event)
    return event


def record_stack(stack: Any, status: str, reason: str | None = None) -> Event:
    return record(
        stack, stack.name, stack.stack_id, "AWS::CloudFormation::Stack", status, reason
    )
