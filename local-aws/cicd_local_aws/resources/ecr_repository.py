"""AWS::ECR::Repository with lifecycle policy, scan-on-push, tag mutability,
repository policy and tags, stored where DescribeRepositories and
GetLifecyclePolicy read them."""

from __future__ import annotations

from typing import Any

from moto.ecr.models import ecr_backends

from .base import Context, HandlerError, Provisioned, ResourceHandler, as_bool, policy_text
from ..tags import removed_keys, tag_dict, tag_list


def _backend(ctx: Context) -> Any:
    return ecr_backends[ctx.account_id][ctx.region]


def _scan_config(props: dict[str, Any]) -> dict[str, bool]:
    config = props.get("ImageScanningConfiguration") or {}
    return {"scanOnPush": as_bool(config.get("ScanOnPush", False))}


class RepositoryHandler(ResourceHandler):
    type_name = "AWS::ECR::Repository"
    name_property = "RepositoryName"
    name_max_len = 256
    name_lower = True
    replacement_properties = ("RepositoryName", "EncryptionConfiguration")
    supported = {
        "RepositoryName",
        "LifecyclePolicy",
        "ImageScanningConfiguration",
        "ImageTagMutability",
        "RepositoryPolicyText",
        "EncryptionConfiguration",
        "EmptyOnDelete",
        "Tags",
    }

    def create(self, ctx: Context, props: dict[str, Any]) -> Provisioned:
        unknown = sorted(set(props) - self.supported)
        if unknown:
            raise HandlerError(
                "NotImplemented",
                f"Property {unknown[0]} of {self.type_name} is not emulated by the local endpoint",
            )
        name = self.resource_name(ctx, props)
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
        try:
            self._apply_policies(ctx, name, props, previous={})
        except Exception:
            _backend(ctx).delete_repository(name, force=True)
            raise
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
        old_tags = tag_dict(current.properties.get("Tags"))
        new_tags = tag_dict(props.get("Tags"))
        stale = removed_keys(old_tags, new_tags)
        if stale:
            backend.untag_resource(repo.arn, stale)
        if new_tags:
            backend.tag_resource(repo.arn, tag_list(new_tags))
        return self.provisioned(ctx, name, props, self._attributes(repo))

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        if current.physical_resource_id not in backend.repositories:
            return
        force = as_bool(current.properties.get("EmptyOnDelete", False))
        backend.delete_repository(current.physical_resource_id, force=force)

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
