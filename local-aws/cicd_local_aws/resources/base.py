"""What every resource handler of the extension shares.

A handler turns resolved CloudFormation properties into calls on moto's
service backends, so the resource is readable through the service's own API.
The engine (`cicd_local_aws.engine`) decides when to call it."""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.moto_api._internal import mock_random


@dataclass
class Context:
    account_id: str
    region: str
    stack_name: str
    logical_id: str

    @property
    def partition(self) -> str:
        return "aws"


@dataclass
class Provisioned:
    """A resource the stack owns.  Looks like a moto CloudFormation model to
    moto's intrinsic-function resolver (`physical_resource_id`,
    `get_cfn_attribute`) and to its DescribeStackResources response."""

    logical_resource_id: str
    cf_resource_type: str
    physical_resource_id: str
    attributes: dict[str, Any] = field(default_factory=dict)
    properties: dict[str, Any] = field(default_factory=dict)
    # Handler-private facts (e.g. the generated name) kept across updates.
    state: dict[str, Any] = field(default_factory=dict)

    def get_cfn_attribute(self, name: str) -> Any:
        if name not in self.attributes:
            raise ValidationError(
                message=(
                    f"Template error: resource {self.logical_resource_id} does not "
                    f"support attribute type {name} in Fn::GetAtt"
                )
            )
        return self.attributes[name]

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:  # moto's output validation asks
        return True

    def is_created(self) -> bool:
        return True


class HandlerError(Exception):
    """A failure with a service-style error code, reported as the resource's
    ResourceStatusReason."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class ResourceHandler:
    type_name: str = ""
    # The property that names the resource; absent means CloudFormation
    # generates a name.
    name_property: str | None = None
    name_max_len: int = 64
    name_lower: bool = False
    # The property that makes the resource FIFO (SQS queues, SNS topics):
    # a generated name of a FIFO resource ends in ".fifo", as the service
    # requires.
    fifo_property: str | None = None
    # Properties whose change needs a new physical resource.
    replacement_properties: tuple[str, ...] = ()
    attribute_names: tuple[str, ...] = ()
    # Properties the handler emulates; when set, any other property fails the
    # resource ("not emulated") rather than being dropped silently.
    supported: frozenset[str] | None = None

    def resource_name(self, ctx: Context, props: dict[str, Any]) -> str:
        if self.name_property and props.get(self.name_property):
            return str(props[self.name_property])
        if self.fifo_property and as_bool(props.get(self.fifo_property, False)):
            # CloudFormation keeps the suffix the service requires.
            fifo = ".fifo"
            return generated_name(ctx, self.name_max_len - len(fifo), self.name_lower) + fifo
        return generated_name(ctx, self.name_max_len, self.name_lower)

    def already_exists(self, identifier: str) -> HandlerError:
        """CloudFormation's failure for a create whose explicit name is
        taken (services such as SQS would hand back the existing resource)."""
        return HandlerError(
            "AlreadyExists",
            f"Resource of type '{self.type_name}' with identifier '{identifier}' already exists.",
        )

    def create(self, ctx: Context, props: dict[str, Any]) -> Provisioned:
        raise NotImplementedError

    def update(
        self, ctx: Context, current: Provisioned, props: dict[str, Any]
    ) -> Provisioned:
        raise NotImplementedError

    def delete(self, ctx: Context, current: Provisioned) -> None:
        raise NotImplementedError

    def check_supported(self, props: dict[str, Any]) -> None:
        if self.supported is None:
            return
        unknown = sorted(set(props) - self.supported)
        if unknown:
            raise HandlerError(
                "NotImplemented",
                f"Property {unknown[0]} of {self.type_name} is not emulated by the local endpoint",
            )

    def needs_replacement(self, old: dict[str, Any], new: dict[str, Any]) -> bool:
        return any(old.get(p) != new.get(p) for p in self.replacement_properties)

    def provisioned(
        self,
        ctx: Context,
        physical_id: str,
        props: dict[str, Any],
        attributes: dict[str, Any],
        state: dict[str, Any] | None = None,
    ) -> Provisioned:
        return Provisioned(
            logical_resource_id=ctx.logical_id,
            cf_resource_type=self.type_name,
            physical_resource_id=physical_id,
            attributes=attributes,
            properties=props,
            state=state or {},
        )


@contextmanager
def deleted_on_failure(delete: Callable[[], Any]) -> Iterator[None]:
    """For the steps that complete a resource just created: if one fails,
    `delete` removes the resource again, so a failed create leaves nothing
    behind, and the failure goes on to the engine."""
    try:
        yield
    except Exception:
        delete()
        raise


def generated_name(ctx: Context, max_len: int, lower: bool) -> str:
    """`<stack>-<logical id>-<suffix>`, as CloudFormation names resources that
    have no explicit name, cut to the service's length limit."""
    suffix = "".join(
        mock_random.choice(string.ascii_uppercase + string.digits) for _ in range(12)
    )
    tail = f"-{ctx.logical_id}-{suffix}"
    head = ctx.stack_name[: max(1, max_len - len(tail))]
    name = f"{head}{tail}"[:max_len]
    return name.lower() if lower else name


def policy_text(document: Any) -> str:
    """Policy documents arrive as JSON objects from templates; services store
    them as JSON text."""
    if isinstance(document, str):
        return document
    return json.dumps(document)


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)
