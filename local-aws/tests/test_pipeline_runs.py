"""A pipeline execution advances for real: it waits at the Build action
until the build's end is reported through the builds route, then the
Deploy action runs the function (through the Lambda Runtime API), whose
PutJobSuccessResult / PutJobFailureResult ends the execution."""

from __future__ import annotations

import io
import json
import time
import urllib.request
import zipfile

import pytest

from templates import deploy_with_change_set, outputs, pipeline_stack, upload_function_code

PIPELINE = "cicd-pipeline"

# Reports to CodePipeline through boto3, with the credentials and endpoint
# the local Lambda environment provides.
REPORTING_HANDLER = """
import os
import boto3

def handler(event, context):
    job = event["CodePipeline.job"]["id"]
    pipeline = boto3.client("codepipeline")
    if os.environ.get("OUTCOME") == "fail":
        pipeline.put_job_failure_result(jobId=job, failureDetails={"type": "JobFailed", "message": "no image to tag"})
    else:
        pipeline.put_job_success_result(jobId=job, executionDetails={"summary": "ran in " + context.function_name})
    return {"reported": job}
"""

RAISING_HANDLER = """
def handler(event, context):
    raise RuntimeError("the function broke before reporting")
"""

# A `provided` runtime: an executable `bootstrap` speaking the Runtime API.
BOOTSTRAP = """#!/usr/bin/env python3
import json, os, urllib.request
import boto3
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
with urllib.request.urlopen(api + "/invocation/next") as response:
    event = json.loads(response.read())
    request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
job = event["CodePipeline.job"]["id"]
boto3.client("codepipeline").put_job_success_result(jobId=job, executionDetails={"summary": "bootstrap " + os.environ["_HANDLER"]})
urllib.request.urlopen(urllib.request.Request(api + f"/invocation/{request_id}/response", data=b"{}", method="POST"))
"""


