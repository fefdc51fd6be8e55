"""EventBridge delivery to CodePipeline targets.

moto delivers rule matches to logs, SQS and event buses only and raises
NotImplementedError for anything else, which also stops delivery to the
rule's remaining targets.  Here each target is delivered on its own, and a
CodePipeline target starts an execution as StartPipelineExecution would."""

from __future__ import annotations

import copy
import logging
from typing import Any

from moto.codepipeline.models import PipelineExecution, codepipeline_backends
from moto.events.models import Rule
from moto.utilities.arns import parse_arn

logger = logging.getLogger("cicd_local_aws")

_original_send_to_targets = Rule.send_to_targets
_original_summary = PipelineExecution.to_summary_dict
_original_detail = PipelineExecution.to_dict


def start_pipeline_from_rule(rule: Any, target: dict[str, Any]) -> str | None:
    arn = parse_arn(target["Arn"])
    backend = codepipeline_backends[arn.account][arn.region]
    name = arn.resource_id or arn.resource_type
    if name not in backend.pipelines:
        logger.warning("rule %s targets missing pipeline %s", rule.name, target["Arn"])
        return None
    execution_id = backend.start_pipeline_execution(name, None)
    execution = backend.pipelines[name].executions[execution_id]
    execution.cicd_trigger = {"triggerType": "CloudWatchEvent", "triggerDetail": rule.arn}
    return execution_id


def _send_to_targets(self: Any, original_event: Any, transform_input: bool = True) -> None:
    if getattr(self, "state", "ENABLED") not in (None, "ENABLED"):
        return
    if not self.event_pattern.matches_event(original_event):
        return
    for target in list(self.targets):
        if ":codepipeline:" in target["Arn"]:
            start_pipeline_from_rule(self, target)
            continue
        # A copy with one target, so a target moto cannot deliver to does not
        # cut off the others (and the shared rule is never mutated).
        single = copy.copy(self)
        single.targets = [target]
        try:
            _original_send_to_targets(single, original_event, transform_input)
        except NotImplementedError:
            logger.warning("rule %s: delivery to %s is not emulated", self.name, target["Arn"])


def _summary(self: Any) -> dict[str, Any]:
    data = _original_summary(self)
    if hasattr(self, "cicd_trigger"):
        data["trigger"] = self.cicd_trigger
    return data


def _detail(self: Any) -> dict[str, Any]:
    data = _original_detail(self)
    if hasattr(self, "cicd_trigger"):
        data["trigger"] = self.cicd_trigger
    return data


def apply() -> None:
    Rule.send_to_targets = _send_to_targets
    PipelineExecution.to_summary_dict = _summary
    PipelineExecution.to_dict = _detail
