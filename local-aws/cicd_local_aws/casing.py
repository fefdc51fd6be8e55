"""CloudFormation spells properties in PascalCase; the CodeBuild and
CodePipeline APIs (and so moto's backends) spell them in camelCase."""

from typing import Any

# Keys whose API spelling is not the first-letter-lowercased CFN spelling.
_SPECIAL = {"BuildSpec": "buildspec"}


def camel_key(key: str) -> str:
    if key in _SPECIAL:
        return _SPECIAL[key]
    return key[:1].lower() + key[1:]


def to_api_casing(value: Any, opaque_keys: frozenset[str] = frozenset()) -> Any:
    """Converts dict keys recursively.  Values under `opaque_keys` (e.g. an
    action's free-form `Configuration` map) are copied untouched."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            new_key = camel_key(key)
            if key in opaque_keys:
                out[new_key] = item
            else:
                out[new_key] = to_api_casing(item, opaque_keys)
        return out
    if isinstance(value, list):
        return [to_api_casing(item, opaque_keys) for item in value]
    return value