def route(endpoint: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{endpoint}/moto-api/cicd/{path}",
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def with_function(template: dict, **properties) -> dict:
    # Lambda's default 3 s is short for a cold Python with boto3 on a busy machine.
    template["Resources"]["TagProduction"]["Properties"].update({"Timeout": 60, **properties})
    return template


def inline(source: str, **environment: str) -> dict:
    return {
        "Code": {"ZipFile": source},
        "Runtime": "python3.12",
        "Handler": "index.handler",
        "Environment": {"Variables": environment},
    }


def deploy_and_push(aws, template: dict) -> str:
    upload_function_code(aws)
    assert deploy_with_change_set(aws, "stack", template) == "CREATE_COMPLETE"
    aws.s3.put_object(Bucket=outputs(aws, "stack")["artifactBucketName"], Key="source.zip", Body=b"zip")
    [run] = aws.codepipeline.list_pipeline_executions(pipelineName=PIPELINE)["pipelineExecutionSummaries"]
    return run["pipelineExecutionId"]


def actions(aws) -> dict[str, dict]:
    state = aws.codepipeline.get_pipeline_state(name=PIPELINE)
    return {a["actionName"]: a.get("latestExecution", {}) for s in state["stageStates"] for a in s["actionStates"]}


def wait_for_end(aws, execution_id: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while True:
        status = aws.codepipeline.get_pipeline_execution(pipelineName=PIPELINE, pipelineExecutionId=execution_id)[
            "pipelineExecution"
        ]["status"]
        if status != "InProgress" or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def complete_build(endpoint: str, status: str = "SUCCEEDED", message: str | None = None) -> dict:
    [build] = route(endpoint, "codebuild/builds?status=IN_PROGRESS")["builds"]
    return route(endpoint, "codebuild/builds/complete", {"buildId": build["buildId"], "status": status, "message": message})


def invoked_jobs(endpoint: str) -> list[dict]:
    """The jobs once the function's invocation for each has ended (it is
    recorded after the function answers, which is after it reported)."""
    deadline = time.monotonic() + 30
    while True:
        jobs = route(endpoint, "codepipeline/jobs")["jobs"]
        if all(job["invocations"] for job in jobs):
            return jobs
        assert time.monotonic() < deadline, jobs
        time.sleep(0.1)


def test_the_execution_waits_at_the_build_until_its_end_is_reported(aws, endpoint):
    execution_id = deploy_and_push(aws, with_function(pipeline_stack(), **inline(REPORTING_HANDLER)))
    time.sleep(0.3)
    assert wait_for_end(aws, execution_id, seconds=0) == "InProgress"
    [build] = route(endpoint, "codebuild/builds")["builds"]
    assert (build["status"], build["projectName"], build["pipelineExecutionId"]) == (
        "IN_PROGRESS", "docker-build-project", execution_id,
    )
    bucket = outputs(aws, "stack")["artifactBucketName"]
    version = aws.s3.head_object(Bucket=bucket, Key="source.zip")["VersionId"]
    assert build["sourceVersion"] == version
    [variable] = build["environmentVariables"]
    assert variable["name"] == "REPOSITORY_URI" and variable["value"].endswith("/docker-image-repo")
    # A real CodeBuild build of the endpoint, in progress until reported.
    [listed] = aws.codebuild.list_builds_for_project(projectName="docker-build-project")["ids"]
    assert listed == build["buildId"]
    [described] = aws.codebuild.batch_get_builds(ids=[listed])["builds"]
    assert described["buildStatus"] == "IN_PROGRESS"
    assert described["resolvedSourceVersion"] == version
    state = actions(aws)
    assert state["Build"]["status"] == "InProgress"
    assert state["Build"]["externalExecutionId"] == build["buildId"]
    assert "TagProduction" not in {k for k, v in state.items() if v}

    complete_build(endpoint)
    assert aws.codebuild.batch_get_builds(ids=[listed])["builds"][0]["buildStatus"] == "SUCCEEDED"
    assert wait_for_end(aws, execution_id) == "Succeeded"
    deploy = actions(aws)["TagProduction"]
    assert deploy["status"] == "Succeeded"
    assert deploy["summary"] == "ran in tag-production-image"
    [job] = invoked_jobs(endpoint)
    [invocation] = job["invocations"]
    assert invocation["status"] == "Succeeded"
    assert invocation["payload"] == {"reported": job["jobId"]}


def test_a_failed_build_fails_the_execution_with_its_message(aws, endpoint):
    execution_id = deploy_and_push(aws, with_function(pipeline_stack(), **inline(REPORTING_HANDLER)))
    complete_build(endpoint, "FAILED", "docker build exited 1")
    assert wait_for_end(aws, execution_id) == "Failed"
    build = actions(aws)["Build"]
    assert build["status"] == "Failed"
    assert build["errorDetails"]["message"] == "Build terminated with state: FAILED. docker build exited 1"
    assert route(endpoint, "codepipeline/jobs")["jobs"] == []
    # A build ends once.
    [ended] = route(endpoint, "codebuild/builds")["builds"]
    with pytest.raises(urllib.error.HTTPError) as again:
        route(endpoint, "codebuild/builds/complete", {"buildId": ended["buildId"], "status": "SUCCEEDED"})
    assert again.value.code == 409


def test_the_functions_failure_result_fails_the_execution_with_its_message(aws, endpoint):
    template = with_function(pipeline_stack(), **inline(REPORTING_HANDLER, OUTCOME="fail"))
    execution_id = deploy_and_push(aws, template)
    complete_build(endpoint)
    assert wait_for_end(aws, execution_id) == "Failed"
    deploy = actions(aws)["TagProduction"]
    assert deploy["status"] == "Failed"
    assert deploy["errorDetails"] == {"code": "JobFailed", "message": "no image to tag"}


def test_a_function_that_raises_leaves_the_job_waiting_and_records_why(aws, endpoint):
    execution_id = deploy_and_push(aws, with_function(pipeline_stack(), **inline(RAISING_HANDLER)))
    complete_build(endpoint)
    jobs = invoked_jobs(endpoint)
    [invocation] = jobs[0]["invocations"]
    assert (invocation["errorType"], invocation["errorMessage"]) == ("RuntimeError", "the function broke before reporting")
    # As on AWS, nothing was reported: the action waits (for its timeout there).
    assert jobs[0]["status"] == "InProgress"
    assert wait_for_end(aws, execution_id, seconds=0) == "InProgress"
    # The output went to the function's log group.
    config = getattr(aws, "lambda").get_function(FunctionName="tag-production-image")["Configuration"]
    events = aws.logs.filter_log_events(logGroupName=config["LoggingConfig"]["LogGroup"])["events"]
    messages = [e["message"] for e in events]
    assert "RuntimeError: the function broke before reporting" in messages, messages


def test_a_provided_runtime_runs_its_bootstrap(aws, endpoint):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bootstrap", BOOTSTRAP)
    upload_function_code(aws)
    aws.s3.put_object(Bucket="assets-bucket", Key="bootstrap.zip", Body=buffer.getvalue())
    template = with_function(
        pipeline_stack(), Runtime="provided.al2023", Handler="bootstrap",
        Code={"S3Bucket": "assets-bucket", "S3Key": "bootstrap.zip"},
    )
    assert deploy_with_change_set(aws, "stack", template) == "CREATE_COMPLETE"
    aws.s3.put_object(Bucket=outputs(aws, "stack")["artifactBucketName"], Key="source.zip", Body=b"zip")
    [run] = aws.codepipeline.list_pipeline_executions(pipelineName=PIPELINE)["pipelineExecutionSummaries"]
    complete_build(endpoint)
    assert wait_for_end(aws, run["pipelineExecutionId"]) == "Succeeded"
    assert actions(aws)["TagProduction"]["summary"] == "bootstrap bootstrap"
