"""Pipeline executions wait at Lambda Invoke actions for the function's job
result; the job API (GetJobDetails, PutJobSuccessResult,
PutJobFailureResult) and GetPipelineState work on that state."""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError

from templates import deploy_with_change_set, outputs, pipeline_stack, upload_function_code

PIPELINE = "cicd-pipeline"


def jobs(endpoint: str, **query: str) -> list[dict]:
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    with urllib.request.urlopen(f"{endpoint}/moto-api/cicd/codepipeline/jobs{suffix}", timeout=10) as response:
        return json.loads(response.read())["jobs"]


@pytest.fixture
def started(aws, endpoint):
    """The pipeline-shaped stack, with one execution started by uploading
    source.zip (Source -> Build -> Deploy, Deploy invoking the function)."""
    upload_function_code(aws)
    assert deploy_with_change_set(aws, "stack", pipeline_stack()) == "CREATE_COMPLETE"
    aws.s3.put_object(Bucket=outputs(aws, "stack")["artifactBucketName"], Key="source.zip", Body=b"zip")
    [run] = aws.codepipeline.list_pipeline_executions(pipelineName=PIPELINE)["pipelineExecutionSummaries"]
    assert jobs(endpoint) == [], "the execution waits at the Build action"
    complete_build(endpoint)
    [job] = jobs(endpoint)
    return run["pipelineExecutionId"], job


def complete_build(endpoint: str) -> None:
    """Reports the end of the builds executions wait at, oldest first (the
    endpoint runs no Docker build)."""
    with urllib.request.urlopen(f"{endpoint}/moto-api/cicd/codebuild/builds?status=IN_PROGRESS", timeout=10) as response:
        waiting = json.loads(response.read())["builds"]
    assert waiting, "a build is in progress"
    for build in waiting:
        body = json.dumps({"buildId": build["buildId"], "status": "SUCCEEDED"}).encode()
        urllib.request.urlopen(
            urllib.request.Request(f"{endpoint}/moto-api/cicd/codebuild/builds/complete", data=body, method="POST"),
            timeout=10,
        ).read()


def action_states(aws) -> dict[str, dict]:
    state = aws.codepipeline.get_pipeline_state(name=PIPELINE)
    return {
        a["actionName"]: a.get("latestExecution", {})
        for stage in state["stageStates"]
        for a in stage["actionStates"]
    }


def execution_status(aws, execution_id: str) -> str:
    execution = aws.codepipeline.get_pipeline_execution(pipelineName=PIPELINE, pipelineExecutionId=execution_id)
    return execution["pipelineExecution"]["status"]


def test_execution_waits_at_the_invoke_action_with_a_job(aws, started):
    execution_id, job = started
    assert execution_status(aws, execution_id) == "InProgress"
    assert job["status"] == "InProgress"
    assert (job["pipelineName"], job["pipelineExecutionId"], job["stageName"]) == (PIPELINE, execution_id, "Deploy")
    assert job["actionConfiguration"] == {"FunctionName": "tag-production-image"}
    event = job["event"]["CodePipeline.job"]
    assert event["id"] == job["jobId"] and event["accountId"] == "123456789012"
    assert event["data"]["actionConfiguration"]["configuration"] == {"FunctionName": "tag-production-image"}
    assert set(event["data"]["artifactCredentials"]) == {"accessKeyId", "secretAccessKey", "sessionToken"}

    states = action_states(aws)
    assert states["Source"]["status"] == "Succeeded"
    assert states["Source"]["summary"].startswith("Not run: the local endpoint does not run S3 actions")
    assert states["Build"]["status"] == "Succeeded"
    assert states["Build"]["externalExecutionId"].startswith("docker-build-project:")
    assert states["TagProduction"]["status"] == "InProgress"

    details = aws.codepipeline.get_job_details(jobId=job["jobId"])["jobDetails"]
    context = details["data"]["pipelineContext"]
    assert context["pipelineName"] == PIPELINE and context["pipelineExecutionId"] == execution_id
    assert context["stage"]["name"] == "Deploy"
    assert context["action"]["actionExecutionId"] == states["TagProduction"]["actionExecutionId"]
    assert details["data"]["actionTypeId"]["provider"] == "Lambda"


