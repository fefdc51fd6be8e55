"""`GET /moto-api/cicd/codepipeline/jobs[?pipelineName=..&status=..]`: every
job the endpoint created, with the event CodePipeline would have invoked the
function with and the result reported for it.

Not an AWS API.  The endpoint invokes the function itself (invoke.py);
this is how a test (or a user) sees what each invocation did, gets the
event to hand to a function run elsewhere, and sees what was reported
without going through the pipeline's state."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlparse

from moto.codepipeline.models import codepipeline_backends
from moto.moto_api._internal import urls as moto_api_urls

from .jobs import Job, store

PATH = "{0}/moto-api/cicd/codepipeline/jobs"


def describe(job: Job) -> dict[str, Any]:
    return {
        "jobId": job.id,
        "status": job.status,
        "accountId": job.account_id,
        "region": job.region,
        "pipelineName": job.pipeline_name,
        "pipelineExecutionId": job.execution_id,
        "stageName": job.stage_name,
        "actionName": job.action["name"],
        "actionConfiguration": dict(job.action.get("configuration") or {}),
        "event": job.lambda_event(),
        "result": job.result,
        "invocations": list(job.invocations),
        "created": job.created.isoformat(),
    }


def _jobs(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    if request.method != "GET":
        return 405, {}, json.dumps({"Error": "GET only"})
    query = {k: v[0] for k, v in parse_qs(urlparse(full_url).query).items()}
    found = []
    for account_id in list(codepipeline_backends.keys()):
        for region, backend in list(codepipeline_backends[account_id].items()):
            for job in store(backend).values():
                if query.get("pipelineName") not in (None, job.pipeline_name):
                    continue
                if query.get("status") not in (None, job.status):
                    continue
                found.append(job)
    found.sort(key=lambda job: job.created)
    body = {"jobs": [describe(job) for job in found]}
    return 200, {"Content-Type": "application/json"}, json.dumps(body)


def apply() -> None:
    moto_api_urls.url_paths[PATH] = _jobs
