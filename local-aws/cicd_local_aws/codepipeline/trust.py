"""CreatePipeline's role check, as CodePipeline makes it.

moto compares the trust policy's `Principal.Service` to a string, so a role
that lists its service principals (`"Service": ["codepipeline.amazonaws.com"]`,
as CloudFormation templates usually do) is refused.  Here both forms count."""

from __future__ import annotations

import json
from typing import Any

from moto.codepipeline.exceptions import InvalidStructureException
from moto.codepipeline.models import CodePipeline, CodePipelineBackend
from moto.iam.exceptions import NotFoundException

SERVICE = "codepipeline.amazonaws.com"


def trusted_services(trust_policy: str) -> set[str]:
    statements = json.loads(trust_policy).get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    services: set[str] = set()
    for statement in statements:
        if statement.get("Effect", "Allow") != "Allow":
            continue
        principal = statement.get("Principal")
        service = principal.get("Service") if isinstance(principal, dict) else None
        if isinstance(service, str):
            services.add(service)
        elif isinstance(service, list):
            services.update(str(s) for s in service)
    return services


def _create_pipeline(
    self: Any, pipeline: dict[str, Any], tags: list[dict[str, str]] | None
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    name = pipeline["name"]
    if name in self.pipelines:
        raise InvalidStructureException(
            f"A pipeline with the name '{name}' already exists in account '{self.account_id}'"
        )
    role_arn = pipeline.get("roleArn", "")
    try:
        role = self.iam_backend.get_role_by_arn(role_arn)
        trusted = SERVICE in trusted_services(role.assume_role_policy_document)
    except NotFoundException:
        trusted = False
    if not trusted:
        raise InvalidStructureException(
            f"CodePipeline is not authorized to perform AssumeRole on role {role_arn}"
        )
    if len(pipeline.get("stages", [])) < 2:
        raise InvalidStructureException(
            f"Pipeline has only {len(pipeline.get('stages', []))} stage(s). "
            "There should be a minimum of 2 stages in a pipeline"
        )
    model = CodePipeline(self.account_id, self.region_name, pipeline)
    if tags:
        model.validate_tags(tags)
        model.tags.update({tag["key"]: tag["value"] for tag in tags})
    self.pipelines[name] = model
    return model.pipeline, sorted(tags or [], key=lambda tag: tag["key"])


def apply() -> None:
    CodePipelineBackend.create_pipeline = _create_pipeline
