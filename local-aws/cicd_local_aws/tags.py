"""Tag shapes: CloudFormation passes `[{"Key": k, "Value": v}]`; backends want
dicts or lists in their own casing."""

from typing import Any


def tag_dict(tags: list[dict[str, Any]] | None) -> dict[str, str]:
    return {t["Key"]: str(t.get("Value", "")) for t in (tags or [])}


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def lower_tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in tags.items()]


def removed_keys(old: dict[str, str], new: dict[str, str]) -> list[str]:
    return [k for k in old if k not in new]
