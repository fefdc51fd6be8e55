"""Cross-stack exports as CloudFormation keeps them.

moto registers a stack's exports when it is created and drops them when it
is deleted, but has no ListImports, lets a stack whose export another stack
imports be deleted, and never updates the exports of an updated stack.
CloudFormation:
- ListImports names the stacks whose templates import an export
  (`Export 'X' is not imported by any stack.` when none does);
- DeleteStack of a stack whose export is imported fails: the stack goes
  DELETE_FAILED with `Export X cannot be deleted as it is in use by Y`, and
  keeps its resources;
- an update that removes an imported export fails and rolls back with
  `Cannot delete export X as it is in use by Y` (an update that changes an
  imported export's value is not refused here, as CloudFormation would);
- after any other update, the stack's exports are what its new template
  exports (new ones can be imported, removed ones are gone);
- a stack made by a change set resolves Fn::ImportValue against the
  region's exports."""

from __future__ import annotations

import json
from typing import Any, Iterator

from moto.cloudformation import models as cfn_models
from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult

from .stack_events import record_stack

Backend = cfn_models.CloudFormationBackend

_GONE = ("DELETE_COMPLETE",)


def _imports_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        name = value.get("Fn::ImportValue")
        if isinstance(name, str) and len(value) == 1:
            yield name
        for inner in value.values():
            yield from _imports_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _imports_in(inner)


def _template_dict(template: Any) -> dict:
    if isinstance(template, dict):
        return template
    try:
        return json.loads(template)
    except (TypeError, ValueError):
        return {}


def importers(backend: Any, export_name: str, but: Any = None) -> list[str]:
    """Names of the live stacks whose template imports `export_name`."""
    return sorted(
        stack.name
        for stack in backend.stacks.values()
        if stack is not but
        and stack.status not in _GONE
        and stack.status != "REVIEW_IN_PROGRESS"
        and export_name in set(_imports_in(stack.template_dict))
    )


def _exported_names(template: Any) -> set[str]:
    outputs = _template_dict(template).get("Outputs") or {}
    names = set()
    for output in outputs.values():
        name = ((output or {}).get("Export") or {}).get("Name")
        if isinstance(name, str):
            names.add(name)
    return names


def _own_exports(backend: Any, stack: Any) -> list[str]:
    return [name for name, export in backend.exports.items() if export.exporting_stack_id == stack.stack_id]


def _list_imports(self: Any) -> ActionResult:
    name = self._get_param("ExportName")
    stacks = importers(self.cloudformation_backend, name)
    if not stacks:
        raise ValidationError(name, message=f"Export '{name}' is not imported by any stack.")
    return ActionResult({"Imports": stacks})


def _find(backend: Any, name_or_stack_id: str) -> Any:
    stack = backend.stacks.get(name_or_stack_id)
    if stack is None:
        stack = next((s for s in backend.stacks.values() if s.name == name_or_stack_id), None)
    return stack


def _in_use(backend: Any, stack: Any, names: Any) -> tuple[str, str] | None:
    for name in sorted(names):
        users = importers(backend, name, but=stack)
        if users:
            return name, users[0]
    return None


def _guard_delete(original: Any) -> Any:
    def delete_stack(self: Any, name_or_stack_id: str, *args: Any, **kwargs: Any) -> None:
        stack = _find(self, name_or_stack_id)
        if stack is not None and not stack.enable_termination_protection:
            in_use = _in_use(self, stack, _own_exports(self, stack))
            if in_use is not None:
                export, user = in_use
                record_stack(stack, "DELETE_IN_PROGRESS", "User Initiated")
                stack.status = "DELETE_FAILED"
                record_stack(
                    stack, "DELETE_FAILED", f"Export {export} cannot be deleted as it is in use by {user}"
                )
                return None
        return original(self, name_or_stack_id, *args, **kwargs)

    return delete_stack


def _guard_update(original: Any) -> Any:
    def execute_change_set(self: Any, change_set_name: str, stack_name: str | None = None) -> None:
        change_set = self.describe_change_set(change_set_name)
        stack = self.stacks.get(change_set.stack_id)
        if stack is not None:
            # moto gives a stack made by a change set an empty export table
            # of its own, so nothing it imports would resolve.
            stack.cross_stack_resources = self.exports
            resource_map = getattr(stack, "resource_map", None)
            if resource_map is not None:
                resource_map.cross_stack_resources = self.exports
        if stack is None or change_set.change_set_type != "UPDATE" or change_set.execution_status != "AVAILABLE":
            return original(self, change_set_name, stack_name)
        before = {name: self.exports[name].value for name in _own_exports(self, stack)}
        removed = set(before) - _exported_names(change_set.template)
        in_use = _in_use(self, stack, removed)
        if in_use is not None:
            export, user = in_use
            change_set.execution_status = "EXECUTE_FAILED"
            stack.status = "UPDATE_IN_PROGRESS"
            record_stack(stack, "UPDATE_IN_PROGRESS", "User Initiated")
            record_stack(
                stack, "UPDATE_ROLLBACK_IN_PROGRESS", f"Cannot delete export {export} as it is in use by {user}"
            )
            stack.status = "UPDATE_ROLLBACK_COMPLETE"
            record_stack(stack, "UPDATE_ROLLBACK_COMPLETE")
            return None
        result = original(self, change_set_name, stack_name)
        if stack.status == "UPDATE_COMPLETE":
            for name in before:
                self.exports.pop(name, None)
            for export in stack.exports:
                self.exports[export.name] = export
        return result

    return execute_change_set


def apply() -> None:
    CloudFormationResponse.list_imports = _list_imports
    Backend.delete_stack = _guard_delete(Backend.delete_stack)
    Backend.execute_change_set = _guard_update(Backend.execute_change_set)
