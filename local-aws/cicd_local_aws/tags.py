"""Tag shapes: CloudFormation passes `[{"Key": k, "Value": v}]`; backends want
dicts or lists in their own casing."""

from collections.abc import Callable
from typing import Any


def tag_dict(tags: list[dict[str, Any]] | None) -> dict[str, str]:
    return {t["Key"]: str(t.get("Value", "")) for t in (tags or [])}


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def lower_tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in tags.items()]


def removed_keys(old: dict[str, str], new: dict[str, str]) -> list[str]:
    return [k for k in old if k not in new]


def sync_tags(
    old: list[dict[str, Any]] | None,
    new: list[dict[str, Any]] | None,
    untag: Callable[[list[str]], Any],
    tag: Callable[[dict[str, str]], Any],
) -> None:
    """Moves a resource from the template's old `Tags` to its new ones:
    `untag` the keys that are gone, then `tag` with every current tag (the
    services overwrite the value of a key that is already there)."""
    old_tags, new_tags = tag_dict(old), tag_dict(new)
    stale = removed_keys(old_tags, new_tags)
    if stale:
        untag(stale)
    if new_tags:
        tag(new_tags)
