"""Property differences as CloudFormation's drift detection reports them:
only what the template sets is compared; each difference names its JSON
pointer (`/VersioningConfiguration/Status`, `/Rules/0/ExpirationInDays`),
both values as text and ADD / REMOVE / NOT_EQUAL."""

from __future__ import annotations

import json
from typing import Any


def normalize(value: Any) -> Any:
    """Brings a template value and a service value to one shape: JSON
    documents given as text (policies, event patterns) parsed, tag lists
    sorted by key.  Scalars are compared by `same`."""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                return normalize(json.loads(text))
            except ValueError:
                return value
        return value
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [normalize(v) for v in value]
        if items and all(isinstance(i, dict) and set(i) == {"Key", "Value"} for i in items):
            return sorted(items, key=lambda i: str(i["Key"]))
        return items
    return value


def same(a: Any, b: Any) -> bool:
    """Equal up to spelling: 7 and "7", true and "true" are the same value
    (templates carry numbers and booleans as either)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return False
    return _scalar_text(a) == _scalar_text(b)


def _scalar_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_text(value: Any) -> str:
    """ExpectedValue / ActualValue (both required by the API): a scalar as
    itself, a structure as JSON, an absent value as `null`."""
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    return _scalar_text(value) or ""


def differences(
    expected: dict[str, Any], actual: dict[str, Any], defaults: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """PropertyDifferences of the properties in `expected` (the template's)
    against `actual` (the service's, in the template's shape).  Inside a
    property, a key the template leaves out is not drift when the service
    holds its default there: an empty value, or `defaults[key]` (e.g. a
    pipeline action's RunOrder 1)."""
    found: list[dict[str, Any]] = []
    walk = _Walk(found, normalize(defaults or {}))
    for key in expected:
        walk(normalize(expected[key]), normalize(actual.get(key)), f"/{key}")
    return found


class _Walk:
    def __init__(self, found: list[dict[str, Any]], defaults: dict[str, Any]):
        self.found = found
        self.defaults = defaults

    def __call__(self, expected: Any, actual: Any, path: str) -> None:
        _walk(expected, actual, path, self)

    def is_default(self, key: str, value: Any) -> bool:
        return value in (None, "", [], {}) or (key in self.defaults and same(self.defaults[key], value))


def _walk(expected: Any, actual: Any, path: str, walk: _Walk) -> None:
    found = walk.found
    if same(expected, actual):
        return
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected:
            _walk(expected[key], actual.get(key), f"{path}/{key}", walk)
        for key in actual:
            if key not in expected and not walk.is_default(key, actual[key]):
                _record(found, f"{path}/{key}", None, actual[key], "ADD")
        return
    if isinstance(expected, list) and isinstance(actual, list):
        for index, item in enumerate(expected):
            _walk(item, actual[index] if index < len(actual) else None, f"{path}/{index}", walk)
        for index in range(len(expected), len(actual)):
            _record(found, f"{path}/{index}", None, actual[index], "ADD")
        return
    if actual is None:
        _record(found, path, expected, None, "REMOVE")
    elif expected is None:
        _record(found, path, None, actual, "ADD")
    else:
        _record(found, path, expected, actual, "NOT_EQUAL")


def _record(found: list[dict[str, Any]], path: str, expected: Any, actual: Any, kind: str) -> None:
    found.append(
        {
            "PropertyPath": path,
            "ExpectedValue": as_text(expected),
            "ActualValue": as_text(actual),
            "DifferenceType": kind,
        }
    )
