"""Create, update and delete one resource: through the extension's handler
when there is one, through moto's own CloudFormation model otherwise.
Stateless: the deployer keeps track of what exists."""

from __future__ import annotations

import copy
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.parsing import (
    clean_json,
    parse_and_create_resource,
    parse_and_update_resource,
    resource_class_from_type,
)

from ..resources import HANDLERS
from ..resources.base import Context, HandlerError, Provisioned
from . import test_faults


def context(stack: Any, logical_id: str) -> Context:
    return Context(stack.account_id, stack.region_name, stack.name, logical_id)


def is_supported(resource_type: str) -> bool:
    if resource_type in HANDLERS or resource_type.startswith("Custom::"):
        return True
    return resource_class_from_type(resource_type) is not None


def unsupported_types(resources: dict[str, Any]) -> list[str]:
    return sorted({body.get("Type", "") for body in resources.values() if not is_supported(body.get("Type", ""))})


def resolve(stack: Any, body: dict[str, Any]) -> dict[str, Any]:
    return clean_json(copy.deepcopy(body.get("Properties") or {}), stack.resource_map)


def create(stack: Any, logical_id: str, body: dict[str, Any], props: dict[str, Any]) -> Any:
    test_faults.check(stack, logical_id, "CREATE")
    handler = HANDLERS.get(body["Type"])
    if handler is not None:
        return handler.create(context(stack, logical_id), props)
    resource = parse_and_create_resource(
        logical_id, copy.deepcopy(body), stack.resource_map, stack.account_id, stack.region_name
    )
    if resource is None:
        raise HandlerError("NotImplemented", f"{body['Type']} is not emulated by the local endpoint")
    return resource


def update(
    stack: Any, logical_id: str, body: dict[str, Any], current: Any, props: dict[str, Any]
) -> Any:
    test_faults.check(stack, logical_id, "UPDATE")
    handler = HANDLERS.get(body["Type"])
    if handler is not None:
        return handler.update(context(stack, logical_id), current, props)
    resource = parse_and_update_resource(
        logical_id, copy.deepcopy(body), stack.resource_map, stack.account_id, stack.region_name
    )
    if resource is None:
        # moto's model has no update: replace it in place.
        delete(stack, logical_id, body, current)
        resource = create(stack, logical_id, body, props)
    return resource


def needs_replacement(resource_type: str, old: dict[str, Any], new: dict[str, Any]) -> bool:
    handler = HANDLERS.get(resource_type)
    return handler is not None and handler.needs_replacement(old, new)


def delete(stack: Any, logical_id: str, body: dict[str, Any], current: Any) -> None:
    test_faults.check(stack, logical_id, "DELETE")
    handler = HANDLERS.get(body["Type"])
    if handler is not None:
        handler.delete(context(stack, logical_id), current)
        return
    stack.resource_map._delete_resource(current, copy.deepcopy(body))


def physical_id(resource: Any) -> str:
    return str(getattr(resource, "physical_resource_id", "") or "")


def failure_reason(err: Exception) -> str:
    """A ResourceStatusReason in CloudFormation's shape, carrying the
    service's own message and error code."""
    if isinstance(err, HandlerError):
        code, message = err.code, err.message
    elif isinstance(err, ValidationError):
        return str(getattr(err, "message", None) or err)
    else:
        code = getattr(err, "error_type", None) or getattr(err, "code", None) or type(err).__name__
        message = getattr(err, "message", None) or str(err)
    handler_code = _handler_error_code(str(code))
    return f'Resource handler returned message: "{message}" (HandlerErrorCode: {handler_code}, Error Code: {code})'


def _handler_error_code(code: str) -> str:
    lowered = code.lower()
    if "alreadyexists" in lowered or "exists" in lowered:
        return "AlreadyExists"
    if "notfound" in lowered or "nosuch" in lowered:
        return "NotFound"
    if "invalid" in lowered or "validation" in lowered or "malformed" in lowered:
        return "InvalidRequest"
    if "notempty" in lowered or "conflict" in lowered:
        return "ResourceConflict"
    if "notimplemented" in lowered:
        return "InvalidRequest"
    return "GeneralServiceException"


__all__ = [
    "Provisioned",
    "create",
    "delete",
    "failure_reason",
    "needs_replacement",
    "physical_id",
    "resolve",
    "unsupported_types",
    "update",
]
