"""IMPORT change sets: adopting existing resources into a stack.

CreateChangeSet with ChangeSetType IMPORT and ResourcesToImport (each
resource's primary identifier) makes a change set of `Import` actions;
executing it takes the resources into the stack as they are (nothing in the
service changes, so a bucket keeps its objects) and leaves the stack
IMPORT_COMPLETE.  The checks are CloudFormation's: the template must give
each imported resource a DeletionPolicy, may not add, change or remove
anything else, the identifier must name the type's primary identifier, a
resource another stack holds is refused, and one that does not exist fails
the change set.  moto has no IMPORT change sets at all (it would create the
resources anew)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable

from moto.cloudformation import models as cfn_models
from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import Change, ChangeSet
from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudformation.utils import generate_changeset_id, generate_stack_id
from moto.core.responses import ActionResult
from moto.ecr.models import ecr_backends
from moto.logs.models import logs_backends
from moto.s3.models import s3_backends

from ..resources import HANDLERS
from ..resources.base import Context, HandlerError, Provisioned
from ..resources.ecr_repository import RepositoryHandler
from ..resources.logs_log_group import LogGroupHandler
from ..resources.s3_bucket import BucketHandler
from . import backend_patch, deployer
from . import resource_ops as ops
from .dependencies import creation_order
from .stack_events import record, record_stack

Backend = cfn_models.CloudFormationBackend
Stack = cfn_models.Stack


# --- what can be imported ---------------------------------------------------


def _bucket(ctx: Context, name: str) -> dict[str, Any] | None:
    if s3_backends[ctx.account_id][ctx.partition].buckets.get(name) is None:
        return None
    return BucketHandler._attributes(ctx, name)


def _repository(ctx: Context, name: str) -> dict[str, Any] | None:
    repo = ecr_backends[ctx.account_id][ctx.region].repositories.get(name)
    return None if repo is None else RepositoryHandler._attributes(repo)


def _log_group(ctx: Context, name: str) -> dict[str, Any] | None:
    group = logs_backends[ctx.account_id][ctx.region].groups.get(name)
    return None if group is None else LogGroupHandler._attributes(group)


@dataclass(frozen=True)
class Importable:
    """A type that can be imported: its primary identifier (the one key of
    ResourceIdentifier) and how to read an existing resource's attributes
    (`None`: it does not exist)."""

    identifier: str
    read: Callable[[Context, str], dict[str, Any] | None]


IMPORTABLE: dict[str, Importable] = {
    "AWS::S3::Bucket": Importable("BucketName", _bucket),
    "AWS::ECR::Repository": Importable("RepositoryName", _repository),
    "AWS::Logs::LogGroup": Importable("LogGroupName", _log_group),
}


# --- CreateChangeSet --------------------------------------------------------


class ImportChangeSet(ChangeSet):
    """A change set whose changes are the resources to import."""

    def __init__(self, resources_to_import: list[dict[str, Any]], **kwargs: Any):
        self.resources_to_import = resources_to_import
        super().__init__(change_set_type="IMPORT", **kwargs)

    def diff(self) -> list[Change]:
        changes = []
        for entry in self.resources_to_import:
            change = Change("Import", entry["LogicalResourceId"], entry["ResourceType"])
            change.physical_resource_id = _identifier_value(entry)
            changes.append(change)
        return changes


def _identifier_value(entry: dict[str, Any]) -> str:
    return str(next(iter((entry.get("ResourceIdentifier") or {}).values()), ""))


def _describe(entry: dict[str, Any]) -> str:
    ident = ", ".join(f"{k}={v}" for k, v in (entry.get("ResourceIdentifier") or {}).items())
    return f"{entry['LogicalResourceId']} ({entry['ResourceType']}, {{{ident}}})"


def _live_stack(backend: Any, name: str) -> Any:
    return next((s for s in backend.stacks.values() if s.name == name), None)


def holder_of(backend: Any, resource_type: str, physical_id: str) -> Any:
    """The live stack that holds the resource, or None."""
    for stack in backend.stacks.values():
        for logical_id, resource in deployer.owned(stack).items():
            if stack._cicd_json[logical_id]["Type"] == resource_type and ops.physical_id(resource) == physical_id:
                return stack
    return None


def check_request(backend: Any, stack: Any, template: dict[str, Any], to_import: list[dict[str, Any]]) -> None:
    """CloudFormation's checks of an IMPORT request that fail the call
    itself (ValidationError); `stack` is the live stack or None."""
    if not to_import:
        raise ValidationError(message="ResourcesToImport must name at least one resource for an IMPORT change set")
    resources = template.get("Resources") or {}
    logical_ids = [entry.get("LogicalResourceId") for entry in to_import]
    for entry in to_import:
        logical_id, rtype = entry.get("LogicalResourceId"), entry.get("ResourceType")
        body = resources.get(logical_id)
        if body is None:
            raise ValidationError(message=f"Resource {logical_id} in ResourcesToImport is not in the template")
        if body.get("Type") != rtype:
            raise ValidationError(
                message=f"ResourceType {rtype} of {logical_id} in ResourcesToImport does not match the template's {body.get('Type')}"
            )
        importable = IMPORTABLE.get(rtype)
        if importable is None:
            raise ValidationError(message=f"ResourceType {rtype} does not support resource import")
        keys = sorted((entry.get("ResourceIdentifier") or {}).keys())
        if keys != [importable.identifier]:
            raise ValidationError(
                message=f"ResourceIdentifier of {logical_id} must be exactly {{{importable.identifier}}}, the primary identifier of {rtype}; got {{{', '.join(keys)}}}"
            )
        named = (body.get("Properties") or {}).get(importable.identifier)
        if isinstance(named, str) and named != _identifier_value(entry):
            raise ValidationError(
                message=f"The identifier {_identifier_value(entry)} of {logical_id} does not match its {importable.identifier} {named} in the template"
            )
    missing_policy = [lid for lid in logical_ids if "DeletionPolicy" not in resources[lid]]
    if missing_policy:
        raise ValidationError(
            message=f"The following resources to import [{', '.join(missing_policy)}] must have DeletionPolicy attribute specified in the template."
        )
    held = [e["LogicalResourceId"] for e in to_import if holder_of(backend, e["ResourceType"], _identifier_value(e))]
    held += [lid for lid in logical_ids if stack is not None and lid in deployer.owned(stack)]
    if held:
        raise ValidationError(
            message=f"Resources [{', '.join(sorted(set(held)))}] passed in ResourceToImport are already in a stack and cannot be imported."
        )
    _check_nothing_else_changes(stack, template, set(logical_ids))


def _check_nothing_else_changes(stack: Any, template: dict[str, Any], importing: set[str]) -> None:
    resources = template.get("Resources") or {}
    current = {} if stack is None else stack._cicd_json
    changed = sorted(
        lid
        for lid in set(resources) | set(current)
        if lid not in importing and resources.get(lid) != current.get(lid)
    )
    if changed:
        raise ValidationError(
            message=f"You have modified resources [{', '.join(changed)}] in your template that are not being imported. Update, create or delete operations cannot be executed during import operations."
        )
    before = {} if stack is None else (stack.template_dict.get("Outputs") or {})
    if (template.get("Outputs") or {}) != before:
        raise ValidationError(message="As part of the import operation, you cannot modify or add [Outputs]")


def missing_resources(stack: Any, to_import: list[dict[str, Any]]) -> list[str]:
    """The entries whose resource does not exist, described."""
    missing = []
    for entry in to_import:
        ctx = ops.context(stack, entry["LogicalResourceId"])
        if IMPORTABLE[entry["ResourceType"]].read(ctx, _identifier_value(entry)) is None:
            missing.append(_describe(entry))
    return missing


def _parse(body: str) -> dict[str, Any]:
    parsed = Stack.parse_template(body)
    return parsed if isinstance(parsed, dict) else {}


def _new_review_stack(backend: Any, name: str, parameters: dict, tags: dict) -> Any:
    for stale in [s for s in backend.stacks.values() if s.name == name]:
        backend.stacks.pop(stale.stack_id)  # a stack still in review is taken over
    stack = Stack(
        stack_id=generate_stack_id(name, backend.region_name, backend.account_id),
        name=name,
        template={},
        parameters=parameters,
        account_id=backend.account_id,
        region_name=backend.region_name,
        tags=tags,
    )
    backend.stacks[stack.stack_id] = stack
    stack.status = "REVIEW_IN_PROGRESS"
    record_stack(stack, "REVIEW_IN_PROGRESS", "User Initiated")
    return stack


_previous: dict[str, Callable[..., Any]] = {}


def _create_change_set(self: Any) -> Any:
    if self._get_param("ChangeSetType", "CREATE") != "IMPORT":
        return _previous["create_change_set"](self)
    backend = self.cloudformation_backend
    stack_name = self._get_param("StackName")
    change_set_name = self._get_param("ChangeSetName")
    body = self._get_param("TemplateBody")
    if self._get_param("TemplateURL"):
        body = self._get_stack_from_s3_url(self._get_param("TemplateURL"))
    backend_patch.reject_unsupported(body)
    template = _parse(body)
    to_import = self._get_param("ResourcesToImport", [])
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in self._get_param("Parameters", [])}
    tags = {t["Key"]: t["Value"] for t in self._get_param("Tags", [])}

    stack = _live_stack(backend, stack_name)
    if stack is not None and stack.status == "REVIEW_IN_PROGRESS":
        stack = None  # taken over, like a CREATE change set takes it over
    if stack is not None and (stack.status.endswith("_IN_PROGRESS") or stack.status in ("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED", "UPDATE_ROLLBACK_FAILED")):
        raise ValidationError(
            stack.stack_id, message=f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated."
        )
    check_request(backend, stack, template, to_import)
    if stack is None:
        stack = _new_review_stack(backend, stack_name, parameters, tags)
    change_set = ImportChangeSet(
        to_import,
        change_set_id=generate_changeset_id(change_set_name, backend.region_name, backend.account_id),
        change_set_name=change_set_name,
        stack=stack,
        template=body,
        parameters=parameters,
        description=self._get_param("Description"),
        tags=tags,
    )
    missing = missing_resources(stack, to_import)
    if missing:
        # Found when CloudFormation reads the resources, after the call.
        change_set.status = "FAILED"
        change_set.execution_status = "UNAVAILABLE"
        change_set.status_reason = (
            f"Import failed: the following resources to import do not exist: [{'; '.join(missing)}]"
        )
    else:
        change_set.status = "CREATE_COMPLETE"
        change_set.execution_status = "AVAILABLE"
    backend.change_sets[change_set.change_set_id] = change_set
    return ActionResult({"Id": change_set.change_set_id, "StackId": stack.stack_id})


# --- ExecuteChangeSet -------------------------------------------------------


def import_resources(stack: Any, change_set: ImportChangeSet) -> bool:
    """Adopts each resource as it is; a resource gone since the change set
    was made fails the import, which forgets what it adopted (deleting
    nothing) and restores the previous template."""
    new_stack = stack.status == "REVIEW_IN_PROGRESS"
    saved = (stack.template, dict(stack.parameters or {}))
    deployer.load_template(stack, change_set.template, change_set.parameters)
    if new_stack and change_set.tags:
        stack.tags = change_set.tags
    stack.status = "IMPORT_IN_PROGRESS"
    record_stack(stack, "IMPORT_IN_PROGRESS", "User Initiated")
    resources = stack.template_dict.get("Resources") or {}
    entries = {e["LogicalResourceId"]: e for e in change_set.resources_to_import}
    adopted: list[str] = []
    for logical_id in creation_order({lid: resources[lid] for lid in entries}):
        entry, body = entries[logical_id], resources[logical_id]
        identifier = _identifier_value(entry)
        record(stack, logical_id, identifier, body["Type"], "IMPORT_IN_PROGRESS")
        try:
            resource = _adopt(stack, logical_id, body, identifier)
        except Exception as err:
            record(stack, logical_id, identifier, body["Type"], "IMPORT_FAILED", ops.failure_reason(err))
            _roll_back(stack, adopted, saved, logical_id)
            return False
        adopted.append(logical_id)
        record(stack, logical_id, identifier, body["Type"], "IMPORT_COMPLETE")
    stack.status = "IMPORT_COMPLETE"
    record_stack(stack, "IMPORT_COMPLETE")
    return True


def _adopt(stack: Any, logical_id: str, body: dict[str, Any], identifier: str) -> Provisioned:
    importable = IMPORTABLE[body["Type"]]
    ctx = ops.context(stack, logical_id)
    attributes = importable.read(ctx, identifier)
    if attributes is None:
        raise HandlerError(
            "NotFound", f"Resource of type '{body['Type']}' with identifier '{identifier}' was not found."
        )
    props = ops.resolve(stack, body)
    resource = HANDLERS[body["Type"]].provisioned(ctx, identifier, props, attributes)
    deployer._remember(stack, logical_id, copy.deepcopy(body), resource, props)
    return resource


def _roll_back(stack: Any, adopted: list[str], saved: tuple[Any, dict], failed: str) -> None:
    stack.status = "IMPORT_ROLLBACK_IN_PROGRESS"
    record_stack(stack, stack.status, f"The following resource(s) failed to import: [{failed}]. ")
    for logical_id in reversed(adopted):
        body = stack._cicd_json[logical_id]
        record(stack, logical_id, ops.physical_id(stack._cicd_resources[logical_id]), body["Type"], "DELETE_SKIPPED")
        deployer._forget(stack, logical_id)
    if saved[0]:
        deployer.load_template(stack, saved[0], saved[1])
    stack.status = "IMPORT_ROLLBACK_COMPLETE"
    record_stack(stack, stack.status)


def _execute_change_set(self: Any, change_set_name: str, stack_name: str | None = None) -> None:
    change_set = self.describe_change_set(change_set_name)
    if not isinstance(change_set, ImportChangeSet):
        return _previous["execute_change_set"](self, change_set_name, stack_name)
    if change_set.execution_status != "AVAILABLE":
        raise ValidationError(
            message=(
                f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
                f"execution status of [{change_set.execution_status}]"
            )
        )
    change_set.execution_status = "EXECUTE_IN_PROGRESS"
    ok = import_resources(self.stacks[change_set.stack_id], change_set)
    change_set.execution_status = "EXECUTE_COMPLETE" if ok else "EXECUTE_FAILED"


def apply() -> None:
    # CloudFormation shows the outputs of a stack after an import, too.
    backend_patch.OUTPUT_STATES.update({"IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"})
    # Captured here, after the engine's own patches are applied.
    _previous["create_change_set"] = CloudFormationResponse.create_change_set
    _previous["execute_change_set"] = Backend.execute_change_set
    CloudFormationResponse.create_change_set = _create_change_set
    Backend.execute_change_set = _execute_change_set


__all__ = ["IMPORTABLE", "apply", "holder_of"]
