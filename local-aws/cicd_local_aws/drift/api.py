"""The drift APIs moto lacks: DetectStackDrift, DescribeStackDriftDetection-
Status, DescribeStackResourceDrifts and DetectStackResourceDrift."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult

from ..engine import deployer
from .detection import detect_stack, latest_drifts, resource_drift

# Statuses in which CloudFormation refuses to detect drift (an operation
# is running, or the stack never got resources).
_NOT_DETECTABLE = ("REVIEW_IN_PROGRESS",)


def _detections(backend: Any) -> dict[str, dict[str, Any]]:
    if not hasattr(backend, "_cicd_drift_detections"):
        backend._cicd_drift_detections = {}
    return backend._cicd_drift_detections


def _stack(backend: Any, name_or_id: str | None) -> Any:
    name_or_id = name_or_id or ""
    stack = backend.stacks.get(name_or_id) or next(
        (s for s in backend.stacks.values() if s.name == name_or_id), None
    )
    if stack is None:
        raise ValidationError(name_or_id, message=f"Stack with id {name_or_id} does not exist")
    if stack.status in _NOT_DETECTABLE or stack.status.endswith("_IN_PROGRESS"):
        raise ValidationError(
            stack.stack_id,
            message=f"Drift detection is not supported for stack [{stack.name}] in status {stack.status}",
        )
    return stack


def _detect_stack_drift(self: Any) -> ActionResult:
    backend = self.cloudformation_backend
    stack = _stack(backend, self._get_param("StackName"))
    ids = self._get_param("LogicalResourceIds", []) or None
    unknown = sorted(set(ids or ()) - set(deployer.owned(stack)))
    if unknown:
        raise ValidationError(
            stack.stack_id, message=f"Stack [{stack.name}] has no resources [{', '.join(unknown)}]"
        )
    detection = detect_stack(stack, ids)
    _detections(backend)[detection["StackDriftDetectionId"]] = detection
    return ActionResult({"StackDriftDetectionId": detection["StackDriftDetectionId"]})


def _describe_stack_drift_detection_status(self: Any) -> ActionResult:
    wanted = self._get_param("StackDriftDetectionId")
    detection = _detections(self.cloudformation_backend).get(wanted)
    if detection is None:
        raise ValidationError(wanted, message=f"Drift detection with id {wanted} does not exist")
    return ActionResult(detection)


def _describe_stack_resource_drifts(self: Any) -> ActionResult:
    stack = _stack(self.cloudformation_backend, self._get_param("StackName"))
    filters = self._get_param("StackResourceDriftStatusFilters", []) or []
    drifts = [
        record
        for record in latest_drifts(stack).values()
        if not filters or record["StackResourceDriftStatus"] in filters
    ]
    return ActionResult({"StackResourceDrifts": drifts})


def _detect_stack_resource_drift(self: Any) -> ActionResult:
    stack = _stack(self.cloudformation_backend, self._get_param("StackName"))
    logical_id = self._get_param("LogicalResourceId")
    if logical_id not in deployer.owned(stack):
        raise ValidationError(
            stack.stack_id, message=f"Resource {logical_id} does not exist for stack {stack.name}"
        )
    record = resource_drift(stack, logical_id, datetime.now(timezone.utc))
    latest_drifts(stack)[logical_id] = record
    return ActionResult({"StackResourceDrift": record})


def apply() -> None:
    CloudFormationResponse.detect_stack_drift = _detect_stack_drift
    CloudFormationResponse.describe_stack_drift_detection_status = _describe_stack_drift_detection_status
    CloudFormationResponse.describe_stack_resource_drifts = _describe_stack_resource_drifts
    CloudFormationResponse.detect_stack_resource_drift = _detect_stack_resource_drift
