"""Termination protection, as CloudFormation has it: UpdateTerminationProtection
(moto has no such action) and DeleteStack refused while it is on.

moto stores `EnableTerminationProtection` from CreateStack and reports it in
DescribeStacks, but nothing can change it and DeleteStack ignores it."""

from __future__ import annotations

from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult

Backend = cfn_models.CloudFormationBackend


def _find(backend: Any, name_or_stack_id: str) -> Any:
    stack = backend.stacks.get(name_or_stack_id)
    if stack is None:
        stack = next((s for s in backend.stacks.values() if s.name == name_or_stack_id), None)
    return stack


def _update_termination_protection(self: Any) -> ActionResult:
    name = self._get_param("StackName")
    enable = str(self._get_param("EnableTerminationProtection")).lower() == "true"
    stack = _find(self.cloudformation_backend, name)
    if stack is None:
        raise ValidationError(name, message=f"Stack [{name}] does not exist")
    stack.enable_termination_protection = enable
    return ActionResult({"StackId": stack.stack_id})


def _guard_delete(original: Any) -> Any:
    def delete_stack(self: Any, name_or_stack_id: str, *args: Any, **kwargs: Any) -> None:
        stack = _find(self, name_or_stack_id)
        if stack is not None and stack.enable_termination_protection:
            # CloudFormation's own wording.
            raise ValidationError(
                stack.stack_id,
                message=f"Stack [{stack.name}] cannot be deleted while TerminationProtection is enabled",
            )
        return original(self, name_or_stack_id, *args, **kwargs)

    return delete_stack


def apply() -> None:
    CloudFormationResponse.update_termination_protection = _update_termination_protection
    Backend.delete_stack = _guard_delete(Backend.delete_stack)
