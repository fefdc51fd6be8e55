"""AWS::ECR::Repository with lifecycle policy, scan-on-push, tag mutability,
repository policy and tags, stored where DescribeRepositories and
GetLifecyclePolicy read them."""

from __future__ import annotations

from typing import Any

from moto.ecr.models import ecr_backends

from .base import Context, Naming, Provisioned, ResourceHandler, as_bool, delete_if_present, deleted_on_failure, policy_text
from ..tags import sync_tags, tag_dict, tag_list


def _backend(ctx: Context) -> Any:
    return ecr_backends[ctx.account_id][ctx.region]


def _scan_config(props: dict[str, Any]) -> dict[str, bool]:
    config = props.get("ImageScanningConfiguration") or {}
    return {"scanOnPush": as_bool(config.get("ScanOnPush", False))}


class RepositoryHandler(ResourceHandler):
    type_name = "AWS::ECR::Repository"
    naming = Naming("RepositoryName", max_len=256, lower=True)
    replacement_properties = ("EncryptionConfiguration",)
    supported = frozenset(
        {
            "RepositoryName",
        "LifecyclePolicy",
        "ImageScanningConfiguration",
        "ImageTagMutability",
        "RepositoryPolicyText",
        "EncryptionConfiguration",
            "EmptyOnDelete",
            "Tags",
        }
    )

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        encryption = props.get("EncryptionConfiguration")
        repo = _backend(ctx).create_repository(
            repository_name=name,
            registry_id=None,
            encryption_config=(
                {
                    "encryptionType": encryption.get("EncryptionType", "AES256"),
                    **({"kmsKey": encryption["KmsKey"]} if "KmsKey" in encryption else {}),
                }
                if encryption
                else None
            ),
            image_scan_config=_scan_config(props),
            image_tag_mutability=props.get("ImageTagMutability", "MUTABLE"),
            tags=tag_list(tag_dict(props.get("Tags"))),
        )
        with deleted_on_failure(lambda: _backend(ctx).delete_repository(name, force=True)):
            self._apply_policies(ctx, name, props, previous={})
        return self.provisioned(ctx, name, props, self._attributes(repo))

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        name = current.physical_resource_id
        registry = ctx.account_id
        backend.put_image_scanning_configuration(registry, name, _scan_config(props))
        backend.put_image_tag_mutability(
            registry, name, props.get("ImageTagMutability", "MUTABLE")
        )
        self._apply_policies(ctx, name, props, previous=current.properties)
        repo = backend.repositories[name]
        sync_tags(
            current.properties.get("Tags"),
            props.get("Tags"),
            untag=lambda keys: backend.untag_resource(repo.arn, keys),
            tag=lambda tags: backend.tag_resource(repo.arn, tag_list(tags)),
        )
        return self.provisioned(ctx, name, props, self._attributes(repo))

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        force = as_bool(current.properties.get("EmptyOnDelete", False))
        delete_if_present(
            backend.repositories,
            current.physical_resource_id,
            lambda name: backend.delete_repository(name, force=force),
        )

    @staticmethod
    def _apply_policies(ctx: Context, name: str, props: dict[str, Any], previous: dict[str, Any]) -> None:
        backend = _backend(ctx)
        registry = ctx.account_id
        lifecycle = (props.get("LifecyclePolicy") or {}).get("LifecyclePolicyText")
        if lifecycle:
            backend.put_lifecycle_policy(registry, name, policy_text(lifecycle))
        elif (previous.get("LifecyclePolicy") or {}).get("LifecyclePolicyText"):
            backend.delete_lifecycle_policy(registry, name)
        repo_policy = props.get("RepositoryPolicyText")
        if repo_policy:
            backend.set_repository_policy(registry, name, policy_text(repo_policy))
        elif previous.get("RepositoryPolicyText"):
            backend.delete_repository_policy(registry, name)

    @staticmethod
    def _attributes(repo: Any) -> dict[str, Any]:
        return {"Arn": repo.arn, "RepositoryUri": repo.uri}
