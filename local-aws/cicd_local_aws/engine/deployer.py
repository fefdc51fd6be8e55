"""Stack operations as CloudFormation performs them: resources one at a time
in dependency order, a status event per step, rollback on failure, Retain
policies honoured.  All work happens inside the API call (CreateStack returns
with the stack already settled), so pollers see only terminal states."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import resource_ops as ops
from .dependencies import creation_order
from .stack_events import record, record_stack

RETAINED_ON_DELETE = ("Retain", "RetainExceptOnCreate")
RETAINED_ON_CREATE_ROLLBACK = ("Retain",)


# --- what the stack owns -------------------------------------------------


def owned(stack: Any) -> dict[str, Any]:
    if not hasattr(stack, "_cicd_resources"):
        stack._cicd_resources = {}
        stack._cicd_props = {}
        stack._cicd_json = {}
    return stack._cicd_resources


def _remember(stack: Any, logical_id: str, body: dict, resource: Any, props: dict) -> None:
    owned(stack)[logical_id] = resource
    stack._cicd_props[logical_id] = props
    stack._cicd_json[logical_id] = body
    stack.resource_map._parsed_resources[logical_id] = resource
    resource.logical_resource_id = logical_id
    resource.cf_resource_type = body["Type"]


def _forget(stack: Any, logical_id: str) -> None:
    owned(stack).pop(logical_id, None)
    stack._cicd_props.pop(logical_id, None)
    stack._cicd_json.pop(logical_id, None)
    stack.resource_map._parsed_resources.pop(logical_id, None)


def _condition_holds(stack: Any, body: dict) -> bool:
    condition = body.get("Condition")
    return not condition or bool(stack.resource_map.lazy_condition_map[condition])


# --- create -----------------------------------------------------------------


def create_stack(stack: Any) -> bool:
    """Creates every resource; on the first failure deletes what was made and
    leaves the stack ROLLBACK_COMPLETE.  Returns whether the create held."""
    resources = stack.template_dict.get("Resources") or {}
    order = creation_order(resources)
    owned(stack)
    stack.status = "CREATE_IN_PROGRESS"
    for logical_id in order:
        body = resources[logical_id]
        if not _condition_holds(stack, body):
            continue
        try:
            _create_one(stack, logical_id, body)
        except Exception:
            _rollback_create(stack, logical_id)
            return False
    stack.status = "CREATE_COMPLETE"
    record_stack(stack, "CREATE_COMPLETE")
    return True


def _create_one(stack: Any, logical_id: str, body: dict) -> Any:
    rtype = body["Type"]
    record(stack, logical_id, "", rtype, "CREATE_IN_PROGRESS")
    try:
        props = ops.resolve(stack, body)
        resource = ops.create(stack, logical_id, body, props)
    except Exception as err:
        record(stack, logical_id, "", rtype, "CREATE_FAILED", ops.failure_reason(err))
        raise
    _remember(stack, logical_id, body, resource, props)
    physical = ops.physical_id(resource)
    record(stack, logical_id, physical, rtype, "CREATE_IN_PROGRESS", "Resource creation Initiated")
    record(stack, logical_id, physical, rtype, "CREATE_COMPLETE")
    return resource


def _rollback_create(stack: Any, failed: str) -> None:
    stack.status = "ROLLBACK_IN_PROGRESS"
    record_stack(
        stack,
        "ROLLBACK_IN_PROGRESS",
        f"The following resource(s) failed to create: [{failed}]. Rollback requested by user.",
    )
    failed_type = stack.template_dict["Resources"][failed]["Type"]
    record(stack, failed, "", failed_type, "DELETE_COMPLETE")
    ok = _delete_owned(stack, RETAINED_ON_CREATE_ROLLBACK)
    stack.status = "ROLLBACK_COMPLETE" if ok else "ROLLBACK_FAILED"
    record_stack(stack, stack.status)


# --- delete -----------------------------------------------------------------


def delete_stack(stack: Any, retain: tuple[str, ...] = ()) -> bool:
    """`retain`: logical ids kept in the account (DeleteStack's
    RetainResources, which the backend allows on DELETE_FAILED stacks only)."""
    stack.status = "DELETE_IN_PROGRESS"
    record_stack(stack, "DELETE_IN_PROGRESS", "User Initiated")
    failed = _delete_owned(stack, RETAINED_ON_DELETE, report_failures=True, keep=retain)
    if failed is True:
        stack.status = "DELETE_COMPLETE"
        record_stack(stack, "DELETE_COMPLETE")
        return True
    stack.status = "DELETE_FAILED"
    record_stack(
        stack,
        "DELETE_FAILED",
        f"The following resource(s) failed to delete: [{', '.join(failed)}]. ",
    )
    return False


def _delete_owned(
    stack: Any, retained: tuple[str, ...], report_failures: bool = False, keep: tuple[str, ...] = ()
) -> Any:
    """Deletes owned resources newest first (so dependents go before what they
    depend on); those in `keep` are skipped as if retained.  Returns True, or
    (with report_failures) the failed ids."""
    failures: list[str] = []
    for logical_id in reversed(list(owned(stack))):
        resource = stack._cicd_resources[logical_id]
        body = stack._cicd_json[logical_id]
        policy = "Retain" if logical_id in keep else body.get("DeletionPolicy")
        if not _delete_one(stack, logical_id, body, resource, policy, retained):
            failures.append(logical_id)
        else:
            _forget(stack, logical_id)
    if not failures:
        return True
    return failures if report_failures else False


def _delete_one(
    stack: Any, logical_id: str, body: dict, resource: Any, policy: str | None, retained: tuple[str, ...]
) -> bool:
    rtype, physical = body["Type"], ops.physical_id(resource)
    if policy in retained:
        record(stack, logical_id, physical, rtype, "DELETE_SKIPPED")
        return True
    record(stack, logical_id, physical, rtype, "DELETE_IN_PROGRESS")
    try:
        ops.delete(stack, logical_id, body, resource)
    except Exception as err:
        record(stack, logical_id, physical, rtype, "DELETE_FAILED", ops.failure_reason(err))
        return False
    record(stack, logical_id, physical, rtype, "DELETE_COMPLETE")
    return True


# --- update -----------------------------------------------------------------


@dataclass
class _Step:
    kind: str  # "created" | "updated" | "replaced"
    logical_id: str
    old_resource: Any = None
    old_props: dict | None = None
    old_body: dict | None = None


@dataclass
class _Saved:
    template: Any
    parameters: dict


def load_template(stack: Any, template: Any, parameters: dict | None) -> None:
    """Points the stack (and moto's resource map, which resolves Ref and
    Fn::GetAtt) at a new template; raises on template or parameter errors."""
    stack.template = template
    stack._parse_template()
    if parameters:
        stack.parameters = parameters
    rmap = stack.resource_map
    rmap._template = stack.template_dict
    rmap._resource_json_map = stack.template_dict.get("Resources") or {}
    rmap.input_parameters = stack.parameters
    for key in list(rmap.resolved_parameters):
        rmap._parsed_resources.pop(key, None)
    rmap.resolved_parameters = {}
    rmap.load()
    stack.output_map = stack._create_output_map()
    stack.description = stack.template_dict.get("Description")


def update_stack(stack: Any, template: Any, parameters: dict | None) -> bool:
    """Applies a new template.  On failure puts every touched resource back
    and leaves the stack UPDATE_ROLLBACK_COMPLETE."""
    saved = _Saved(stack.template, dict(stack.parameters or {}))
    try:
        load_template(stack, template, parameters)
        resources = stack.template_dict.get("Resources") or {}
        order = creation_order(resources)
    except Exception:
        load_template(stack, saved.template, saved.parameters)
        raise
    stack.status = "UPDATE_IN_PROGRESS"
    record_stack(stack, "UPDATE_IN_PROGRESS", "User Initiated")
    journal: list[_Step] = []
    for logical_id in order:
        body = resources[logical_id]
        if not _condition_holds(stack, body):
            continue
        try:
            _update_one(stack, logical_id, body, journal)
        except Exception:
            _rollback_update(stack, saved, journal, logical_id)
            return False

    stack.status = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"
    record_stack(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    for step in reversed(journal):
        if step.kind == "replaced":
            policy = step.old_body.get("UpdateReplacePolicy")
            _delete_one(stack, step.logical_id, step.old_body, step.old_resource, policy, ("Retain",))
    for logical_id in reversed(list(owned(stack))):
        body = resources.get(logical_id)
        if body is not None and _condition_holds(stack, body):
            continue
        old_body = stack._cicd_json[logical_id]
        resource = stack._cicd_resources[logical_id]
        if _delete_one(stack, logical_id, old_body, resource, old_body.get("DeletionPolicy"), RETAINED_ON_DELETE):
            _forget(stack, logical_id)
    stack.status = "UPDATE_COMPLETE"
    record_stack(stack, "UPDATE_COMPLETE")
    return True


def _update_one(stack: Any, logical_id: str, body: dict, journal: list[_Step]) -> None:
    if logical_id not in owned(stack):
        _create_one(stack, logical_id, body)
        journal.append(_Step("created", logical_id))
        return
    rtype = body["Type"]
    current = stack._cicd_resources[logical_id]
    old_props = stack._cicd_props[logical_id]
    old_body = stack._cicd_json[logical_id]
    physical = ops.physical_id(current)
    try:
        props = ops.resolve(stack, body)
    except Exception as err:
        record(stack, logical_id, physical, rtype, "UPDATE_FAILED", ops.failure_reason(err))
        raise
    if rtype != old_body["Type"] or ops.needs_replacement(rtype, old_props, props):
        record(
            stack, logical_id, physical, rtype, "UPDATE_IN_PROGRESS",
            "Requested update requires the creation of a new physical resource; hence creating one.",
        )
        try:
            resource = ops.create(stack, logical_id, body, props)
        except Exception as err:
            record(stack, logical_id, physical, rtype, "UPDATE_FAILED", ops.failure_reason(err))
            raise
        journal.append(_Step("replaced", logical_id, current, old_props, old_body))
        _remember(stack, logical_id, body, resource, props)
        record(stack, logical_id, ops.physical_id(resource), rtype, "UPDATE_COMPLETE")
        return
    # A drift-aware change set (REVERT_DRIFT) forces the update of a
    # drifted resource, which puts its properties back.
    if props == old_props and logical_id not in getattr(stack, "_cicd_force_update", ()):
        # Nothing the service sees changed (policies may have).
        stack._cicd_json[logical_id] = body
        return
    record(stack, logical_id, physical, rtype, "UPDATE_IN_PROGRESS")
    journal.append(_Step("updated", logical_id, current, old_props, old_body))
    try:
        resource = ops.update(stack, logical_id, body, current, props)
    except Exception as err:
        record(stack, logical_id, physical, rtype, "UPDATE_FAILED", ops.failure_reason(err))
        raise
    _remember(stack, logical_id, body, resource, props)
    record(stack, logical_id, ops.physical_id(resource), rtype, "UPDATE_COMPLETE")


def _rollback_update(stack: Any, saved: _Saved, journal: list[_Step], failed: str) -> None:
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    record_stack(
        stack, "UPDATE_ROLLBACK_IN_PROGRESS", f"The following resource(s) failed to update: [{failed}]. "
    )
    load_template(stack, saved.template, saved.parameters)
    pending = _Pending()
    for step in reversed(journal):
        if step.kind == "created":
            pending.discard.append((step.logical_id, stack._cicd_json[step.logical_id], stack._cicd_resources[step.logical_id]))
            _forget(stack, step.logical_id)
        elif step.kind == "replaced":
            pending.discard.append((step.logical_id, stack._cicd_json[step.logical_id], stack._cicd_resources[step.logical_id]))
            _remember(stack, step.logical_id, step.old_body, step.old_resource, step.old_props)
        else:
            pending.restore.append(step)
    _finish_rollback(stack, pending, skip=())


@dataclass
class _Pending:
    """What an update rollback still has to do: resources to put back to
    their previous state, and resources the update made that must go."""

    restore: list[_Step] = field(default_factory=list)
    discard: list[tuple[str, dict, Any]] = field(default_factory=list)


def _finish_rollback(stack: Any, pending: _Pending, skip: tuple[str, ...]) -> None:
    """Works through `pending`; whatever fails stays pending and leaves the
    stack UPDATE_ROLLBACK_FAILED, for ContinueUpdateRollback to retry."""
    left = _Pending()
    for step in pending.restore:
        if step.logical_id in skip:
            _skip_restore(stack, step)
        elif not _restore(stack, step):
            left.restore.append(step)
    stack.status = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"
    record_stack(stack, stack.status)
    for logical_id, body, resource in pending.discard:
        if not _delete_one(stack, logical_id, body, resource, None, ()):
            left.discard.append((logical_id, body, resource))
    stack._cicd_rollback_pending = left
    ok = not left.restore and not left.discard
    stack.status = "UPDATE_ROLLBACK_COMPLETE" if ok else "UPDATE_ROLLBACK_FAILED"
    record_stack(stack, stack.status)


def _skip_restore(stack: Any, step: _Step) -> None:
    """ResourcesToSkip: CloudFormation stops trying and records the resource
    as being in its previous state, whatever the service holds."""
    current = stack._cicd_resources[step.logical_id]
    _remember(stack, step.logical_id, step.old_body, current, step.old_props)
    record(
        stack, step.logical_id, ops.physical_id(current), step.old_body["Type"], "UPDATE_COMPLETE",
        "Skipped by ContinueUpdateRollback (ResourcesToSkip); its state may differ from the template",
    )


def rollback_failures(stack: Any) -> list[str]:
    """Logical ids the last update rollback could not put back."""
    pending = getattr(stack, "_cicd_rollback_pending", None) or _Pending()
    return [step.logical_id for step in pending.restore] + [logical_id for logical_id, _, _ in pending.discard]


def continue_update_rollback(stack: Any, skip: tuple[str, ...]) -> None:
    """Retries what the failed rollback left; `skip` (logical ids among
    those) are marked as rolled back without touching the service."""
    pending = getattr(stack, "_cicd_rollback_pending", None) or _Pending()
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    record_stack(stack, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated")
    discard = [d for d in pending.discard if d[0] not in skip]
    for logical_id, body, resource in pending.discard:
        if logical_id in skip:
            record(stack, logical_id, ops.physical_id(resource), body["Type"], "DELETE_SKIPPED")
    _finish_rollback(stack, _Pending(list(pending.restore), discard), skip)


def _restore(stack: Any, step: _Step) -> bool:
    rtype = step.old_body["Type"]
    current = stack._cicd_resources[step.logical_id]
    physical = ops.physical_id(current)
    record(stack, step.logical_id, physical, rtype, "UPDATE_IN_PROGRESS")
    try:
        resource = ops.update(stack, step.logical_id, step.old_body, current, step.old_props)
    except Exception as err:
        record(stack, step.logical_id, physical, rtype, "UPDATE_FAILED", ops.failure_reason(err))
        return False
    _remember(stack, step.logical_id, step.old_body, resource, step.old_props)
    record(stack, step.logical_id, ops.physical_id(resource), rtype, "UPDATE_COMPLETE")
    return True
