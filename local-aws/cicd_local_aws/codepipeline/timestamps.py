"""CodePipeline timestamps as the AWS JSON protocol sends them.

awsJson1_1 timestamps are seconds since the epoch (numbers).  moto 5.2.5
writes GetPipeline's and ListPipelines' `created`/`updated` and
ListPipelineExecutions' `startTime`/`lastUpdateTime` as ISO-8601 strings;
boto3 parses either, the Rust SDK (and AWS's other SDKs) reject strings.
Here they come from the model's datetimes as numbers."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from moto.codepipeline.responses import CodePipelineResponse


def epoch(value: Any) -> Any:
    if not isinstance(value, datetime):
        return value
    # moto keeps naive UTC datetimes; a naive timestamp() would read them as local time.
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def _get_pipeline(self: Any) -> str:
    backend = self.codepipeline_backend
    name = self._get_param("name")
    structure, metadata = backend.get_pipeline(name)  # raises PipelineNotFound
    model = backend.pipelines[name]
    metadata = {**metadata, "created": epoch(model._created), "updated": epoch(model._updated)}
    return json.dumps({"pipeline": structure, "metadata": metadata})


def _list_pipelines(self: Any) -> str:
    backend = self.codepipeline_backend
    summaries = backend.list_pipelines()
    for summary in summaries:
        model = backend.pipelines[summary["name"]]
        summary["created"] = epoch(model._created)
        summary["updated"] = epoch(model._updated)
    return json.dumps({"pipelines": summaries})


def _list_pipeline_executions(self: Any) -> str:
    backend = self.codepipeline_backend
    name = self._get_param("pipelineName")
    summaries = backend.list_pipeline_executions(name, self._get_param("maxResults"))
    executions = backend.pipelines[name].executions
    for summary in summaries:
        execution = executions[summary["pipelineExecutionId"]]
        summary["startTime"] = epoch(execution.start_time)
        summary["lastUpdateTime"] = epoch(execution.last_update_time)
    return json.dumps({"pipelineExecutionSummaries": summaries})


def apply() -> None:
    CodePipelineResponse.get_pipeline = _get_pipeline
    CodePipelineResponse.list_pipelines = _list_pipelines
    CodePipelineResponse.list_pipeline_executions = _list_pipeline_executions
