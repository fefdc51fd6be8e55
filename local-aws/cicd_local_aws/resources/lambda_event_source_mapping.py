"""AWS::Lambda::EventSourceMapping from an SQS queue, a DynamoDB stream or
a Kinesis stream to a function, with the checks Lambda makes on create and
updates that also clear what the template no longer sets.

moto 5.2.5's own model creates the mapping but misses two of Lambda's
checks (a second mapping of the same queue and function; a queue
visibility timeout shorter than the function timeout), its update leaves
removed properties in place, and its delete forgets the mapping in Lambda
but leaves it on the queue.  `Ref` is the mapping's UUID, as on AWS."""

from __future__ import annotations

from typing import Any

from moto.awslambda.models import lambda_backends
from moto.sqs.models import sqs_backends

from .base import Context, HandlerError, Provisioned, ResourceHandler, as_bool

# CloudFormation property -> CreateEventSourceMapping field, where updatable
# in place (the same spelling except the KMS key).
_UPDATABLE = {
    "BatchSize": "BatchSize",
    "BisectBatchOnFunctionError": "BisectBatchOnFunctionError",
    "DestinationConfig": "DestinationConfig",
    "Enabled": "Enabled",
    "FilterCriteria": "FilterCriteria",
    "FunctionName": "FunctionName",
    "FunctionResponseTypes": "FunctionResponseTypes",
    "KmsKeyArn": "KMSKeyArn",
    "MaximumBatchingWindowInSeconds": "MaximumBatchingWindowInSeconds",
    "MaximumRecordAgeInSeconds": "MaximumRecordAgeInSeconds",
    "MaximumRetryAttempts": "MaximumRetryAttempts",
    "MetricsConfig": "MetricsConfig",
    "ParallelizationFactor": "ParallelizationFactor",
    "ScalingConfig": "ScalingConfig",
    "SourceAccessConfigurations": "SourceAccessConfigurations",
    "TumblingWindowInSeconds": "TumblingWindowInSeconds",
}
# Set once; a change needs a new mapping.
_CREATE_ONLY = ("EventSourceArn", "StartingPosition", "StartingPositionTimestamp", "Queues", "Topics")


def _backend(ctx: Context) -> Any:
    return lambda_backends[ctx.account_id][ctx.region]


def _queue(ctx: Context, arn: str) -> Any:
    for queue in sqs_backends[ctx.account_id][ctx.region].queues.values():
        if queue.queue_arn == arn:
            return queue
    return None


def _spec(props: dict[str, Any]) -> dict[str, Any]:
    spec = {api: props[cfn] for cfn, api in _UPDATABLE.items() if cfn in props}
    for key in _CREATE_ONLY:
        if key in props:
            spec[key] = props[key]
    if "Enabled" in spec:
        spec["Enabled"] = as_bool(spec["Enabled"])
    for number in ("BatchSize", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds",
                   "MaximumRetryAttempts", "ParallelizationFactor", "TumblingWindowInSeconds"):
        if number in spec:
            spec[number] = int(spec[number])
    return spec


class EventSourceMappingHandler(ResourceHandler):
    type_name = "AWS::Lambda::EventSourceMapping"
    replacement_properties = _CREATE_ONLY
    supported = frozenset({*_UPDATABLE, *_CREATE_ONLY})

    def create(self, ctx: Context, props: dict[str, Any]) -> Provisioned:
        self.check_supported(props)
        backend = _backend(ctx)
        spec = _spec(props)
        for required in ("EventSourceArn", "FunctionName"):
            if not spec.get(required):
                raise HandlerError("InvalidParameterValueException", f"Property {required} cannot be empty.")
        function = self._function(ctx, spec["FunctionName"])
        queue = _queue(ctx, spec["EventSourceArn"])
        if queue is not None:
            self._check_queue(queue, function, spec)
        try:
            esm = backend.create_event_source_mapping(spec)
        except ValueError as err:
            # moto reports a bad value as ValueError(code, message).
            if len(err.args) == 2:
                raise HandlerError(str(err.args[0]), str(err.args[1])) from err
            raise
        return self.provisioned(ctx, esm.uuid, props, self._attributes(esm))

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        self.check_supported(props)
        backend = _backend(ctx)
        esm = backend.get_event_source_mapping(current.physical_resource_id)
        if esm is None:
            raise HandlerError("ResourceNotFoundException", f"Event source mapping {current.physical_resource_id} does not exist")
        spec = _spec(props)
        function = self._function(ctx, spec["FunctionName"])
        queue = _queue(ctx, esm.event_source_arn)
        if queue is not None:
            self._check_queue(queue, function, spec, updating=esm)
        # What the template no longer sets goes back to Lambda's default.
        for cfn, api in _UPDATABLE.items():
            spec.setdefault(api, True if api == "Enabled" else None)
        for key in _CREATE_ONLY:
            spec.pop(key, None)
        old_function_arn = esm.function_arn
        try:
            backend.update_event_source_mapping(esm.uuid, spec)
        except ValueError as err:
            if len(err.args) == 2:
                raise HandlerError(str(err.args[0]), str(err.args[1])) from err
            raise
        esm.function_name = spec["FunctionName"]
        if queue is not None and old_function_arn != esm.function_arn:
            queue.lambda_event_source_mappings.pop(old_function_arn, None)
            queue.lambda_event_source_mappings[esm.function_arn] = esm
        return self.provisioned(ctx, esm.uuid, props, self._attributes(esm))

    def delete(self, ctx: Context, current: Provisioned) -> None:
        esm = _backend(ctx).delete_event_source_mapping(current.physical_resource_id)
        if esm is None:
            return
        queue = _queue(ctx, esm.event_source_arn)
        if queue is not None and queue.lambda_event_source_mappings.get(esm.function_arn) is esm:
            queue.lambda_event_source_mappings.pop(esm.function_arn)

    @staticmethod
    def _function(ctx: Context, name: str) -> Any:
        try:
            return _backend(ctx).get_function(name)
        except Exception as err:
            raise HandlerError("ResourceNotFoundException", f"Function not found: {name}") from err

    @staticmethod
    def _check_queue(queue: Any, function: Any, spec: dict[str, Any], updating: Any = None) -> None:
        """What Lambda checks of an SQS event source."""
        existing = queue.lambda_event_source_mappings.get(function.function_arn)
        if existing is not None and existing is not updating:
            raise HandlerError(
                "ResourceConflictException",
                f"An event source mapping with SQS arn (\" {queue.queue_arn} \") and function "
                f"(\" {function.function_name} \") already exists. Please update or delete the existing mapping "
                f"with UUID {existing.uuid}",
            )
        timeout = int(function.timeout)
        visibility = int(queue.visibility_timeout)
        if visibility < timeout:
            raise HandlerError(
                "InvalidParameterValueException",
                f"Queue visibility timeout: {visibility} seconds is less than Function timeout: {timeout} seconds",
            )
        batch = spec.get("BatchSize") or 10
        if not queue.fifo_queue and batch > 10 and not spec.get("MaximumBatchingWindowInSeconds"):
            raise HandlerError(
                "InvalidParameterValueException",
                "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
            )

    @staticmethod
    def _attributes(esm: Any) -> dict[str, Any]:
        return {"Id": esm.uuid, "EventSourceMappingArn": esm.arn}
