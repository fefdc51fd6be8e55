"""DescribeStackResources by PhysicalResourceId: which stack holds a
resource.  CloudFormation answers with the resources of the stack that owns
it, or ValidationError "Stack for <id> does not exist"; moto requires
StackName and knows no other way in."""

from __future__ import annotations

from typing import Any, Callable

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.responses import CloudFormationResponse, StackResourceDTO
from moto.core.responses import ActionResult

from . import deployer
from .resource_ops import physical_id

_previous: dict[str, Callable[..., Any]] = {}


def _describe_stack_resources(self: Any) -> Any:
    wanted = self._get_param("PhysicalResourceId")
    if self._get_param("StackName") or not wanted:
        return _previous["describe_stack_resources"](self)
    logical_filter = self._get_param("LogicalResourceId")
    for stack in self.cloudformation_backend.stacks.values():
        owned = deployer.owned(stack)
        if not any(physical_id(r) == wanted for r in owned.values()):
            continue
        resources = [
            r for lid, r in owned.items() if logical_filter is None or lid == logical_filter
        ]
        return ActionResult({"StackResources": [StackResourceDTO(stack, r) for r in resources]})
    raise ValidationError(wanted, message=f"Stack for {wanted} does not exist")


def apply() -> None:
    _previous["describe_stack_resources"] = CloudFormationResponse.describe_stack_resources
    CloudFormationResponse.describe_stack_resources = _describe_stack_resources
