"""ListChangeSets answers for the stack it names, as CloudFormation does.

moto returns every change set of the region whatever StackName says, so a
client cleaning up "its" change sets would see (and could delete) those of
other stacks."""

from __future__ import annotations

from typing import Any

from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult


def _list_change_sets(self: Any) -> ActionResult:
    wanted = self._get_param("StackName")
    summaries = [
        change_set
        for change_set in self.cloudformation_backend.list_change_sets()
        if wanted in (change_set.stack_name, change_set.stack_id)
    ]
    return ActionResult({"Summaries": summaries})


def apply() -> None:
    CloudFormationResponse.list_change_sets = _list_change_sets
