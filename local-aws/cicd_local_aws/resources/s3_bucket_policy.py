"""AWS::S3::BucketPolicy: the policy document stored as JSON on the bucket."""

from __future__ import annotations

from typing import Any

from moto.s3.models import s3_backends

from .base import Context, Provisioned, ResourceHandler, policy_text


class BucketPolicyHandler(ResourceHandler):
    type_name = "AWS::S3::BucketPolicy"
    replacement_properties = ("Bucket",)

    def create(self, ctx: Context, props: dict[str, Any]) -> Provisioned:
        bucket = props["Bucket"]
        self._put(ctx, bucket, props)
        return self.provisioned(ctx, bucket, props, {})

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        self._put(ctx, current.physical_resource_id, props)
        return self.provisioned(ctx, current.physical_resource_id, props, {})

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = s3_backends[ctx.account_id][ctx.partition]
        if backend.buckets.get(current.physical_resource_id) is not None:
            backend.delete_bucket_policy(current.physical_resource_id)

    @staticmethod
    def _put(ctx: Context, bucket: str, props: dict[str, Any]) -> None:
        backend = s3_backends[ctx.account_id][ctx.partition]
        document = policy_text(props["PolicyDocument"])
        backend.put_bucket_policy(bucket, document.encode("utf-8"))
