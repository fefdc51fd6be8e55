"""Applies the extension to the moto modules loaded in this process."""

from __future__ import annotations

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from importlib.metadata import version

    from . import moto_version

    moto_version.check(version("moto"))
    # Importing parsing first loads every moto model module it registers.
    import moto.cloudformation.parsing  # noqa: F401

    from . import accounts, codepipeline, delivery, drift, lambda_code_fetch, lambda_config, s3_patches, stacksets
    from .engine import backend_patch, exports, resource_import, stack_of_resource

    accounts.apply()
    backend_patch.apply()
    exports.apply()
    resource_import.apply()
    stack_of_resource.apply()
    codepipeline.apply()
    drift.apply()
    delivery.apply()
    lambda_config.apply()
    lambda_code_fetch.apply()
    s3_patches.apply()
    stacksets.apply()
    _installed = True
