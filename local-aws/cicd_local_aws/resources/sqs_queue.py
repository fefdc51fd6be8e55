"""AWS::SQS::Queue with every queue attribute (redrive policy, SSE-SQS or
SSE-KMS, FIFO settings, timings) and tags, on create and on update.

moto 5.2.5's own model creates the queue but its update applies only
VisibilityTimeout and ReceiveMessageWaitTimeSeconds (a changed redrive
policy, retention, encryption or tags is ignored), and it answers a second
stack's queue of the same explicit name with the existing queue instead of
failing.  `Ref` is the queue URL, as on AWS."""

from __future__ import annotations

import json
from collections.abc import Container
from typing import Any

from moto.sqs.models import sqs_backends

from .base import Context, HandlerError, Naming, Provisioned, ResourceHandler, as_bool, delete_if_present
from ..tags import sync_tags, tag_dict

# What a queue has when the template does not say (SQS's defaults); a
# property removed by an update goes back to these.  CloudFormation property
# == SQS attribute name for all of these.
_DEFAULTS: dict[str, Any] = {
    "DelaySeconds": 0,
    "MaximumMessageSize": 1048576,
    "MessageRetentionPeriod": 345600,
    "ReceiveMessageWaitTimeSeconds": 0,
    "VisibilityTimeout": 30,
    "RedrivePolicy": "",
    "KmsMasterKeyId": None,
    "KmsDataKeyReusePeriodSeconds": 300,
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "queue",
    "FifoThroughputLimit": "perQueue",
}

# The queue attributes a template sets; SSE-SQS has no fixed default (it is
# on unless a KMS key is given).
_ATTRIBUTES = (*_DEFAULTS, "SqsManagedSseEnabled")

_FIFO_ONLY = ("ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit")


def _backend(ctx: Context) -> Any:
    return sqs_backends[ctx.account_id][ctx.region]


def queue_attributes(props: dict[str, Any]) -> dict[str, Any]:
    """The complete attribute set the template describes, in SQS's shapes
    (a redrive policy is JSON text; with a KMS key, SSE-SQS is off)."""
    attributes = dict(_DEFAULTS)
    for name in _DEFAULTS:
        if name in props:
            attributes[name] = props[name]
    redrive = attributes["RedrivePolicy"]
    if isinstance(redrive, dict):
        attributes["RedrivePolicy"] = json.dumps(redrive)
    if "SqsManagedSseEnabled" in props:
        attributes["SqsManagedSseEnabled"] = as_bool(props["SqsManagedSseEnabled"])
    else:
        attributes["SqsManagedSseEnabled"] = not props.get("KmsMasterKeyId")
    if attributes["SqsManagedSseEnabled"] and props.get("KmsMasterKeyId"):
        raise HandlerError(
            "InvalidAttributeValue",
            "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
        )
    if as_bool(props.get("ContentBasedDeduplication", False)) and not as_bool(props.get("FifoQueue", False)):
        raise HandlerError("InvalidAttributeName", "Unknown Attribute ContentBasedDeduplication.")
    return attributes


class QueueHandler(ResourceHandler):
    type_name = "AWS::SQS::Queue"
    naming = Naming("QueueName", max_len=80, fifo_property="FifoQueue")
    supported = frozenset({"QueueName", "FifoQueue", "Tags", *_ATTRIBUTES})

    def existing_names(self, ctx: Context) -> Container[str]:
        return _backend(ctx).queues

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        attributes = queue_attributes(props)
        if as_bool(props.get("FifoQueue", False)):
            attributes["FifoQueue"] = "true"
        else:
            for fifo_only in _FIFO_ONLY:
                attributes.pop(fifo_only)
        queue = backend.create_queue(name, tags=tag_dict(props.get("Tags")) or None, **attributes)
        return self.provisioned(ctx, self._url(ctx, name), props, self._attributes(ctx, queue), {"name": name})

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        self.check_supported(props)
        backend = _backend(ctx)
        name = current.state["name"]
        queue = backend.get_queue(name)
        attributes = queue_attributes(props)
        if not queue.fifo_queue:
            for fifo_only in _FIFO_ONLY:
                attributes.pop(fifo_only)
        # moto resets the access policy unless it is passed along; it belongs
        # to AWS::SQS::QueuePolicy (or SetQueueAttributes), not to this resource.
        attributes["Policy"] = queue.policy
        backend.set_queue_attributes(name, attributes)
        sync_tags(
            current.properties.get("Tags"),
            props.get("Tags"),
            untag=lambda keys: backend.untag_queue(name, keys),
            tag=lambda tags: backend.tag_queue(name, tags),
        )
        return self.provisioned(ctx, current.physical_resource_id, props, self._attributes(ctx, queue), current.state)

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        delete_if_present(backend.queues, current.state["name"], backend.delete_queue)

    @staticmethod
    def _url(ctx: Context, name: str) -> str:
        return f"https://sqs.{ctx.region}.amazonaws.com/{ctx.account_id}/{name}"

    def _attributes(self, ctx: Context, queue: Any) -> dict[str, Any]:
        return {"Arn": queue.queue_arn, "QueueName": queue.name, "QueueUrl": self._url(ctx, queue.name)}
