"""Drift detection of a stack: each resource the stack owns is read back
through its service's backend (see `readers`) and compared with the
properties the stack last deployed.  Detection completes inside the call
(as every stack operation of this endpoint does): the status is
DETECTION_COMPLETE as soon as DetectStackDrift answers."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any

from ..engine import deployer
from ..engine.resource_ops import context
from ..resources.base import Provisioned
from .compare import differences
from .readers import READERS

DRIFTED = ("MODIFIED", "DELETED")


def resource_drift(stack: Any, logical_id: str, now: datetime) -> dict[str, Any]:
    """One StackResourceDrift, in the API's shape."""
    resource = deployer.owned(stack)[logical_id]
    rtype = stack._cicd_json[logical_id]["Type"]
    props = stack._cicd_props[logical_id]
    record: dict[str, Any] = {
        "StackId": stack.stack_id,
        "LogicalResourceId": logical_id,
        "PhysicalResourceId": str(getattr(resource, "physical_resource_id", "") or ""),
        "ResourceType": rtype,
        "Timestamp": now,
    }
    reader = READERS.get(rtype)
    if reader is None or not isinstance(resource, Provisioned):
        record["StackResourceDriftStatus"] = "NOT_CHECKED"
        record["DriftStatusReason"] = f"drift detection of {rtype} is not emulated by the local endpoint"
        return record
    expected = {k: v for k, v in props.items() if k in reader.covered}
    record["ExpectedProperties"] = json.dumps(expected, sort_keys=True)
    actual = reader.read(context(stack, logical_id), resource)
    if actual is None:
        record["StackResourceDriftStatus"] = "DELETED"
        return record
    actual = {k: actual[k] for k in expected if k in actual}
    record["ActualProperties"] = json.dumps(actual, sort_keys=True)
    found = differences(expected, actual, reader.defaults)
    record["PropertyDifferences"] = found
    record["StackResourceDriftStatus"] = "MODIFIED" if found else "IN_SYNC"
    return record


def detect_stack(stack: Any, logical_ids: list[str] | None = None) -> dict[str, Any]:
    """Runs detection over the stack's resources (or those named), keeps
    each resource's latest result on the stack, and returns the detection
    status record."""
    now = datetime.now(timezone.utc)
    wanted = logical_ids or list(deployer.owned(stack))
    latest = latest_drifts(stack)
    for logical_id in wanted:
        latest[logical_id] = resource_drift(stack, logical_id, now)
    drifted = sum(1 for r in latest.values() if r["StackResourceDriftStatus"] in DRIFTED)
    return {
        "StackId": stack.stack_id,
        "StackDriftDetectionId": str(uuid.uuid4()),
        "StackDriftStatus": "DRIFTED" if drifted else "IN_SYNC",
        "DetectionStatus": "DETECTION_COMPLETE",
        "DriftedStackResourceCount": drifted,
        "Timestamp": now,
    }


def latest_drifts(stack: Any) -> dict[str, dict[str, Any]]:
    """Each resource's last detection result; resources the stack no
    longer owns are dropped."""
    if not hasattr(stack, "_cicd_drifts"):
        stack._cicd_drifts = {}
    owned = deployer.owned(stack)
    for logical_id in [k for k in stack._cicd_drifts if k not in owned]:
        stack._cicd_drifts.pop(logical_id)
    return stack._cicd_drifts
