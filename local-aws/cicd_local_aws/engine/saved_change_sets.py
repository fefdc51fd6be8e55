"""What a saved change set (made now, executed later) relies on, as
CloudFormation does it and moto does not:

- executing a change set deletes the stack's other change sets ("After you
  execute a change set, CloudFormation removes all change sets associated
  with the stack"), so a plan made before another deploy is gone;
- DescribeStacks reports `LastUpdatedTime`, set when an update starts
  (moto never sets it), which a client compares with a change set's
  `CreationTime`;
- a change set that does not exist is CloudFormation's `ChangeSetNotFound`
  (moto answers "Stack with id <change set> does not exist")."""

from __future__ import annotations

from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation.exceptions import CloudFormationError, ValidationError
from moto.core.utils import utcnow

Backend = cfn_models.CloudFormationBackend
Stack = cfn_models.Stack


class ChangeSetNotFound(CloudFormationError):
    code = "ChangeSetNotFound"

    def __init__(self, name: str):
        super().__init__(f"ChangeSet [{name}] does not exist")


def _not_found_by_its_name(original: Any) -> Any:
    def describe_change_set(self: Any, change_set_name: str) -> Any:
        try:
            return original(self, change_set_name)
        except ValidationError as error:
            raise ChangeSetNotFound(change_set_name) from error

    return describe_change_set


def _execute_then_drop_the_others(original: Any) -> Any:
    def execute_change_set(self: Any, change_set_name: str, stack_name: str | None = None) -> None:
        executed = self.describe_change_set(change_set_name)
        original(self, change_set_name, stack_name)
        for change_set_id, other in list(self.change_sets.items()):
            if other is not executed and other.stack_id == executed.stack_id:
                del self.change_sets[change_set_id]

    return execute_change_set


def _record_update_time(original: Any) -> Any:
    def update(stack: Any, *args: Any, **kwargs: Any) -> Any:
        stack.last_updated_time = utcnow()
        return original(stack, *args, **kwargs)

    return update


def apply() -> None:
    from . import deployer

    Backend.describe_change_set = _not_found_by_its_name(Backend.describe_change_set)
    Backend.execute_change_set = _execute_then_drop_the_others(Backend.execute_change_set)
    deployer.update_stack = _record_update_time(deployer.update_stack)
