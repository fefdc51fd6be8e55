"""Routes moto's CloudFormation stack operations through the deployer.

moto keeps the API surface (request parsing, response shapes, change-set
bookkeeping); these replacements decide what happens to resources."""

from __future__ import annotations

import logging
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation.exceptions import AlreadyExistsException, ValidationError
from moto.cloudformation import parsing
from moto.cloudformation.parsing import ResourceMap
from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudformation.utils import generate_stack_id
from moto.core.responses import EmptyResult

from ..resources import HANDLERS
from ..resources.base import Provisioned
from . import change_set_listing, deployer, saved_change_sets, stack_refactor, termination_protection, test_faults
from .resource_ops import unsupported_types
from .stack_events import record_stack

logger = logging.getLogger("cicd_local_aws")

Stack = cfn_models.Stack
Backend = cfn_models.CloudFormationBackend

# Stack states in which CloudFormation reports Outputs.
OUTPUT_STATES = {
    "CREATE_COMPLETE",
    "UPDATE_COMPLETE",
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_ROLLBACK_COMPLETE",
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_ROLLBACK_FAILED",
    "DELETE_FAILED",
}


def reject_unsupported(template: Any) -> None:
    parsed = Stack.parse_template(template) if isinstance(template, str) else template
    unknown = unsupported_types((parsed or {}).get("Resources") or {})
    if unknown:
        raise ValidationError(
            message=f"Template format error: Unrecognized resource types: [{', '.join(unknown)}]"
        )


# --- Stack ------------------------------------------------------------------

_original_outputs = Stack.outputs.fget


def _outputs(self: Any) -> Any:
    if self.status not in OUTPUT_STATES:
        return None
    try:
        return _original_outputs(self)
    except Exception:  # an unresolvable output must not break DescribeStacks
        logger.exception("outputs of stack %s could not be resolved", self.name)
        return None


def _exports(self: Any) -> list:
    if self.status not in OUTPUT_STATES:
        return []
    try:
        return self.output_map.exports
    except Exception:
        logger.exception("exports of stack %s could not be resolved", self.name)
        return []


def _stack_resources(self: Any) -> list:
    return list(deployer.owned(self).values())


def _stack_create_resources(self: Any) -> None:
    deployer.create_stack(self)


def _stack_update(
    self: Any,
    template: str,
    role_arn: str | None = None,
    parameters: dict[str, Any] | None = None,
    tags: dict[str, str] | None = None,
) -> None:
    reject_unsupported(template)
    if self.has_template(template) and (not parameters or self.has_parameters(parameters)):
        raise ValidationError(self.name, message="No updates are to be performed.")
    deployer.update_stack(self, template, parameters)
    self.role_arn = role_arn
    if tags is not None:
        self.tags = tags


def _stack_delete(self: Any) -> None:
    deployer.delete_stack(self)


# --- ResourceMap ------------------------------------------------------------


def _resource_map_getitem(self: Any, key: str) -> Any:
    """Only what exists resolves.  moto would create a missing resource on
    first reference, out of order and without events."""
    if key in self._parsed_resources:
        return self._parsed_resources[key]
    if key in self._resource_json_map:
        raise ValidationError(
            message=f"Template error: resource {key} is referenced but does not exist (not created, or its Condition is false)"
        )
    raise KeyError(key)


# --- Backend ----------------------------------------------------------------


def _register_exports(backend: Any, stack: Any) -> None:
    for export in stack.exports:
        backend.exports[export.name] = export


def _backend_create_stack(
    self: Any,
    name: str,
    template: str,
    parameters: dict[str, Any],
    notification_arns: list[str] | None = None,
    tags: dict[str, str] | None = None,
    role_arn: str | None = None,
    enable_termination_protection: bool | None = False,
    timeout_in_mins: int | None = None,
    stack_policy_body: str | None = None,
) -> Any:
    if any(stack.name == name for stack in self.stacks.values()):
        raise AlreadyExistsException(f"Stack [{name}] already exists")
    reject_unsupported(template)
    stack = Stack(
        stack_id=generate_stack_id(name, self.region_name, self.account_id),
        name=name,
        template=template,
        parameters=parameters,
        account_id=self.account_id,
        region_name=self.region_name,
        notification_arns=notification_arns,
        tags=tags,
        role_arn=role_arn,
        cross_stack_resources=self.exports,
        enable_termination_protection=enable_termination_protection,
        timeout_in_mins=timeout_in_mins,
        stack_policy_body=stack_policy_body,
    )
    self.stacks[stack.stack_id] = stack
    record_stack(stack, "CREATE_IN_PROGRESS", "User Initiated")
    if deployer.create_stack(stack):
        _register_exports(self, stack)
    return stack


_original_create_change_set = Backend.create_change_set


def _backend_create_change_set(self: Any, stack_name: str, change_set_name: str, template: str, parameters: dict, description: str, change_set_type: str, *args: Any, **kwargs: Any) -> Any:
    reject_unsupported(template)
    same_name = [s for s in self.stacks.values() if s.name == stack_name]
    if change_set_type == "UPDATE":
        for stack in same_name:
            if stack.status in ("ROLLBACK_COMPLETE", "REVIEW_IN_PROGRESS"):
                raise ValidationError(
                    stack.stack_id,
                    message=f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated.",
                )
    else:
        for stack in same_name:
            if stack.status != "REVIEW_IN_PROGRESS":
                raise ValidationError(
                    stack.stack_id,
                    message=f"Stack [{stack_name}] already exists and cannot be created again with the changeSet [{change_set_name}].",
                )
            # A stack still in review is taken over by the new change set.
            self.stacks.pop(stack.stack_id)
    return _original_create_change_set(
        self, stack_name, change_set_name, template, parameters, description, change_set_type, *args, **kwargs
    )


