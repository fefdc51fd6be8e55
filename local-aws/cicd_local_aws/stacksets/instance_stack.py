"""The stack behind one stack instance, in its own account and region:
created, updated or deleted through that backend's CloudFormation engine
(engine/), so its resources land in that account and region."""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import cloudformation_backends
from moto.moto_api._internal import mock_random

from ..engine.resource_ops import failure_reason

# One engine run at a time per account and region: two stack sets may
# target the same backend at once, and the engine's bookkeeping of a
# backend's stacks and exports is not meant for concurrent writers.
_backend_locks: dict[tuple[str, str], threading.Lock] = defaultdict(threading.Lock)

HEALTHY = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE"}


def _backend(account: str, region: str) -> Any:
    return cloudformation_backends[account][region]


def _stack(account: str, region: str, stack_id: str | None) -> Any | None:
    if stack_id is None:
        return None
    return _backend(account, region).stacks.get(stack_id)


def _failure_of(stack: Any) -> str:
    """CloudFormation's instance reason for a failed stack: the first
    resource that failed, as `ResourceLogicalId:..., ResourceType:...,
    ResourceStatusReason:...`."""
    for event in stack.events:
        if event.resource_status.endswith("_FAILED") and event.logical_resource_id != stack.name:
            return (
                f"ResourceLogicalId:{event.logical_resource_id}, ResourceType:{event.resource_type}, "
                f"ResourceStatusReason:{event.resource_status_reason}."
            )
    return f"Stack {stack.name} ended in {stack.status}."


def deploy(
    account: str, region: str, stack_set_name: str, stack_id: str | None, template: str, parameters: list[dict[str, Any]]
) -> tuple[str | None, str | None]:
    """Brings the instance's stack to `template`: creates it when there is
    none (or the last create left it rolled back), updates it otherwise.
    Returns (stack id, failure reason or None)."""
    with _backend_locks[(account, region)]:
        backend = _backend(account, region)
        stack = _stack(account, region, stack_id)
        if stack is not None and stack.status == "ROLLBACK_COMPLETE":
            # A stack whose create rolled back cannot be updated; StackSets
            # replaces it on the next attempt.
            backend.delete_stack(stack.stack_id)
            stack = None
        try:
            if stack is None:
                name = f"StackSet-{stack_set_name}-{mock_random.uuid4()}"
                values = {p["ParameterKey"]: p["ParameterValue"] for p in parameters if "ParameterValue" in p}
                stack = backend.create_stack(name=name, template=template, parameters=values)
                ok = stack.status == "CREATE_COMPLETE"
            else:
                try:
                    backend.update_stack(
                        name=stack.stack_id, template=template, role_arn=None, parameters=parameters, tags=None
                    )
                except ValidationError as err:
                    if "No updates are to be performed" not in str(getattr(err, "message", err)):
                        raise
                ok = stack.status in HEALTHY
        except Exception as err:  # the engine's refusal is the instance's reason
            return (stack.stack_id if stack is not None else None), failure_reason(err)
        return stack.stack_id, (None if ok else _failure_of(stack))


def delete(account: str, region: str, stack_id: str | None) -> str | None:
    """Deletes the instance's stack; the failure reason, or None."""
    with _backend_locks[(account, region)]:
        stack = _stack(account, region, stack_id)
        if stack is None:
            return None
        try:
            _backend(account, region).delete_stack(stack.stack_id)
        except Exception as err:
            return failure_reason(err)
        if stack.status != "DELETE_COMPLETE":
            return _failure_of(stack)
        return None
