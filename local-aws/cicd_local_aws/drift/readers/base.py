"""A drift reader reads one resource's current state from its service's
moto backend and writes it in the template's shape, for the properties it
covers.  `read` returns None when the resource is gone (DELETED drift)."""

from __future__ import annotations

from typing import Any

from ...resources.base import Context, Provisioned


class DriftReader:
    type_name: str = ""
    # Properties whose drift is detected; others the template sets are not
    # compared (CloudFormation, too, skips some, e.g. a function's Code).
    covered: frozenset[str] = frozenset()
    # Values the service fills in where the template says nothing, by key.
    defaults: dict[str, Any] = {}

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        raise NotImplementedError


def tags_from_dict(tags: dict[str, str] | None) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted((tags or {}).items())]


def pascal_casing(value: Any, opaque_keys: frozenset[str] = frozenset()) -> Any:
    """The inverse of `casing.to_api_casing`: the CodeBuild and CodePipeline
    APIs' camelCase keys in CloudFormation's PascalCase."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            new_key = "BuildSpec" if key == "buildspec" else key[:1].upper() + key[1:]
            out[new_key] = item if new_key in opaque_keys else pascal_casing(item, opaque_keys)
        return out
    if isinstance(value, list):
        return [pascal_casing(item, opaque_keys) for item in value]
    return value