def test_success_result_completes_the_action_and_the_execution(aws, endpoint, started):
    execution_id, job = started
    aws.codepipeline.put_job_success_result(
        jobId=job["jobId"],
        executionDetails={"summary": "tagged sha256:abc `production`", "externalExecutionId": "sha256:abc", "percentComplete": 100},
    )
    assert execution_status(aws, execution_id) == "Succeeded"
    deploy = action_states(aws)["TagProduction"]
    assert deploy["status"] == "Succeeded"
    assert deploy["summary"] == "tagged sha256:abc `production`"
    assert deploy["externalExecutionId"] == "sha256:abc"
    [recorded] = jobs(endpoint, status="Succeeded")
    assert recorded["result"]["executionDetails"]["externalExecutionId"] == "sha256:abc"

    # A job takes one result.
    with pytest.raises(ClientError) as again:
        aws.codepipeline.put_job_failure_result(jobId=job["jobId"], failureDetails={"type": "JobFailed", "message": "late"})
    assert again.value.response["Error"]["Code"] == "InvalidJobStateException"
    assert execution_status(aws, execution_id) == "Succeeded"


def test_failure_result_fails_the_execution_with_the_message(aws, endpoint, started):
    execution_id, job = started
    aws.codepipeline.put_job_failure_result(
        jobId=job["jobId"], failureDetails={"type": "JobFailed", "message": "repository docker-image-repo has no images"}
    )
    assert execution_status(aws, execution_id) == "Failed"
    deploy = action_states(aws)["TagProduction"]
    assert deploy["status"] == "Failed"
    assert deploy["errorDetails"] == {"code": "JobFailed", "message": "repository docker-image-repo has no images"}
    assert jobs(endpoint, status="Failed")[0]["jobId"] == job["jobId"]


def test_parallel_executions_each_get_their_own_job(aws, endpoint):
    # PARALLEL: executions do not wait for each other.  (QUEUED and
    # SUPERSEDED stage locking is not emulated; see the README.)
    upload_function_code(aws)
    template = pipeline_stack()
    template["Resources"]["Pipeline"]["Properties"]["ExecutionMode"] = "PARALLEL"
    assert deploy_with_change_set(aws, "stack", template) == "CREATE_COMPLETE"
    first_execution = aws.codepipeline.start_pipeline_execution(name=PIPELINE)["pipelineExecutionId"]
    second_execution = aws.codepipeline.start_pipeline_execution(name=PIPELINE)["pipelineExecutionId"]
    complete_build(endpoint)
    listed = jobs(endpoint, pipelineName=PIPELINE)
    assert [j["pipelineExecutionId"] for j in listed] == [first_execution, second_execution]
    second_job = listed[1]["jobId"]
    aws.codepipeline.put_job_success_result(jobId=second_job)
    assert execution_status(aws, second_execution) == "Succeeded"
    assert execution_status(aws, first_execution) == "InProgress"


def test_unknown_and_malformed_job_ids_are_refused(aws, started):
    unknown = str(uuid.uuid4())
    for call in (
        lambda: aws.codepipeline.put_job_success_result(jobId=unknown),
        lambda: aws.codepipeline.put_job_failure_result(jobId=unknown, failureDetails={"type": "JobFailed", "message": "m"}),
        lambda: aws.codepipeline.get_job_details(jobId=unknown),
    ):
        with pytest.raises(ClientError) as err:
            call()
        assert err.value.response["Error"]["Code"] == "JobNotFoundException"
    with pytest.raises(ClientError) as err:
        aws.codepipeline.put_job_success_result(jobId="job-1")
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_a_pipeline_without_invoke_actions_succeeds_once_its_build_ends(aws, endpoint):
    upload_function_code(aws)
    template = pipeline_stack()
    stages = template["Resources"]["Pipeline"]["Properties"]["Stages"]
    template["Resources"]["Pipeline"]["Properties"]["Stages"] = [s for s in stages if s["Name"] != "Deploy"]
    assert deploy_with_change_set(aws, "stack", template) == "CREATE_COMPLETE"
    execution_id = aws.codepipeline.start_pipeline_execution(name=PIPELINE)["pipelineExecutionId"]
    assert execution_status(aws, execution_id) == "InProgress"
    complete_build(endpoint)
    assert execution_status(aws, execution_id) == "Succeeded"
    assert jobs(endpoint) == []