def _backend_execute_change_set(self: Any, change_set_name: str, stack_name: str | None = None) -> None:
    change_set = self.describe_change_set(change_set_name)
    if change_set.execution_status != "AVAILABLE":
        raise ValidationError(
            message=(
                f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
                f"execution status of [{change_set.execution_status}]"
            )
        )
    stack = self.stacks[change_set.stack_id]
    change_set.execution_status = "EXECUTE_IN_PROGRESS"
    if change_set.change_set_type == "CREATE":
        deployer.load_template(stack, change_set.template, change_set.parameters)
        if change_set.tags:
            stack.tags = change_set.tags
        stack.status = "CREATE_IN_PROGRESS"
        record_stack(stack, "CREATE_IN_PROGRESS", "User Initiated")
        ok = deployer.create_stack(stack)
        if ok:
            _register_exports(self, stack)
    else:
        ok = deployer.update_stack(stack, change_set.template, change_set.parameters)
    change_set.execution_status = "EXECUTE_COMPLETE" if ok else "EXECUTE_FAILED"


def _find_stack(backend: Any, name_or_stack_id: str) -> Any:
    stack = backend.stacks.get(name_or_stack_id)
    if stack is None:
        stack = next((s for s in backend.stacks.values() if s.name == name_or_stack_id), None)
    return stack


def _backend_delete_stack(self: Any, name_or_stack_id: str, retain_resources: list[str] | None = None) -> None:
    stack = _find_stack(self, name_or_stack_id)
    if stack is None:
        return  # CloudFormation answers success for a stack that is gone
    retain = tuple(retain_resources or ())
    if retain:
        if stack.status != "DELETE_FAILED":
            raise ValidationError(
                stack.stack_id,
                message=f"Invalid operation on stack [{stack.stack_id}]: RetainResources is allowed only when the stack is DELETE_FAILED, and it is {stack.status}",
            )
        unknown = sorted(set(retain) - set(deployer.owned(stack)))
        if unknown:
            raise ValidationError(
                stack.stack_id,
                message=f"RetainResources names resources the stack does not have: [{', '.join(unknown)}]",
            )
    export_names = [export.name for export in stack.exports]
    if deployer.delete_stack(stack, retain):
        self.stacks.pop(stack.stack_id, None)
        self.deleted_stacks[stack.stack_id] = stack
        for export_name in export_names:
            self.exports.pop(export_name, None)


def _backend_continue_update_rollback(self: Any, name_or_stack_id: str, resources_to_skip: list[str]) -> None:
    stack = _find_stack(self, name_or_stack_id)
    if stack is None:
        raise ValidationError(name_or_stack_id, message=f"Stack [{name_or_stack_id}] does not exist")
    if stack.status != "UPDATE_ROLLBACK_FAILED":
        raise ValidationError(
            stack.stack_id,
            message=f"Stack [{stack.name}] is in {stack.status} state; ContinueUpdateRollback needs UPDATE_ROLLBACK_FAILED",
        )
    failed = deployer.rollback_failures(stack)
    wrong = sorted(set(resources_to_skip) - set(failed))
    if wrong:
        raise ValidationError(
            stack.stack_id,
            message=f"ResourcesToSkip may only name resources whose rollback failed ([{', '.join(failed)}]), not [{', '.join(wrong)}]",
        )
    deployer.continue_update_rollback(stack, tuple(resources_to_skip))


def _response_delete_stack(self: Any) -> Any:
    self.cloudformation_backend.delete_stack(
        self._get_param("StackName"), self._get_param("RetainResources", [])
    )
    return EmptyResult()


def _response_continue_update_rollback(self: Any) -> Any:
    self.cloudformation_backend.continue_update_rollback(
        self._get_param("StackName"), self._get_param("ResourcesToSkip", [])
    )
    return EmptyResult()


_original_resource_class_from_type = parsing.resource_class_from_type


def _resource_class_from_type(resource_type: str) -> Any:
    # moto's template checks ask the model class for attribute support.
    if resource_type in HANDLERS:
        return Provisioned
    return _original_resource_class_from_type(resource_type)


def apply() -> None:
    parsing.resource_class_from_type = _resource_class_from_type
    Stack.outputs = property(_outputs)
    Stack.exports = property(_exports)
    Stack.stack_resources = property(_stack_resources)
    Stack.create_resources = _stack_create_resources
    Stack.update = _stack_update
    Stack.delete = _stack_delete
    ResourceMap.__getitem__ = _resource_map_getitem
    Backend.create_stack = _backend_create_stack
    Backend.create_change_set = _backend_create_change_set
    Backend.execute_change_set = _backend_execute_change_set
    Backend.delete_stack = _backend_delete_stack
    Backend.continue_update_rollback = _backend_continue_update_rollback
    CloudFormationResponse.delete_stack = _response_delete_stack
    CloudFormationResponse.continue_update_rollback = _response_continue_update_rollback
    change_set_listing.apply()
    saved_change_sets.apply()
    termination_protection.apply()
    stack_refactor.apply()
    test_faults.apply()
