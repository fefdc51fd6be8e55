"""Jobs: the unit of work CodePipeline hands to a Lambda Invoke action.

A job is created when an execution reaches the action and stays
`InProgress` until the function reports a result.  Jobs live on the
CodePipeline backend of their account and region, so moto's reset clears
them with everything else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random

# CodePipeline's JobId constraint.
JOB_ID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class JobNotFoundException(JsonRESTError):
    code = 400

    def __init__(self, job_id: str):
        super().__init__("JobNotFoundException", f"Job {job_id} was not found")


class InvalidJobStateException(JsonRESTError):
    code = 400

    def __init__(self, job_id: str, status: str):
        super().__init__(
            "InvalidJobStateException",
            f"Job {job_id} is in state {status}; a result can only be reported for a job in progress",
        )


class ValidationException(JsonRESTError):
    code = 400

    def __init__(self, message: str):
        super().__init__("ValidationException", message)


def is_lambda_invoke(action: dict[str, Any]) -> bool:
    kind = action.get("actionTypeId") or {}
    return (kind.get("category"), kind.get("owner"), kind.get("provider")) == ("Invoke", "AWS", "Lambda")


@dataclass
class Job:
    id: str
    account_id: str
    region: str
    pipeline_name: str
    pipeline_arn: str
    execution_id: str
    stage_name: str
    action: dict[str, Any]
    action_execution_id: str
    artifact_bucket: str | None
    status: str = "InProgress"
    # The PutJobSuccessResult / PutJobFailureResult request, as sent.
    result: dict[str, Any] | None = None
    created: datetime = field(default_factory=utcnow)
    updated: datetime = field(default_factory=utcnow)
    credentials: dict[str, str] = field(default_factory=dict)
    # What each invocation of the function for this job did (invoke.py).
    invocations: list[dict[str, Any]] = field(default_factory=list)

    def _artifacts(self, key: str) -> list[dict[str, Any]]:
        return [
            {
                "name": artifact["name"],
                "location": {
                    "type": "S3",
                    "s3Location": {
                        "bucketName": self.artifact_bucket or "",
                        "objectKey": f"{self.pipeline_name[:20]}/{artifact['name'][:10]}/{self.execution_id[:7]}",
                    },
                },
            }
            for artifact in self.action.get(key) or []
        ]

    def data(self, with_context: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "actionConfiguration": {"configuration": dict(self.action.get("configuration") or {})},
            "inputArtifacts": self._artifacts("inputArtifacts"),
            "outputArtifacts": self._artifacts("outputArtifacts"),
            "artifactCredentials": dict(self.credentials),
        }
        if with_context:
            data["actionTypeId"] = dict(self.action.get("actionTypeId") or {})
            data["pipelineContext"] = {
                "pipelineName": self.pipeline_name,
                "stage": {"name": self.stage_name},
                "action": {"name": self.action["name"], "actionExecutionId": self.action_execution_id},
                "pipelineArn": self.pipeline_arn,
                "pipelineExecutionId": self.execution_id,
            }
        return data

    def details(self) -> dict[str, Any]:
        """GetJobDetails' `jobDetails`."""
        return {"id": self.id, "accountId": self.account_id, "data": self.data(with_context=True)}

    def lambda_event(self) -> dict[str, Any]:
        """The payload CodePipeline invokes the function with."""
        return {"CodePipeline.job": {"id": self.id, "accountId": self.account_id, "data": self.data(with_context=False)}}


def _fake_key(prefix: str, length: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return prefix + "".join(mock_random.choice(alphabet) for _ in range(length - len(prefix)))


def new_job(**fields: Any) -> Job:
    # Temporary credentials for the artifact bucket; the endpoint accepts any.
    credentials = {
        "accessKeyId": _fake_key("ASIA", 20),
        "secretAccessKey": _fake_key("", 40),
        "sessionToken": _fake_key("", 64),
    }
    return Job(id=str(mock_random.uuid4()), credentials=credentials, **fields)


def store(backend: Any) -> dict[str, Job]:
    if not hasattr(backend, "_cicd_jobs"):
        backend._cicd_jobs = {}
    return backend._cicd_jobs


def find(backend: Any, job_id: str | None) -> Job:
    if not job_id or not JOB_ID_PATTERN.match(job_id):
        raise ValidationException(
            f"1 validation error detected: Value '{job_id}' at 'jobId' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: "
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        )
    job = store(backend).get(job_id)
    if job is None:
        raise JobNotFoundException(job_id)
    return job
