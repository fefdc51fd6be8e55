"""The CodePipeline job-worker calls a Lambda function makes, and
GetPipelineState to read the outcome back, on moto's CodePipeline API."""

from __future__ import annotations

import json
from typing import Any

from moto.codepipeline.exceptions import PipelineNotFoundException
from moto.codepipeline.responses import CodePipelineResponse

from .execution import complete, states
from .jobs import ValidationException, find
from .timestamps import epoch as _epoch

_FAILURE_TYPES = {
    "JobFailed",
    "ConfigurationError",
    "PermissionError",
    "RevisionOutOfSync",
    "RevisionUnavailable",
    "SystemUnavailable",
}


def _get_job_details(self: Any) -> str:
    job = find(self.codepipeline_backend, self._get_param("jobId"))
    return json.dumps({"jobDetails": job.details()})


def _put_job_success_result(self: Any) -> str:
    backend = self.codepipeline_backend
    job = find(backend, self._get_param("jobId"))
    complete(backend, job, True, json.loads(self.body or "{}"))
    return "{}"


def _put_job_failure_result(self: Any) -> str:
    backend = self.codepipeline_backend
    job = find(backend, self._get_param("jobId"))
    request = json.loads(self.body or "{}")
    failure = request.get("failureDetails") or {}
    if failure.get("type") not in _FAILURE_TYPES or not failure.get("message"):
        raise ValidationException("failureDetails needs a valid type and a message")
    complete(backend, job, False, request)
    return "{}"


def pipeline_state(pipeline: Any) -> dict[str, Any]:
    recorded = states(pipeline)
    stage_states = []
    for stage in pipeline.pipeline.get("stages", []):
        stage_record = recorded.get(stage["name"], {})
        action_states = []
        for action in stage.get("actions", []):
            state: dict[str, Any] = {"actionName": action["name"]}
            latest = stage_record.get("actions", {}).get(action["name"])
            if latest is not None:
                state["latestExecution"] = {k: _epoch(v) for k, v in latest.items()}
            action_states.append(state)
        entry: dict[str, Any] = {
            "stageName": stage["name"],
            "inboundTransitionState": {"enabled": True},
            "actionStates": action_states,
        }
        if "latestExecution" in stage_record:
            entry["latestExecution"] = stage_record["latestExecution"]
        stage_states.append(entry)
    return {
        "pipelineName": pipeline.pipeline["name"],
        "pipelineVersion": pipeline.pipeline["version"],
        "stageStates": stage_states,
        "created": _epoch(pipeline._created),
        "updated": _epoch(pipeline._updated),
    }


def _get_pipeline_state(self: Any) -> str:
    backend = self.codepipeline_backend
    name = self._get_param("name")
    pipeline = backend.pipelines.get(name)
    if pipeline is None:
        raise PipelineNotFoundException(
            f"Account '{backend.account_id}' does not have a pipeline with name '{name}'"
        )
    return json.dumps(pipeline_state(pipeline))


def apply() -> None:
    CodePipelineResponse.get_job_details = _get_job_details
    CodePipelineResponse.put_job_success_result = _put_job_success_result
    CodePipelineResponse.put_job_failure_result = _put_job_failure_result
    CodePipelineResponse.get_pipeline_state = _get_pipeline_state
