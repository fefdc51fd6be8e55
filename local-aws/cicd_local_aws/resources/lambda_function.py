"""AWS::Lambda::Function stored (never invoked) with code from S3 or inline,
environment, logging configuration and tags."""

from __future__ import annotations

import base64
import io
import zipfile
from typing import Any

from moto.awslambda.models import lambda_backends

from .base import Context, HandlerError, Naming, Provisioned, ResourceHandler
from ..tags import tag_dict

# Configuration properties the Lambda API takes under the same name...
_SAME_NAME = (
    "Description",
    "Handler",
    "Runtime",
    "Role",
    "Timeout",
    "MemorySize",
    "Environment",
    "Architectures",
    "Layers",
    "TracingConfig",
    "EphemeralStorage",
    "PackageType",
    "VpcConfig",
)
# ... and the one it spells differently: CloudFormation property -> API field.
_CONFIG_FIELDS = {**{name: name for name in _SAME_NAME}, "KmsKeyArn": "KMSKeyArn"}


def _backend(ctx: Context) -> Any:
    return lambda_backends[ctx.account_id][ctx.region]


def inline_zip(source: str, runtime: str | None) -> str:
    """CloudFormation writes inline code to `index.py` / `index.js` and zips
    it; the Lambda API takes that zip base64-encoded."""
    runtime = runtime or ""
    if runtime.startswith("python"):
        file_name = "index.py"
    elif runtime.startswith("nodejs"):
        file_name = "index.js"
    else:
        raise HandlerError(
            "InvalidRequest",
            f"ZipFile can only be used when Runtime is set to either of nodejs or python; got '{runtime}'",
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(file_name, source)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def code_to_api(code: dict[str, Any], runtime: str | None) -> dict[str, Any]:
    if "ZipFile" in code:
        return {"ZipFile": inline_zip(code["ZipFile"], runtime)}
    if "S3Bucket" in code and "S3Key" in code:
        api = {"S3Bucket": code["S3Bucket"], "S3Key": code["S3Key"]}
        if "S3ObjectVersion" in code:
            api["S3ObjectVersion"] = code["S3ObjectVersion"]
        return api
    if "ImageUri" in code:
        return {"ImageUri": code["ImageUri"]}
    raise HandlerError("InvalidRequest", "Code needs ZipFile, S3Bucket and S3Key, or ImageUri")


def function_config(props: dict[str, Any]) -> dict[str, Any]:
    """The configuration properties the template sets, in the Lambda API's
    spelling."""
    return {api: props[cfn] for cfn, api in _CONFIG_FIELDS.items() if cfn in props}


def logging_config(name: str, props: dict[str, Any]) -> dict[str, Any]:
    given = props.get("LoggingConfig") or {}
    config = {"LogFormat": given.get("LogFormat", "Text"), "LogGroup": given.get("LogGroup", f"/aws/lambda/{name}")}
    for key in ("ApplicationLogLevel", "SystemLogLevel"):
        if key in given:
            config[key] = given[key]
    return config


class FunctionHandler(ResourceHandler):
    type_name = "AWS::Lambda::Function"
    naming = Naming("FunctionName", max_len=64)

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        spec = function_config(props)
        spec["FunctionName"] = name
        spec["Code"] = code_to_api(props.get("Code") or {}, props.get("Runtime"))
        spec["Tags"] = tag_dict(props.get("Tags"))
        if "ReservedConcurrentExecutions" in props:
            spec["ReservedConcurrentExecutions"] = props["ReservedConcurrentExecutions"]
        try:
            fn = _backend(ctx).create_function(spec)
        except ValueError as err:
            # moto reports a missing code object as ValueError(code, message).
            if len(err.args) == 2:
                raise HandlerError(str(err.args[0]), str(err.args[1])) from err
            raise
        fn.logging_config = logging_config(name, props)
        return self.provisioned(ctx, name, props, {"Arn": fn.function_arn})

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        name = current.physical_resource_id
        config = function_config(props)
        config.setdefault("Environment", {"Variables": {}})
        backend.update_function_configuration(name, None, config)
        if props.get("Code") != current.properties.get("Code"):
            backend.update_function_code(
                name, None, code_to_api(props.get("Code") or {}, props.get("Runtime"))
            )
        fn = backend.get_function(name)
        fn.tags = tag_dict(props.get("Tags"))
        fn.reserved_concurrency = props.get("ReservedConcurrentExecutions")
        fn.logging_config = logging_config(name, props)
        return self.provisioned(ctx, name, props, {"Arn": fn.function_arn})

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        try:
            backend.get_function(current.physical_resource_id)
        except Exception:
            return
        backend.delete_function(current.physical_resource_id)
