"""GetFunction / GetFunctionConfiguration report the LoggingConfig the
template set (moto does not keep it)."""

from __future__ import annotations

from typing import Any

from moto.awslambda.models import LambdaFunction

_original_get_configuration = LambdaFunction.get_configuration


def _get_configuration(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    config = _original_get_configuration(self, *args, **kwargs)
    logging_config = getattr(self, "logging_config", None)
    if logging_config:
        config["LoggingConfig"] = logging_config
    return config


def apply() -> None:
    LambdaFunction.get_configuration = _get_configuration
