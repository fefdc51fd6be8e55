"""AWS::CodeBuild::Project in moto's CodeBuild backend (as API state only:
no build ever runs).  Validated by the same rules moto applies to the
CreateProject API."""

from __future__ import annotations

from typing import Any

from moto.codebuild import responses as codebuild_api
from moto.codebuild.models import codebuild_backends

from .base import Context, HandlerError, Naming, Provisioned, ResourceHandler
from ..casing import to_api_casing
from ..tags import lower_tag_list, tag_dict

# API fields moto's create_project takes as arguments; anything else the
# template sets is kept on the project's metadata so nothing is dropped.
_CREATE_ARGS = {
    "description": "description",
    "source": "project_source",
    "artifacts": "artifacts",
    "environment": "environment",
    "serviceRole": "service_role",
    "cache": "cache",
    "timeoutInMinutes": "timeout",
    "queuedTimeoutInMinutes": "queued_timeout",
    "sourceVersion": "source_version",
    "logsConfig": "logs_config",
    "vpcConfig": "vpc_config",
}


def _backend(ctx: Context) -> Any:
    return codebuild_backends[ctx.account_id][ctx.region]


def project_to_api(props: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in props.items() if k not in ("Name", "Tags")}
    # Environment variables and buildspec text are data, not structure.
    return to_api_casing(body)


_SOURCE_TYPES = {"BITBUCKET", "CODECOMMIT", "CODEPIPELINE", "GITHUB", "GITHUB_ENTERPRISE", "GITLAB", "GITLAB_SELF_MANAGED", "NO_SOURCE", "S3"}


def _validate_source(source: dict[str, Any]) -> None:
    # moto's CreateProject check wants a location for every source type;
    # CodeBuild itself takes none for CODEPIPELINE and NO_SOURCE.
    if source.get("type") not in _SOURCE_TYPES:
        raise HandlerError("InvalidInputException", "Invalid type provided: Project source type")
    if source["type"] not in ("CODEPIPELINE", "NO_SOURCE") and not source.get("location"):
        raise HandlerError("InvalidInputException", "Project source location is required")


def _validate_artifacts(artifacts: dict[str, Any]) -> None:
    kind = artifacts.get("type")
    if kind not in ("CODEPIPELINE", "S3", "NO_ARTIFACTS"):
        raise HandlerError("InvalidInputException", "Invalid type provided: Artifact type")
    if kind == "S3" and not artifacts.get("location"):
        raise HandlerError("InvalidInputException", "Project artifacts location is required")


class ProjectHandler(ResourceHandler):
    type_name = "AWS::CodeBuild::Project"
    naming = Naming("Name", max_len=150)

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        if name in _backend(ctx).codebuild_projects:
            raise HandlerError(
                "ResourceAlreadyExistsException",
                f"Project already exists: arn:aws:codebuild:{ctx.region}:{ctx.account_id}:project/{name}",
            )
        project = self._put(ctx, name, props)
        return self.provisioned(ctx, name, props, {"Arn": project["arn"]})

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        name = current.physical_resource_id
        created = backend.codebuild_projects[name].project_metadata["created"]
        history = backend.build_history.get(name, [])
        project = self._put(ctx, name, props)
        project["created"] = created
        backend.build_history[name] = history
        return self.provisioned(ctx, name, props, {"Arn": project["arn"]})

    def delete(self, ctx: Context, current: Provisioned) -> None:
        _backend(ctx).delete_project(current.physical_resource_id)

    @staticmethod
    def _put(ctx: Context, name: str, props: dict[str, Any]) -> dict[str, Any]:
        api = project_to_api(props)
        for required in ("source", "artifacts", "environment", "serviceRole"):
            if required not in api:
                raise HandlerError(
                    "InvalidInputException", f"Property {required[0].upper() + required[1:]} is required"
                )
        _validate_source(api["source"])
        codebuild_api._validate_required_params_service_role(
            ctx.account_id, ctx.region, api["serviceRole"]
        )
        _validate_artifacts(api["artifacts"])
        codebuild_api._validate_required_params_environment(api["environment"])
        codebuild_api._validate_required_params_project_name(name)
        args = {arg: api.get(field) for field, arg in _CREATE_ARGS.items()}
        tags = lower_tag_list(tag_dict(props.get("Tags")))
        project = _backend(ctx).create_project(project_name=name, tags=tags, **args)
        for field, value in api.items():
            if field not in _CREATE_ARGS:
                project[field] = value
        return project
