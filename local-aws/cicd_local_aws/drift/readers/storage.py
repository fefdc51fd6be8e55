"""Drift readers of the stateful types: S3 buckets, ECR repositories, log
groups."""

from __future__ import annotations

from typing import Any

from moto.ecr.models import ecr_backends
from moto.logs.models import logs_backends
from moto.s3.models import s3_backends

from ...resources.base import Context, Provisioned
from .base import DriftReader, tags_from_dict


class BucketReader(DriftReader):
    type_name = "AWS::S3::Bucket"
    covered = frozenset(
        {
            "VersioningConfiguration",
            "LifecycleConfiguration",
            "BucketEncryption",
            "PublicAccessBlockConfiguration",
            "Tags",
        }
    )

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        backend = s3_backends[ctx.account_id][ctx.partition]
        bucket = backend.buckets.get(resource.physical_resource_id)
        if bucket is None:
            return None
        actual: dict[str, Any] = {}
        if bucket.versioning_status:
            actual["VersioningConfiguration"] = {"Status": bucket.versioning_status}
        if bucket.rules:
            expected_rules = (resource.properties.get("LifecycleConfiguration") or {}).get("Rules") or []
            actual["LifecycleConfiguration"] = {
                "Rules": [
                    _lifecycle_rule(rule, expected_rules[i] if i < len(expected_rules) else {})
                    for i, rule in enumerate(bucket.rules)
                ]
            }
        if bucket.encryption:
            actual["BucketEncryption"] = _encryption(bucket.encryption)
        block = bucket.public_access_block
        if block:
            actual["PublicAccessBlockConfiguration"] = {
                "BlockPublicAcls": block.block_public_acls,
                "IgnorePublicAcls": block.ignore_public_acls,
                "BlockPublicPolicy": block.block_public_policy,
                "RestrictPublicBuckets": block.restrict_public_buckets,
            }
        tags = backend.get_bucket_tagging(bucket.name).get("Tags") or []
        if tags:
            actual["Tags"] = tags_from_dict({t["Key"]: t["Value"] for t in tags})
        return actual


def _lifecycle_rule(rule: Any, expected: dict[str, Any]) -> dict[str, Any]:
    """One stored rule in the template's spelling; where the template can
    say a thing two ways (NoncurrentVersionExpirationInDays or
    NoncurrentVersionExpiration), the way `expected` says it."""
    cfn: dict[str, Any] = {"Status": rule.status}
    if rule.id:
        cfn["Id"] = rule.id
    prefix = rule.filter.prefix if rule.filter is not None else rule.prefix
    if prefix:
        cfn["Prefix"] = prefix
    if rule.expiration_days:
        cfn["ExpirationInDays"] = int(rule.expiration_days)
    if rule.expiration_date:
        cfn["ExpirationDate"] = rule.expiration_date
    if rule.expired_object_delete_marker:
        cfn["ExpiredObjectDeleteMarker"] = rule.expired_object_delete_marker
    if rule.nve_noncurrent_days:
        days = int(rule.nve_noncurrent_days)
        if "NoncurrentVersionExpirationInDays" in expected:
            cfn["NoncurrentVersionExpirationInDays"] = days
        else:
            cfn["NoncurrentVersionExpiration"] = {"NoncurrentDays": days}
    if rule.aimu_days:
        cfn["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": int(rule.aimu_days)}
    if rule.transitions:
        cfn["Transitions"] = [
            {
                "StorageClass": t.storage_class,
                **({"TransitionInDays": int(t.days)} if t.days else {}),
                **({"TransitionDate": t.date} if t.date else {}),
            }
            for t in rule.transitions
        ]
    if rule.noncurrent_version_transitions:
        cfn["NoncurrentVersionTransitions"] = [
            {
                "StorageClass": t.storage_class,
                "TransitionInDays": int(t.days),
                **({"NewerNoncurrentVersions": int(t.newer_versions)} if t.newer_versions else {}),
            }
            for t in rule.noncurrent_version_transitions
        ]
    return cfn


def _encryption(stored: dict[str, Any]) -> dict[str, Any]:
    rule = stored.get("Rule") or {}
    cfn_rule: dict[str, Any] = {"ServerSideEncryptionByDefault": dict(rule.get("ApplyServerSideEncryptionByDefault") or {})}
    if "BucketKeyEnabled" in rule:
        cfn_rule["BucketKeyEnabled"] = rule["BucketKeyEnabled"]
    return {"ServerSideEncryptionConfiguration": [cfn_rule]}


class RepositoryReader(DriftReader):
    type_name = "AWS::ECR::Repository"
    covered = frozenset(
        {"ImageScanningConfiguration", "ImageTagMutability", "LifecyclePolicy", "RepositoryPolicyText", "Tags"}
    )

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        backend = ecr_backends[ctx.account_id][ctx.region]
        repo = backend.repositories.get(resource.physical_resource_id)
        if repo is None:
            return None
        actual: dict[str, Any] = {
            "ImageScanningConfiguration": {"ScanOnPush": bool(repo.image_scanning_configuration.get("scanOnPush"))},
            "ImageTagMutability": repo.image_tag_mutability,
        }
        if repo.lifecycle_policy:
            lifecycle: dict[str, Any] = {"LifecyclePolicyText": repo.lifecycle_policy}
            # RegistryId is the account's unless the template says otherwise.
            expected = resource.properties.get("LifecyclePolicy") or {}
            if "RegistryId" in expected:
                lifecycle["RegistryId"] = repo.registry_id
            actual["LifecyclePolicy"] = lifecycle
        if repo.policy:
            actual["RepositoryPolicyText"] = repo.policy
        tags = {t["Key"]: t["Value"] for t in backend.list_tags_for_resource(repo.arn).get("tags", [])}
        if tags:
            actual["Tags"] = tags_from_dict(tags)
        return actual


class LogGroupReader(DriftReader):
    type_name = "AWS::Logs::LogGroup"
    covered = frozenset({"RetentionInDays", "KmsKeyId", "Tags"})

    def read(self, ctx: Context, resource: Provisioned) -> dict[str, Any] | None:
        backend = logs_backends[ctx.account_id][ctx.region]
        group = backend.groups.get(resource.physical_resource_id)
        if group is None:
            return None
        actual: dict[str, Any] = {}
        if group.retention_in_days:
            actual["RetentionInDays"] = group.retention_in_days
        if group.kms_key_id:
            actual["KmsKeyId"] = group.kms_key_id
        tags = backend.list_tags_for_resource(group.arn)
        if tags:
            actual["Tags"] = tags_from_dict(tags)
        return actual
