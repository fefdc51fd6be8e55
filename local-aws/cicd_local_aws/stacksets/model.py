"""What a stack set holds: its template and roles, its stack instances (one
per account and region) and the operations run on them.

Instance Status, as the API reference defines it:
- CURRENT: the stack matches the stack set's template and parameters;
- OUTDATED: it does not (its last create or update failed, was cancelled, or
  has not run yet);
- INOPERABLE: a delete failed and left the stack in an unstable state; such
  instances are left out of later updates.
StackInstanceStatus.DetailedStatus follows the last operation: PENDING,
RUNNING, SUCCEEDED, FAILED, CANCELLED, INOPERABLE."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random

from .preferences import Preferences


@dataclass
class Instance:
    account: str
    region: str
    parameters: list[dict[str, Any]] = field(default_factory=list)
    stack_id: str | None = None
    status: str = "OUTDATED"
    detailed_status: str = "PENDING"
    reason: str | None = None
    last_operation_id: str | None = None


@dataclass
class Result:
    """One account and region of an operation (ListStackSetOperationResults)."""

    account: str
    region: str
    status: str = "PENDING"
    reason: str | None = None


@dataclass
class Operation:
    operation_id: str
    action: str  # CREATE, UPDATE, DELETE
    preferences: Preferences
    admin_role_arn: str
    execution_role_name: str
    retain_stacks: bool = False
    status: str = "RUNNING"
    reason: str | None = None
    created: datetime = field(default_factory=utcnow)
    ended: datetime | None = None
    results: list[Result] = field(default_factory=list)
    stop_requested: bool = False

    def result(self, account: str, region: str) -> Result:
        return next(r for r in self.results if r.account == account and r.region == region)

    @property
    def failed_count(self) -> int:
        return sum(1 for r in self.results if r.status == "FAILED")

    @property
    def done(self) -> bool:
        return self.status not in ("RUNNING", "STOPPING", "QUEUED")


@dataclass
class StackSet:
    name: str
    stack_set_id: str
    arn: str
    account: str
    region: str
    template: str
    parameters: list[dict[str, Any]]
    description: str | None
    capabilities: list[str]
    tags: list[dict[str, str]]
    admin_role_arn: str
    execution_role_name: str
    permission_model: str = "SELF_MANAGED"
    status: str = "ACTIVE"
    instances: list[Instance] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def instance(self, account: str, region: str) -> Instance | None:
        return next((i for i in self.instances if i.account == account and i.region == region), None)

    def running_operation(self) -> Operation | None:
        return next((op for op in self.operations if not op.done), None)

    def operation(self, operation_id: str) -> Operation | None:
        return next((op for op in self.operations if op.operation_id == operation_id), None)


def new_operation_id() -> str:
    return str(mock_random.uuid4())


def new_stack_set_id(name: str) -> str:
    return f"{name}:{mock_random.uuid4()}"
