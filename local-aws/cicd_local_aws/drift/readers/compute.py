"""Drift readers of the types that run things: Lambda functions, CodeBuild
projects, CodePipeline pipelines, EventBridge rules."""

from __future__ import annotations

from typing import Any

from moto.awslambda.models import lambda_backends
from moto.codebuild.models import codebuild_backends
from moto.codepipeline.models import codepipeline_backends
from moto.events.models import events_backends

from ...resources.base import Context, Provisioned
from .base import DriftReader, pascal_casing, tags_from_dict

_FUNCTION_FIELDS = {
    "Description": "Description",
    "Handler": "Handler",
    "Runtime": "Runtime",
    "Role": "Role",
    "Timeout": "Timeout",
    "MemorySize": "MemorySize",
    "Environment": "Environment",
    "Architectures": "Architectures",
    "TracingConfig": "TracingConfig",
    "EphemeralStorage": "EphemeralStorage",
    "LoggingConfig": "LoggingConfig",
    "KmsKeyArn": "KMSKeyArn",
}


class FunctionReader(DriftReader):
    type_name = "AWS::Lambda::Function"
    # Code is not compared: Lambda keeps a hash of the package, not its source.
    covered = frozenset({*_FUNCTION_FIELDS, "ReservedConcurrentExecutions", "Tags"})

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        backend = lambda_backends[ctx.account_id][ctx.region]
        try:
            fn = backend.get_function(resource.physical_resource_id)
        except Exception:
            return None
        config = fn.get_configuration()
        actual = {cfn: config[api] for cfn, api in _FUNCTION_FIELDS.items() if config.get(api) not in (None, "", [])}
        if fn.reserved_concurrency is not None:
            actual["ReservedConcurrentExecutions"] = fn.reserved_concurrency
        if fn.tags:
            actual["Tags"] = tags_from_dict(fn.tags)
        return actual


class ProjectReader(DriftReader):
    type_name = "AWS::CodeBuild::Project"
    covered = frozenset(
        {
            "Description",
            "Source",
            "Artifacts",
            "Environment",
            "ServiceRole",
            "Cache",
            "TimeoutInMinutes",
            "QueuedTimeoutInMinutes",
            "SourceVersion",
            "LogsConfig",
            "VpcConfig",
            "Tags",
        }
    )

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        backend = codebuild_backends[ctx.account_id][ctx.region]
        project = backend.codebuild_projects.get(resource.physical_resource_id)
        if project is None:
            return None
        meta = project.project_metadata
        actual = {
            key: value
            for key, value in pascal_casing({k: v for k, v in meta.items() if k != "tags"}).items()
            if key in self.covered and value not in (None, "", {}, [])
        }
        tags = {t["key"]: t["value"] for t in meta.get("tags") or []}
        if tags:
            actual["Tags"] = tags_from_dict(tags)
        return actual


class PipelineReader(DriftReader):
    type_name = "AWS::CodePipeline::Pipeline"
    covered = frozenset(
        {"RoleArn", "Stages", "ArtifactStore", "ArtifactStores", "PipelineType", "ExecutionMode", "Variables", "Triggers", "Tags"}
    )
    defaults = {"RunOrder": 1}

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        backend = codepipeline_backends[ctx.account_id][ctx.region]
        pipeline = backend.pipelines.get(resource.physical_resource_id)
        if pipeline is None:
            return None
        structure = {k: v for k, v in pipeline.pipeline.items() if k not in ("name", "version")}
        # An action's Configuration keys are the provider's own names.
        actual = {
            key: value
            for key, value in pascal_casing(structure, frozenset({"Configuration"})).items()
            if key in self.covered
        }
        if pipeline.tags:
            actual["Tags"] = tags_from_dict(pipeline.tags)
        return actual


class RuleReader(DriftReader):
    type_name = "AWS::Events::Rule"
    covered = frozenset({"Description", "EventPattern", "ScheduleExpression", "RoleArn", "State", "Targets"})

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        backend = events_backends[ctx.account_id][ctx.region]
        bus = resource.properties.get("EventBusName")
        try:
            rule = backend.describe_rule(resource.state["name"], bus)
        except Exception:
            return None
        actual: dict[str, Any] = {"State": rule.state}
        if rule.description:
            actual["Description"] = rule.description
        if rule.event_pattern is not None and rule.event_pattern._raw_pattern:
            actual["EventPattern"] = rule.event_pattern._raw_pattern
        if rule.scheduled_expression:
            actual["ScheduleExpression"] = rule.scheduled_expression
        if rule.role_arn:
            actual["RoleArn"] = rule.role_arn
        if rule.targets:
            actual["Targets"] = list(rule.targets)
        return actual
