"""AWS::SNS::Topic with display name, KMS key, FIFO settings, inline
subscriptions and tags, updated in place.

moto 5.2.5's own model keeps the attributes but loses the tags (it sets them
as a plain attribute, not as the topic's tags), and its update deletes the
topic and creates it again, dropping its subscriptions and tags.  `Ref` is
the topic ARN, as on AWS."""

from __future__ import annotations

from typing import Any

from moto.sns.models import sns_backends

from .base import Context, HandlerError, Naming, Provisioned, ResourceHandler, as_bool, deleted_on_failure
from ..tags import sync_tags, tag_dict

# CloudFormation property -> attribute on moto's topic; the value a removed
# property returns to.
_ATTRIBUTES = {
    "DisplayName": ("display_name", ""),
    "KmsMasterKeyId": ("kms_master_key_id", ""),
    "ContentBasedDeduplication": ("content_based_deduplication", False),
}


def _backend(ctx: Context) -> Any:
    return sns_backends[ctx.account_id][ctx.region]


def _subscriptions(props: dict[str, Any]) -> set[tuple[str, str]]:
    return {(str(s["Protocol"]), str(s["Endpoint"])) for s in props.get("Subscription") or []}


class TopicHandler(ResourceHandler):
    type_name = "AWS::SNS::Topic"
    naming = Naming("TopicName", max_len=256, fifo_property="FifoTopic")
    supported = frozenset({"TopicName", "FifoTopic", "Subscription", "Tags", *_ATTRIBUTES})

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        arn = f"arn:{ctx.partition}:sns:{ctx.region}:{ctx.account_id}:{name}"
        if arn in backend.topics:
            raise self.already_exists(arn)
        fifo = as_bool(props.get("FifoTopic", False))
        if as_bool(props.get("ContentBasedDeduplication", False)) and not fifo:
            raise HandlerError(
                "InvalidParameter",
                "Invalid parameter: Attributes Reason: ContentBasedDeduplication is only valid for FIFO topics",
            )
        attributes = {"FifoTopic": fifo} if fifo else {}
        topic = backend.create_topic(name, attributes, tag_dict(props.get("Tags")) or None)
        with deleted_on_failure(lambda: backend.delete_topic(topic.arn)):
            self._set_attributes(topic, props)
            for protocol, endpoint in sorted(_subscriptions(props)):
                backend.subscribe(topic.arn, endpoint, protocol)
        return self.provisioned(ctx, topic.arn, props, {"TopicArn": topic.arn, "TopicName": name})

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        self.check_supported(props)
        backend = _backend(ctx)
        topic = backend.get_topic(current.physical_resource_id)
        self._set_attributes(topic, props)
        old_subs, new_subs = _subscriptions(current.properties), _subscriptions(props)
        for subscription in backend._get_topic_subscriptions(topic):
            if (subscription.protocol, subscription.endpoint) in old_subs - new_subs:
                backend.unsubscribe(subscription.arn)
        for protocol, endpoint in sorted(new_subs - old_subs):
            backend.subscribe(topic.arn, endpoint, protocol)
        sync_tags(
            current.properties.get("Tags"),
            props.get("Tags"),
            untag=lambda keys: backend.untag_resource(topic.arn, keys),
            tag=lambda tags: backend.tag_resource(topic.arn, tags),
        )
        return self.provisioned(ctx, topic.arn, props, current.attributes)

    def delete(self, ctx: Context, current: Provisioned) -> None:
        _backend(ctx).delete_topic(current.physical_resource_id)

    @staticmethod
    def _set_attributes(topic: Any, props: dict[str, Any]) -> None:
        for prop, (attribute, default) in _ATTRIBUTES.items():
            value = props.get(prop, default)
            if prop == "ContentBasedDeduplication":
                value = as_bool(value)
            setattr(topic, attribute, value)
