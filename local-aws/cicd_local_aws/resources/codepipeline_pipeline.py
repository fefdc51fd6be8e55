"""AWS::CodePipeline::Pipeline in moto's CodePipeline backend (API state:
executions are recorded, no action runs)."""

from __future__ import annotations

import copy
from typing import Any

from moto.codepipeline.models import codepipeline_backends

from .base import Context, Naming, Provisioned, ResourceHandler
from ..casing import to_api_casing
from ..tags import lower_tag_list, tag_dict

# Template-only settings with no counterpart in the pipeline structure.
_TEMPLATE_ONLY = ("Name", "Tags", "RestartExecutionOnUpdate", "DisableInboundStageTransitions")


def _backend(ctx: Context) -> Any:
    return codepipeline_backends[ctx.account_id][ctx.region]


def pipeline_to_api(name: str, props: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in props.items() if k not in _TEMPLATE_ONLY}
    # An action's Configuration keys (S3Bucket, ProjectName, ...) are the
    # action provider's own names and keep their spelling.
    api = to_api_casing(body, opaque_keys=frozenset({"Configuration"}))
    api["name"] = name
    return api


class PipelineHandler(ResourceHandler):
    type_name = "AWS::CodePipeline::Pipeline"
    naming = Naming("Name", max_len=100)

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        tags = lower_tag_list(tag_dict(props.get("Tags")))
        _backend(ctx).create_pipeline(copy.deepcopy(pipeline_to_api(name, props)), tags)
        return self.provisioned(ctx, name, props, self._attributes(ctx, name))

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        name = current.physical_resource_id
        body = {k: v for k, v in props.items() if k != "Tags"}
        old_body = {k: v for k, v in current.properties.items() if k != "Tags"}
        if body != old_body:
            backend.update_pipeline(copy.deepcopy(pipeline_to_api(name, props)))
        backend.pipelines[name].tags = tag_dict(props.get("Tags"))
        return self.provisioned(ctx, name, props, self._attributes(ctx, name))

    def delete(self, ctx: Context, current: Provisioned) -> None:
        _backend(ctx).delete_pipeline(current.physical_resource_id)

    @staticmethod
    def _attributes(ctx: Context, name: str) -> dict[str, Any]:
        pipeline = _backend(ctx).pipelines[name]
        return {"Version": str(pipeline.pipeline["version"])}
