"""CodeBuild actions: the execution starts a build of the action's project
and waits for it, as CodePipeline does.  The endpoint cannot run the build
(no Docker), so whoever stands in for it (the user through `cicd-stack
local complete-build`, or a test) pushes what the build would have pushed
and reports its end through a route (not an AWS API):

    GET  /moto-api/cicd/codebuild/builds[?status=IN_PROGRESS&pipelineName=..]
         (each with its project, pipeline, execution, source version and
         the project's environment variables)
    POST /moto-api/cicd/codebuild/builds/complete
         {"buildId": "...", "status": "SUCCEEDED" | "FAILED", "message": "..."}

The build is a real CodeBuild build of the endpoint (ListBuildsForProject,
BatchGetBuilds show it, `IN_PROGRESS` until reported), and its end moves
the pipeline execution on (SUCCEEDED) or fails it (FAILED, with the
message).  Builds live on the CodeBuild backend, so moto's reset clears them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

from moto.codebuild.models import CodeBuildBackend, codebuild_backends
from moto.core.utils import iso_8601_datetime_with_milliseconds, utcnow
from moto.moto_api._internal import urls as moto_api_urls

from ..routes import request_body

LIST_PATH = "{0}/moto-api/cicd/codebuild/builds"
COMPLETE_PATH = "{0}/moto-api/cicd/codebuild/builds/complete"
_JSON = {"Content-Type": "application/json"}
_original_batch_get_builds = CodeBuildBackend.batch_get_builds


def is_codebuild(action: dict[str, Any]) -> bool:
    kind = action.get("actionTypeId") or {}
    return kind.get("owner") == "AWS" and kind.get("provider") == "CodeBuild"


@dataclass
class PipelineBuild:
    build_id: str
    account_id: str
    region: str
    project_name: str
    pipeline_name: str
    execution_id: str
    stage_name: str
    action_name: str
    source_version: str | None
    # The project's environment variables, as the build would see them
    # (the stand-in needs e.g. the REPOSITORY_URI the buildspec pushes to).
    environment_variables: list[dict[str, Any]] = field(default_factory=list)
    status: str = "IN_PROGRESS"
    message: str | None = None
    created: datetime = field(default_factory=utcnow)

    def describe(self) -> dict[str, Any]:
        return {
            "buildId": self.build_id,
            "status": self.status,
            "message": self.message,
            "accountId": self.account_id,
            "region": self.region,
            "projectName": self.project_name,
            "pipelineName": self.pipeline_name,
            "pipelineExecutionId": self.execution_id,
            "stageName": self.stage_name,
            "actionName": self.action_name,
            "sourceVersion": self.source_version,
            "environmentVariables": self.environment_variables,
            "created": self.created.isoformat(),
        }


def store(backend: Any) -> dict[str, PipelineBuild]:
    if not hasattr(backend, "_cicd_pipeline_builds"):
        backend._cicd_pipeline_builds = {}
    return backend._cicd_pipeline_builds


def start(
    account_id: str, region: str, pipeline_name: str, execution_id: str, stage: str,
    action: dict[str, Any], source_version: str | None,
) -> PipelineBuild | str:
    """Starts the action's build; the error message when it cannot start."""
    backend = codebuild_backends[account_id][region]
    project = (action.get("configuration") or {}).get("ProjectName", "")
    if project not in backend.codebuild_projects:
        return f"Error calling startBuild: Project cannot be found: arn:aws:codebuild:{region}:{account_id}:project/{project}"
    metadata = backend.start_build(project, source_version)
    metadata["initiator"] = f"codepipeline/{pipeline_name}"
    if source_version:
        metadata["resolvedSourceVersion"] = source_version
    build = PipelineBuild(
        build_id=metadata["id"], account_id=account_id, region=region, project_name=project,
        pipeline_name=pipeline_name, execution_id=execution_id, stage_name=stage,
        action_name=action["name"], source_version=source_version,
        environment_variables=[
            dict(variable)
            for variable in (backend.codebuild_projects[project].project_metadata.get("environment") or {}).get(
                "environmentVariables", []
            )
        ],
    )
    store(backend)[build.build_id] = build
    return build


def _metadata(backend: Any, build: PipelineBuild) -> dict[str, Any] | None:
    for metadata in backend.build_metadata_history.get(build.project_name, []):
        if metadata["id"] == build.build_id:
            return metadata
    return None


def _batch_get_builds(self: Any, ids: list[str]) -> list[dict[str, Any]]:
    """moto reports every build SUCCEEDED when read; a pipeline's build is
    reported as it stands."""
    ours = store(self)
    answered = _original_batch_get_builds(self, [i for i in ids if i not in ours])
    for build_id in ids:
        if build_id in ours:
            metadata = _metadata(self, ours[build_id])
            if metadata is not None:
                answered.append(metadata)
    return answered


def _find(build_id: str) -> tuple[Any, PipelineBuild] | None:
    for account_id in list(codebuild_backends.keys()):
        for _region, backend in list(codebuild_backends[account_id].items()):
            build = store(backend).get(build_id)
            if build is not None:
                return backend, build
    return None


def _list(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    if request.method != "GET":
        return 405, _JSON, json.dumps({"Error": "GET only"})
    query = {k: v[0] for k, v in parse_qs(urlparse(full_url).query).items()}
    found = [
        build
        for account_id in list(codebuild_backends.keys())
        for _region, backend in list(codebuild_backends[account_id].items())
        for build in store(backend).values()
        if query.get("status") in (None, build.status) and query.get("pipelineName") in (None, build.pipeline_name)
    ]
    found.sort(key=lambda build: build.created)
    return 200, _JSON, json.dumps({"builds": [build.describe() for build in found]})


def _complete(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    if request.method != "POST":
        return 405, _JSON, json.dumps({"Error": "POST only"})
    try:
        body = json.loads(request_body(request, headers) or b"{}")
    except ValueError:
        return 400, _JSON, json.dumps({"Error": "the body must be JSON"})
    status = body.get("status")
    if status not in ("SUCCEEDED", "FAILED"):
        return 400, _JSON, json.dumps({"Error": "status must be SUCCEEDED or FAILED"})
    found = _find(str(body.get("buildId", "")))
    if found is None:
        return 404, _JSON, json.dumps({"Error": f"no pipeline build {body.get('buildId')!r} on this endpoint"})
    backend, build = found
    if build.status != "IN_PROGRESS":
        return 409, _JSON, json.dumps({"Error": f"build {build.build_id} already ended {build.status}"})
    build.status, build.message = status, body.get("message")
    metadata = _metadata(backend, build)
    if metadata is not None:
        metadata.update(
            buildStatus=status, currentPhase="COMPLETED", buildComplete=True,
            endTime=iso_8601_datetime_with_milliseconds(),
        )
    from .execution import finish_build

    finish_build(build)
    return 200, _JSON, json.dumps({"build": build.describe()})


def apply() -> None:
    CodeBuildBackend.batch_get_builds = _batch_get_builds
    moto_api_urls.url_paths[COMPLETE_PATH] = _complete
    moto_api_urls.url_paths[LIST_PATH] = _list
