"""Drift-aware change sets (CreateChangeSet with DeploymentMode
REVERT_DRIFT): the change set runs drift detection, adds a Modify for each
drifted resource the template does not change itself, and carries every
change's ResourceDriftStatus (UNSUPPORTED for types without drift
detection here).  Executing it updates the drifted resources with the
template's properties even where the template did not change them, which
is what puts them back; a plain change set leaves them alone."""

from __future__ import annotations

from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.responses import CloudFormationResponse

from .detection import detect_stack, latest_drifts
from .readers import READERS

REVERT_DRIFT = "REVERT_DRIFT"


def _create_change_set_with_mode(original: Any) -> Any:
    def create_change_set(self: Any) -> Any:
        mode = self._get_param("DeploymentMode")
        if not mode:
            return original(self)
        if mode != REVERT_DRIFT:
            raise ValidationError(message=f"DeploymentMode {mode} is not supported; the one mode is {REVERT_DRIFT}")
        if self._get_param("ChangeSetType", "CREATE") != "UPDATE":
            raise ValidationError(
                message=f"DeploymentMode {REVERT_DRIFT} is only supported for change sets of type UPDATE"
            )
        result = original(self)
        change_set = self.cloudformation_backend.change_sets[result.result["Id"]]
        _make_drift_aware(self.cloudformation_backend.stacks[change_set.stack_id], change_set)
        return result

    return create_change_set


def _make_drift_aware(stack: Any, change_set: Any) -> None:
    detect_stack(stack)
    drifts = latest_drifts(stack)
    change_set.deployment_mode = REVERT_DRIFT
    changes = {c.logical_resource_id: c for c in change_set.changes}
    reverted = []
    for logical_id, record in sorted(drifts.items()):
        if record["StackResourceDriftStatus"] != "MODIFIED" or logical_id not in _template_resources(change_set):
            continue
        reverted.append(logical_id)
        change = changes.get(logical_id)
        if change is None:
            change = cfn_models.Change("Modify", logical_id, record["ResourceType"])
            change_set.changes.append(change)
            changes[logical_id] = change
        change.details = [_detail(d, record) for d in record.get("PropertyDifferences", [])]
    for logical_id, change in changes.items():
        record = drifts.get(logical_id)
        if change.resource_type not in READERS:
            change.resource_drift_status = "UNSUPPORTED"
        elif record is not None:
            change.resource_drift_status = record["StackResourceDriftStatus"]
    change_set._cicd_revert = reverted
    if reverted and change_set.status == "FAILED":
        # The template alone changes nothing, but the drift is a change.
        change_set.status = "CREATE_COMPLETE"
        change_set.execution_status = "AVAILABLE"
        change_set.status_reason = None


def _template_resources(change_set: Any) -> dict[str, Any]:
    return (change_set.template_dict or {}).get("Resources") or {}


def _detail(difference: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    path = difference["PropertyPath"]
    return {
        "Target": {
            "Attribute": "Properties",
            "Name": path.strip("/").split("/")[0],
            "Path": path,
            "RequiresRecreation": "Never",
            "Drift": {
                "PreviousValue": difference["ExpectedValue"],
                "ActualValue": difference["ActualValue"],
                "DriftDetectionTimestamp": record["Timestamp"],
            },
        },
        "Evaluation": "Static",
        "ChangeSource": "DirectModification",
    }


def _execute_reverting(original: Any) -> Any:
    def execute_change_set(self: Any, change_set_name: str, stack_name: str | None = None) -> Any:
        change_set = self.describe_change_set(change_set_name)
        reverted = getattr(change_set, "_cicd_revert", None)
        if not reverted:
            return original(self, change_set_name, stack_name)
        stack = self.stacks[change_set.stack_id]
        # The deployer updates these even where their properties did not change.
        stack._cicd_force_update = set(reverted)
        try:
            return original(self, change_set_name, stack_name)
        finally:
            stack._cicd_force_update = set()

    return execute_change_set


def apply() -> None:
    CloudFormationResponse.create_change_set = _create_change_set_with_mode(CloudFormationResponse.create_change_set)
    backend = cfn_models.CloudFormationBackend
    backend.execute_change_set = _execute_reverting(backend.execute_change_set)


