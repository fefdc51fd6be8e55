"""AWS::S3::Bucket with the settings moto's own model drops: versioning,
lifecycle, public-access block, encryption, EventBridge notifications, tags."""

from __future__ import annotations

from typing import Any

from moto.s3.models import s3_backends

from .base import Context, HandlerError, Naming, Provisioned, ResourceHandler, as_bool, deleted_on_failure
from ..tags import tag_dict


def _backend(ctx: Context) -> Any:
    return s3_backends[ctx.account_id][ctx.partition]


def _flag(value: Any) -> str:
    return "true" if as_bool(value) else "false"


def lifecycle_rule_to_api(rule: dict[str, Any]) -> dict[str, Any]:
    """One CFN `Rule` in the shape S3's PutBucketLifecycleConfiguration takes."""
    api: dict[str, Any] = {"Status": rule.get("Status", "Enabled")}
    if "Id" in rule:
        api["ID"] = rule["Id"]
    api["Filter"] = {"Prefix": rule.get("Prefix", "")}
    expiration: dict[str, Any] = {}
    if "ExpirationInDays" in rule:
        expiration["Days"] = str(rule["ExpirationInDays"])
    if "ExpirationDate" in rule:
        expiration["Date"] = rule["ExpirationDate"]
    if "ExpiredObjectDeleteMarker" in rule:
        expiration["ExpiredObjectDeleteMarker"] = _flag(rule["ExpiredObjectDeleteMarker"])
    if expiration:
        api["Expiration"] = expiration
    noncurrent = dict(rule.get("NoncurrentVersionExpiration") or {})
    if "NoncurrentVersionExpirationInDays" in rule:
        noncurrent["NoncurrentDays"] = rule["NoncurrentVersionExpirationInDays"]
    if noncurrent:
        api["NoncurrentVersionExpiration"] = {k: str(v) for k, v in noncurrent.items()}
    if "AbortIncompleteMultipartUpload" in rule:
        days = rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]
        api["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": str(days)}
    transitions = []
    for t in rule.get("Transitions", []):
        item = {"StorageClass": t["StorageClass"]}
        if "TransitionInDays" in t:
            item["Days"] = str(t["TransitionInDays"])
        if "TransitionDate" in t:
            item["Date"] = t["TransitionDate"]
        transitions.append(item)
    if transitions:
        api["Transition"] = transitions
    nv_transitions = []
    for t in rule.get("NoncurrentVersionTransitions", []):
        item = {"StorageClass": t["StorageClass"], "NoncurrentDays": str(t["TransitionInDays"])}
        if "NewerNoncurrentVersions" in t:
            item["NewerNoncurrentVersions"] = str(t["NewerNoncurrentVersions"])
        nv_transitions.append(item)
    if nv_transitions:
        api["NoncurrentVersionTransition"] = nv_transitions
    return api


def encryption_to_api(config: dict[str, Any]) -> dict[str, Any]:
    rules = config.get("ServerSideEncryptionConfiguration") or []
    if not rules:
        raise HandlerError("InvalidRequest", "ServerSideEncryptionConfiguration is empty")
    rule = rules[0]
    by_default = rule.get("ServerSideEncryptionByDefault") or {}
    api_rule: dict[str, Any] = {"ApplyServerSideEncryptionByDefault": dict(by_default)}
    if "BucketKeyEnabled" in rule:
        api_rule["BucketKeyEnabled"] = as_bool(rule["BucketKeyEnabled"])
    return {"Rule": api_rule}


def notification_to_api(config: dict[str, Any]) -> dict[str, Any]:
    unsupported = sorted(set(config) - {"EventBridgeConfiguration"})
    if unsupported:
        raise HandlerError(
            "NotImplemented",
            f"NotificationConfiguration.{unsupported[0]} is not emulated by the local endpoint",
        )
    bridge = config.get("EventBridgeConfiguration") or {}
    if as_bool(bridge.get("EventBridgeEnabled", True)):
        # The S3 API takes an empty element to mean "enabled".
        return {"EventBridgeConfiguration": {}}
    return {}


class BucketHandler(ResourceHandler):
    type_name = "AWS::S3::Bucket"
    naming = Naming("BucketName", max_len=63, lower=True)
    supported = frozenset(
        {
            "BucketName",
        "VersioningConfiguration",
        "LifecycleConfiguration",
        "PublicAccessBlockConfiguration",
        "BucketEncryption",
        "NotificationConfiguration",
            "OwnershipControls",
            "Tags",
        }
    )

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        _backend(ctx).create_bucket(name, ctx.region)
        with deleted_on_failure(lambda: _backend(ctx).delete_bucket(name)):
            self._apply(ctx, name, props, previous={})
        return self.provisioned(ctx, name, props, self._attributes(ctx, name))

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        self.check_supported(props)
        name = current.physical_resource_id
        self._apply(ctx, name, props, previous=current.properties)
        return self.provisioned(ctx, name, props, self._attributes(ctx, name))

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        if backend.buckets.get(current.physical_resource_id) is None:
            return
        if backend.delete_bucket(current.physical_resource_id) is None:
            raise HandlerError(
                "BucketNotEmpty", "The bucket you tried to delete is not empty"
            )

    def _apply(self, ctx: Context, name: str, props: dict[str, Any], previous: dict[str, Any]) -> None:
        backend = _backend(ctx)
        versioning = props.get("VersioningConfiguration")
        if versioning:
            backend.put_bucket_versioning(name, versioning["Status"])
        elif previous.get("VersioningConfiguration"):
            # A versioned bucket can only be suspended, never unversioned.
            backend.put_bucket_versioning(name, "Suspended")

        lifecycle = props.get("LifecycleConfiguration")
        if lifecycle:
            backend.put_bucket_lifecycle(
                name, [lifecycle_rule_to_api(r) for r in lifecycle.get("Rules", [])]
            )
        elif previous.get("LifecycleConfiguration"):
            backend.delete_bucket_lifecycle(name)

        block = props.get("PublicAccessBlockConfiguration")
        if block:
            backend.put_public_access_block(
                name,
                {
                    key: _flag(block.get(key, False))
                    for key in (
                        "BlockPublicAcls",
                        "IgnorePublicAcls",
                        "BlockPublicPolicy",
                        "RestrictPublicBuckets",
                    )
                },
            )
        elif previous.get("PublicAccessBlockConfiguration"):
            backend.delete_public_access_block(name)

        encryption = props.get("BucketEncryption")
        if encryption:
            backend.put_bucket_encryption(name, encryption_to_api(encryption))
        elif previous.get("BucketEncryption"):
            backend.delete_bucket_encryption(name)

        notifications = props.get("NotificationConfiguration")
        if notifications is not None:
            backend.put_bucket_notification_configuration(
                name, notification_to_api(notifications)
            )
        elif previous.get("NotificationConfiguration") is not None:
            backend.put_bucket_notification_configuration(name, {})

        ownership = props.get("OwnershipControls")
        if ownership:
            rules = ownership.get("Rules") or [{}]
            backend.put_bucket_ownership_controls(name, rules[0].get("ObjectOwnership"))

        backend.put_bucket_tagging(name, tag_dict(props.get("Tags")))

    @staticmethod
    def _attributes(ctx: Context, name: str) -> dict[str, Any]:
        return {
            "Arn": f"arn:aws:s3:::{name}",
            "DomainName": f"{name}.s3.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{ctx.region}.amazonaws.com",
            "DualStackDomainName": f"{name}.s3.dualstack.{ctx.region}.amazonaws.com",
            "WebsiteURL": f"http://{name}.s3-website-{ctx.region}.amazonaws.com",
        }
