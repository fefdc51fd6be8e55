"""Answers as AWS puts them on the wire, read as raw bytes: boto3 tolerates
moto's variants, the Rust SDK does not."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET

import pytest

S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"
PIPELINE = "wire-format-pipeline"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": ["codepipeline.amazonaws.com"]}, "Action": "sts:AssumeRole"}
    ],
}


def raw_body(client, operation: str, **params) -> bytes:
    """Calls `operation` and returns the response body as received."""
    captured: list[bytes] = []

    def keep(http_response, **_):
        captured.append(http_response.content)

    event = f"after-call.{client.meta.service_model.service_id.hyphenize()}.{operation}"
    client.meta.events.register(event, keep)
    method = client.meta.method_to_api_mapping
    name = next(py for py, api in method.items() if api == operation)
    getattr(client, name)(**params)
    return captured[0]


def _stage(name: str, category: str, provider: str) -> dict:
    action = {
        "name": name,
        "actionTypeId": {"category": category, "owner": "AWS", "provider": provider, "version": "1"},
        "configuration": {"S3Bucket": "artifacts", "S3ObjectKey": "source.zip"} if category == "Source" else {},
    }
    if category == "Source":
        action["outputArtifacts"] = [{"name": "src"}]
    else:
        action["inputArtifacts"] = [{"name": "src"}]
    return {"name": name, "actions": [action]}


@pytest.fixture
def pipeline(aws):
    role = aws.iam.create_role(RoleName="wire-format-role", AssumeRolePolicyDocument=json.dumps(TRUST))
    before = time.time()
    aws.codepipeline.create_pipeline(
        pipeline={
            "name": PIPELINE,
            "roleArn": role["Role"]["Arn"],
            "artifactStore": {"type": "S3", "location": "artifacts"},
            "stages": [_stage("Source", "Source", "S3"), _stage("Build", "Build", "CodeBuild")],
        }
    )
    return before


def _is_recent_epoch(value, since: float) -> bool:
    # A JSON number, not a string; within a minute of the call.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and since - 1 <= value <= since + 60


def test_get_pipeline_metadata_timestamps_are_epoch_seconds(aws, pipeline):
    body = json.loads(raw_body(aws.codepipeline, "GetPipeline", name=PIPELINE))
    metadata = body["metadata"]
    assert _is_recent_epoch(metadata["created"], pipeline), metadata
    assert _is_recent_epoch(metadata["updated"], pipeline), metadata
    assert body["pipeline"]["name"] == PIPELINE


def test_get_pipeline_of_a_missing_pipeline_is_still_refused(aws):
    with pytest.raises(aws.codepipeline.exceptions.PipelineNotFoundException):
        aws.codepipeline.get_pipeline(name="no-such-pipeline")


def test_list_pipelines_timestamps_are_epoch_seconds(aws, pipeline):
    body = json.loads(raw_body(aws.codepipeline, "ListPipelines"))
    [summary] = body["pipelines"]
    assert summary["name"] == PIPELINE
    assert _is_recent_epoch(summary["created"], pipeline), summary
    assert _is_recent_epoch(summary["updated"], pipeline), summary


def test_list_pipeline_executions_timestamps_are_epoch_seconds(aws, pipeline):
    first = aws.codepipeline.start_pipeline_execution(name=PIPELINE)["pipelineExecutionId"]
    second = aws.codepipeline.start_pipeline_execution(name=PIPELINE)["pipelineExecutionId"]
    body = json.loads(raw_body(aws.codepipeline, "ListPipelineExecutions", pipelineName=PIPELINE))
    summaries = body["pipelineExecutionSummaries"]
    assert [s["pipelineExecutionId"] for s in summaries] == [second, first]
    for summary in summaries:
        assert _is_recent_epoch(summary["startTime"], pipeline), summary
        assert _is_recent_epoch(summary["lastUpdateTime"], pipeline), summary
        assert summary["lastUpdateTime"] >= summary["startTime"]
    limited = json.loads(raw_body(aws.codepipeline, "ListPipelineExecutions", pipelineName=PIPELINE, maxResults=1))
    assert [s["pipelineExecutionId"] for s in limited["pipelineExecutionSummaries"]] == [second]


def test_codepipeline_answers_carry_no_string_timestamps(aws, pipeline):
    execution_id = aws.codepipeline.start_pipeline_execution(name=PIPELINE)["pipelineExecutionId"]
    answers = {
        "GetPipelineExecution": raw_body(
            aws.codepipeline, "GetPipelineExecution", pipelineName=PIPELINE, pipelineExecutionId=execution_id
        ),
        "GetPipelineState": raw_body(aws.codepipeline, "GetPipelineState", name=PIPELINE),
    }
    timestamp_keys = {"created", "updated", "startTime", "lastUpdateTime", "lastStatusChange"}

    def strings_at_timestamp_keys(value, path=""):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in timestamp_keys and isinstance(item, str):
                    yield f"{path}.{key}"
                yield from strings_at_timestamp_keys(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from strings_at_timestamp_keys(item, f"{path}[{index}]")

    for operation, body in answers.items():
        assert list(strings_at_timestamp_keys(json.loads(body))) == [], operation
    state = json.loads(answers["GetPipelineState"])
    assert _is_recent_epoch(state["created"], pipeline)
    action = state["stageStates"][0]["actionStates"][0]["latestExecution"]
    assert _is_recent_epoch(action["lastStatusChange"], pipeline)


@pytest.mark.parametrize("status", ["Enabled", "Suspended"])
def test_get_bucket_versioning_root_is_versioning_configuration(aws, status):
    aws.s3.create_bucket(Bucket="wire-format-bucket")
    aws.s3.put_bucket_versioning(Bucket="wire-format-bucket", VersioningConfiguration={"Status": status})
    root = ET.fromstring(raw_body(aws.s3, "GetBucketVersioning", Bucket="wire-format-bucket"))
    assert root.tag == f"{{{S3_NAMESPACE}}}VersioningConfiguration"
    assert [(child.tag, child.text) for child in root] == [(f"{{{S3_NAMESPACE}}}Status", status)]


def test_get_bucket_versioning_of_an_unversioned_bucket_is_an_empty_configuration(aws):
    aws.s3.create_bucket(Bucket="wire-format-plain")
    root = ET.fromstring(raw_body(aws.s3, "GetBucketVersioning", Bucket="wire-format-plain"))
    assert root.tag == f"{{{S3_NAMESPACE}}}VersioningConfiguration"
    assert list(root) == []
