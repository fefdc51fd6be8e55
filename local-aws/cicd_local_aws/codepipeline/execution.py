"""Pipeline executions that wait for Lambda Invoke and CodeBuild actions.

An execution walks its pipeline's actions in order (stages in order, actions
by runOrder).  Actions the endpoint does not run (S3 source, ...) are
marked Succeeded with a summary saying they were not run.  A Lambda Invoke
action creates a job, invokes the function with it (invoke.py) and the
execution stays InProgress until the job's result is reported: success
moves on to the next action, failure fails the execution.  A CodeBuild
action starts a build of its project and waits until the build's end is
reported (builds.py): the endpoint cannot run Docker builds."""

from __future__ import annotations

from typing import Any

from moto.codepipeline.models import CodePipelineBackend, codepipeline_backends
from moto.s3.models import s3_backends
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random

from . import builds, invoke
from .jobs import InvalidJobStateException, Job, is_lambda_invoke, new_job, store

_original_start = CodePipelineBackend.start_pipeline_execution


def ordered_actions(structure: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    """(stage name, action, is the stage's last action) in execution order."""
    steps = []
    for stage in structure.get("stages", []):
        actions = sorted(stage.get("actions", []), key=lambda a: int(a.get("runOrder", 1)))
        for index, action in enumerate(actions):
            steps.append((stage["name"], action, index == len(actions) - 1))
    return steps


def states(pipeline: Any) -> dict[str, dict[str, Any]]:
    """Per stage: `latestExecution` and the latest execution of each action,
    as GetPipelineState reports them."""
    if not hasattr(pipeline, "_cicd_states"):
        pipeline._cicd_states = {}
    return pipeline._cicd_states


def _record(
    pipeline: Any, execution: Any, stage: str, action: str, status: str, last_of_stage: bool, **details: Any
) -> str:
    stage_state = states(pipeline).setdefault(stage, {"actions": {}})
    action_execution_id = details.pop("actionExecutionId", None) or execution_action_id(execution, stage, action)
    stage_state["actions"][action] = {
        "actionExecutionId": action_execution_id,
        "status": status,
        "lastStatusChange": utcnow(),
        **{k: v for k, v in details.items() if v is not None},
    }
    if status == "Succeeded" and not last_of_stage:
        stage_status = "InProgress"
    else:
        stage_status = status
    stage_state["latestExecution"] = {"pipelineExecutionId": execution.pipeline_execution_id, "status": stage_status}
    execution.last_update_time = utcnow()
    return action_execution_id


def execution_action_id(execution: Any, stage: str, action: str) -> str:
    if not hasattr(execution, "_cicd_action_ids"):
        execution._cicd_action_ids = {}
    ids = execution._cicd_action_ids
    if (stage, action) not in ids:
        ids[(stage, action)] = str(mock_random.uuid4())
    return ids[(stage, action)]


def advance(backend: Any, pipeline: Any, execution: Any) -> None:
    """Runs the execution on from where it stopped, up to the next Invoke
    action (which gets a job) or to the end."""
    steps = execution._cicd_steps
    while execution._cicd_next < len(steps):
        stage, action, last = steps[execution._cicd_next]
        execution._cicd_next += 1
        if is_lambda_invoke(action):
            action_execution_id = execution_action_id(execution, stage, action["name"])
            artifact_store = pipeline.pipeline.get("artifactStore") or {}
            job = new_job(
                account_id=backend.account_id,
                region=backend.region_name,
                pipeline_name=pipeline.pipeline["name"],
                pipeline_arn=pipeline._arn,
                execution_id=execution.pipeline_execution_id,
                stage_name=stage,
                action=action,
                action_execution_id=action_execution_id,
                artifact_bucket=artifact_store.get("location"),
            )
            store(backend)[job.id] = job
            execution._cicd_waiting = (stage, action["name"], last)
            _record(pipeline, execution, stage, action["name"], "InProgress", last)
            execution.status = "InProgress"
            invoke.start(job)
            return
        if builds.is_codebuild(action):
            build = builds.start(
                backend.account_id, backend.region_name, pipeline.pipeline["name"],
                execution.pipeline_execution_id, stage, action, getattr(execution, "_cicd_source_version", None),
            )
            if isinstance(build, str):
                _record(
                    pipeline, execution, stage, action["name"], "Failed", last,
                    errorDetails={"code": "JobFailed", "message": build},
                )
                execution.status = "Failed"
                return
            execution._cicd_waiting = (stage, action["name"], last)
            _record(pipeline, execution, stage, action["name"], "InProgress", last, externalExecutionId=build.build_id)
            execution.status = "InProgress"
            return
        provider = (action.get("actionTypeId") or {}).get("provider", "?")
        _record(
            pipeline, execution, stage, action["name"], "Succeeded", last,
            summary=f"Not run: the local endpoint does not run {provider} actions",
        )
    execution.status = "Succeeded"


def _start(self: Any, name: str, variables: list[dict[str, str]] | None) -> str:
    execution_id = _original_start(self, name, variables)
    pipeline = self.pipelines[name]
    execution = pipeline.executions[execution_id]
    # The structure as it was when the execution started.
    execution._cicd_steps = ordered_actions(pipeline.pipeline)
    execution._cicd_next = 0
    execution._cicd_source_version = source_version(self.account_id, execution._cicd_steps)
    advance(self, pipeline, execution)
    return execution_id


def complete(backend: Any, job: Job, succeeded: bool, request: dict[str, Any]) -> None:
    """Records a reported result and moves the job's execution on."""
    if job.status != "InProgress":
        raise InvalidJobStateException(job.id, job.status)
    job.status = "Succeeded" if succeeded else "Failed"
    job.result = request
    job.updated = utcnow()
    pipeline = backend.pipelines.get(job.pipeline_name)
    execution = pipeline.executions.get(job.execution_id) if pipeline else None
    if execution is None:
        return  # the pipeline was deleted meanwhile; the job still records the result
    _finish(
        backend, pipeline, execution, succeeded,
        actionExecutionId=job.action_execution_id,
        **(_success_details(request) if succeeded else _failure_details(request)),
    )


def _success_details(request: dict[str, Any]) -> dict[str, Any]:
    details = request.get("executionDetails") or {}
    return {
        "summary": details.get("summary"),
        "externalExecutionId": details.get("externalExecutionId"),
        "percentComplete": details.get("percentComplete"),
    }


def _failure_details(request: dict[str, Any]) -> dict[str, Any]:
    failure = request.get("failureDetails") or {}
    return {
        "externalExecutionId": failure.get("externalExecutionId"),
        "errorDetails": {"code": failure.get("type", "JobFailed"), "message": failure.get("message", "")},
    }


def _finish(backend: Any, pipeline: Any, execution: Any, succeeded: bool, **details: Any) -> None:
    """Ends the action the execution waits at and moves the execution on
    (or fails it)."""
    stage, action, last = execution._cicd_waiting
    execution._cicd_waiting = None
    _record(pipeline, execution, stage, action, "Succeeded" if succeeded else "Failed", last, **details)
    if succeeded:
        advance(backend, pipeline, execution)
    else:
        execution.status = "Failed"


def finish_build(build: builds.PipelineBuild) -> None:
    """A pipeline build's reported end: the action succeeds or fails with it."""
    backend = codepipeline_backends[build.account_id][build.region]
    pipeline = backend.pipelines.get(build.pipeline_name)
    execution = pipeline.executions.get(build.execution_id) if pipeline else None
    if execution is None or getattr(execution, "_cicd_waiting", None) is None:
        return  # the pipeline was deleted meanwhile; the build still records its end
    if build.status == "SUCCEEDED":
        _finish(backend, pipeline, execution, True, externalExecutionId=build.build_id)
    else:
        message = "Build terminated with state: FAILED" + (f". {build.message}" if build.message else "")
        _finish(
            backend, pipeline, execution, False,
            externalExecutionId=build.build_id, errorDetails={"code": "JobFailed", "message": message},
        )


def source_version(account_id: str, steps: list[tuple[str, dict[str, Any], bool]]) -> str | None:
    """The S3 object version the execution's S3 source action takes (the
    newest at its start), as CodeBuild's resolved source version."""
    for _stage, action, _last in steps:
        kind = action.get("actionTypeId") or {}
        if (kind.get("category"), kind.get("provider")) != ("Source", "S3"):
            continue
        configuration = action.get("configuration") or {}
        try:
            key = s3_backends[account_id]["aws"].get_object(configuration["S3Bucket"], configuration["S3ObjectKey"])
        except Exception:  # noqa: BLE001 - no bucket or object: no revision
            return None
        return getattr(key, "version_id", None)
    return None


def apply() -> None:
    CodePipelineBackend.start_pipeline_execution = _start
