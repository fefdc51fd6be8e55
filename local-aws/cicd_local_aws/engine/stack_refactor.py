"""Stack refactoring: CreateStackRefactor, DescribeStackRefactor,
ListStackRefactorActions and ExecuteStackRefactor (moto has none of them).

A refactor moves resources to a new logical id, in the same stack (a
rename) or into another existing stack, without touching the resources
themselves: a bucket keeps its objects.  As in CloudFormation, the new
templates may change nothing else: each must equal the stack's current
template with the mapped resources moved and every reference to them
(`Ref`, `Fn::GetAtt`, `Fn::Sub`, `DependsOn`) following the new id; anything
else is refused as an addition, change or deletion, and the refactor is
CREATE_FAILED with the resources named.  The engine settles every call
at once, so a refactor is CREATE_COMPLETE (or CREATE_FAILED) when created
and EXECUTE_COMPLETE when executed.

Not emulated: EnableStackCreation (moving into a stack that does not exist
yet is refused), moves detected without a ResourceMapping, and
ListStackRefactors."""

from __future__ import annotations

import copy
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import Stack
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult

from . import deployer
from . import resource_ops as ops
from .stack_events import record, record_stack

SETTLED = ("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE")


@dataclass(frozen=True)
class Move:
    source_stack: str
    source_id: str
    destination_stack: str
    destination_id: str


@dataclass
class Refactor:
    refactor_id: str
    description: str | None
    # stack name -> the template it is to have (parsed)
    templates: dict[str, dict[str, Any]]
    bodies: dict[str, str]
    moves: list[Move]
    stack_ids: list[str]
    status: str = "CREATE_COMPLETE"
    status_reason: str | None = None
    execution_status: str = "AVAILABLE"
    execution_status_reason: str | None = None
    physical_ids: dict[Move, str] = field(default_factory=dict)
    # stack name -> its template when the refactor was made: executing it
    # after the stack changed is refused (OBSOLETE).
    made_on: dict[str, Any] = field(default_factory=dict)


def _refactors(backend: Any) -> dict[str, Refactor]:
    if not hasattr(backend, "_cicd_refactors"):
        backend._cicd_refactors = {}
    return backend._cicd_refactors


def _live_stack(backend: Any, name: str) -> Any:
    live = [s for s in backend.stacks.values() if name and name in (s.name, s.stack_id)]
    return next((s for s in live if s.status != "DELETE_COMPLETE"), None)


# --- references follow a move ----------------------------------------------


def renamed(value: Any, names: dict[str, str]) -> Any:
    """`value` with every reference to a key of `names` pointing at its new
    logical id instead."""
    if isinstance(value, list):
        return [renamed(v, names) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, inner in value.items():
        if key == "Ref" and isinstance(inner, str):
            out[key] = names.get(inner, inner)
        elif key == "Fn::GetAtt" and isinstance(inner, list) and inner and isinstance(inner[0], str):
            out[key] = [names.get(inner[0], inner[0]), *renamed(inner[1:], names)]
        elif key == "Fn::GetAtt" and isinstance(inner, str):
            head, dot, rest = inner.partition(".")
            out[key] = names.get(head, head) + dot + rest
        elif key == "Fn::Sub":
            out[key] = _renamed_sub(inner, names)
        elif key == "DependsOn":
            out[key] = names.get(inner, inner) if isinstance(inner, str) else renamed_list(inner, names)
        else:
            out[key] = renamed(inner, names)
    return out


def renamed_list(items: Any, names: dict[str, str]) -> Any:
    return [names.get(i, i) if isinstance(i, str) else i for i in items] if isinstance(items, list) else items


_SUB_VAR = re.compile(r"\$\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_.]+)?)\}")


def _renamed_sub(inner: Any, names: dict[str, str]) -> Any:
    def text(s: str, local: set[str]) -> str:
        return _SUB_VAR.sub(
            lambda m: m.group(0) if m.group(1) in local else "${" + names.get(m.group(1), m.group(1)) + m.group(2) + "}",
            s,
        )

    if isinstance(inner, str):
        return text(inner, set())
    if isinstance(inner, list) and len(inner) == 2 and isinstance(inner[0], str) and isinstance(inner[1], dict):
        return [text(inner[0], set(inner[1])), renamed(inner[1], names)]
    return renamed(inner, names)


# --- CreateStackRefactor ----------------------------------------------------


def _expected_templates(stacks: dict[str, Any], moves: list[Move]) -> dict[str, dict[str, Any]]:
    """Each stack's current Resources and Outputs with the moves applied."""
    expected: dict[str, dict[str, Any]] = {}
    for name, stack in stacks.items():
        names = {m.source_id: m.destination_id for m in moves if m.source_stack == name and m.destination_stack == name}
        current = stack.template_dict or {}
        resources = {
            names.get(lid, lid): renamed(body, names)
            for lid, body in (current.get("Resources") or {}).items()
            if not any(m.source_stack == name and m.source_id == lid and m.destination_stack != name for m in moves)
        }
        expected[name] = {"Resources": resources, "Outputs": renamed(current.get("Outputs") or {}, names)}
    for m in moves:
        if m.source_stack != m.destination_stack:
            body = (stacks[m.source_stack].template_dict.get("Resources") or {}).get(m.source_id)
            if body is not None:
                expected[m.destination_stack]["Resources"][m.destination_id] = body
    return expected


def _differences(expected: dict[str, Any], proposed: dict[str, Any]) -> list[str]:
    found = []
    want, got = expected["Resources"], proposed.get("Resources") or {}
    for lid in sorted(set(want) | set(got)):
        if lid not in want:
            found.append(f"{lid} (added)")
        elif lid not in got:
            found.append(f"{lid} (deleted)")
        elif want[lid] != got[lid]:
            found.append(f"{lid} (modified)")
    if expected["Outputs"] != (proposed.get("Outputs") or {}):
        found.append("Outputs (modified)")
    return found


def _moves(self: Any, defined: set[str]) -> list[Move]:
    moves = []
    for mapping in self._get_param("ResourceMappings", []) or []:
        source, destination = mapping.get("Source") or {}, mapping.get("Destination") or {}
        move = Move(
            source.get("StackName", ""), source.get("LogicalResourceId", ""),
            destination.get("StackName", ""), destination.get("LogicalResourceId", ""),
        )
        if not all((move.source_stack, move.source_id, move.destination_stack, move.destination_id)):
            raise ValidationError(message="Each ResourceMapping needs Source and Destination, each with StackName and LogicalResourceId")
        for stack_name in (move.source_stack, move.destination_stack):
            if stack_name not in defined:
                raise ValidationError(message=f"Stack {stack_name} of a ResourceMapping is not in StackDefinitions")
        moves.append(move)
    sources = [(m.source_stack, m.source_id) for m in moves]
    destinations = [(m.destination_stack, m.destination_id) for m in moves]
    if len(set(sources)) != len(sources) or len(set(destinations)) != len(destinations):
        raise ValidationError(message="A resource can be the Source or the Destination of only one ResourceMapping")
    return moves


def _create_stack_refactor(self: Any) -> ActionResult:
    backend = self.cloudformation_backend
    definitions = self._get_param("StackDefinitions", []) or []
    if not definitions:
        raise ValidationError(message="StackDefinitions must name at least one stack")
    if str(self._get_param("EnableStackCreation", "false")).lower() == "true":
        raise ValidationError(message="EnableStackCreation is not supported by this local endpoint: refactor into existing stacks only")
    stacks: dict[str, Any] = {}
    templates: dict[str, dict[str, Any]] = {}
    bodies: dict[str, str] = {}
    for definition in definitions:
        name = definition.get("StackName")
        body = definition.get("TemplateBody")
        if definition.get("TemplateURL"):
            body = self._get_stack_from_s3_url(definition["TemplateURL"])
        if not name or body is None:
            raise ValidationError(message="Each StackDefinition needs StackName and TemplateBody or TemplateURL")
        stack = _live_stack(backend, name)
        if stack is None:
            raise ValidationError(name, message=f"Stack [{name}] does not exist")
        if stack.status not in SETTLED:
            raise ValidationError(message=f"Stack [{name}] is in {stack.status} state and can not be refactored")
        parsed = Stack.parse_template(body)
        stacks[stack.name] = stack
        templates[stack.name] = parsed if isinstance(parsed, dict) else {}
        bodies[stack.name] = body
    moves = _moves(self, set(stacks))
    refactor = Refactor(
        refactor_id=str(uuid.uuid4()),
        description=self._get_param("Description"),
        templates=templates,
        bodies=bodies,
        moves=moves,
        stack_ids=[s.stack_id for s in stacks.values()],
        made_on={name: s.template for name, s in stacks.items()},
    )
    problems = []
    for m in moves:
        owned = deployer.owned(stacks[m.source_stack])
        if m.source_id not in owned:
            problems.append(f"{m.source_stack}.{m.source_id} (no such resource)")
        else:
            refactor.physical_ids[m] = ops.physical_id(owned[m.source_id])
        destination = deployer.owned(stacks[m.destination_stack])
        if m.destination_id in destination and (m.destination_stack, m.destination_id) not in {(x.source_stack, x.source_id) for x in moves}:
            problems.append(f"{m.destination_stack}.{m.destination_id} (logical id already in use)")
    if not problems:
        expected = _expected_templates(stacks, moves)
        for name in stacks:
            problems += [f"{name}.{d}" for d in _differences(expected[name], templates[name])]
    if problems:
        refactor.status = "CREATE_FAILED"
        refactor.status_reason = (
            "Stack refactor moves resources and changes nothing else; these are not moves: [" + ", ".join(problems) + "]"
        )
        refactor.execution_status = "UNAVAILABLE"
    elif not moves:
        refactor.status = "CREATE_FAILED"
        refactor.status_reason = "The templates move no resource"
        refactor.execution_status = "UNAVAILABLE"
    _refactors(backend)[refactor.refactor_id] = refactor
    return ActionResult({"StackRefactorId": refactor.refactor_id})


# --- Describe and list ------------------------------------------------------


def _find(self: Any) -> Refactor:
    refactor_id = self._get_param("StackRefactorId")
    refactor = _refactors(self.cloudformation_backend).get(refactor_id)
    if refactor is None:
        raise ValidationError(message=f"Stack refactor {refactor_id} does not exist")
    return refactor


def _describe_stack_refactor(self: Any) -> ActionResult:
    r = _find(self)
    answer: dict[str, Any] = {
        "StackRefactorId": r.refactor_id,
        "StackIds": r.stack_ids,
        "ExecutionStatus": r.execution_status,
        "Status": r.status,
    }
    for key, value in (
        ("Description", r.description),
        ("StatusReason", r.status_reason),
        ("ExecutionStatusReason", r.execution_status_reason),
    ):
        if value is not None:
            answer[key] = value
    return ActionResult(answer)


def _list_stack_refactor_actions(self: Any) -> ActionResult:
    r = _find(self)
    actions = []
    for m in r.moves:
        actions.append(
            {
                "Action": "MOVE",
                "Entity": "RESOURCE",
                "PhysicalResourceId": r.physical_ids.get(m, ""),
                "Description": f"Move {m.source_stack}.{m.source_id} to {m.destination_stack}.{m.destination_id}",
                "Detection": "MANUAL",
                "DetectionReason": "ResourceMapping",
                "ResourceMapping": {
                    "Source": {"StackName": m.source_stack, "LogicalResourceId": m.source_id},
                    "Destination": {"StackName": m.destination_stack, "LogicalResourceId": m.destination_id},
                },
            }
        )
    return ActionResult({"StackRefactorActions": actions})


# --- ExecuteStackRefactor ---------------------------------------------------


def execute(backend: Any, r: Refactor) -> None:
    """Moves each resource's record to its new stack and logical id (the
    resource itself is not touched) and gives each stack its new template."""
    stacks = {name: _live_stack(backend, name) for name in r.templates}
    taken = []
    for m in r.moves:
        source = stacks[m.source_stack]
        resource = deployer.owned(source)[m.source_id]
        props = source._cicd_props[m.source_id]
        taken.append((m, resource, props))
        deployer._forget(source, m.source_id)
    for name, stack in stacks.items():
        stack.status = "UPDATE_IN_PROGRESS"
        record_stack(stack, "UPDATE_IN_PROGRESS", "Stack refactor " + r.refactor_id)
        deployer.load_template(stack, r.bodies[name], None)
    for m, resource, props in taken:
        destination = stacks[m.destination_stack]
        body = copy.deepcopy(destination.template_dict["Resources"][m.destination_id])
        deployer._remember(destination, m.destination_id, body, resource, props)
        record(
            destination, m.destination_id, ops.physical_id(resource), body["Type"], "UPDATE_COMPLETE",
            f"Moved from {m.source_stack}.{m.source_id} by stack refactor",
        )
    # Renamed references resolve against the moved records.
    for name, stack in stacks.items():
        names = {m.source_id: m.destination_id for m in r.moves if m.source_stack == name and m.destination_stack == name}
        for lid in deployer.owned(stack):
            stack._cicd_json[lid] = copy.deepcopy((stack.template_dict.get("Resources") or {}).get(lid, stack._cicd_json[lid]))
        stack.output_map = stack._create_output_map()
        stack.status = "UPDATE_COMPLETE"
        record_stack(stack, "UPDATE_COMPLETE", json.dumps(names) if names else None)


def _execute_stack_refactor(self: Any) -> ActionResult:
    r = _find(self)
    if r.execution_status != "AVAILABLE":
        raise ValidationError(
            message=f"Stack refactor {r.refactor_id} cannot be executed in its current execution status of [{r.execution_status}]"
        )
    backend = self.cloudformation_backend
    for name in r.templates:
        stack = _live_stack(backend, name)
        if stack is None or stack.status not in SETTLED or stack.template != r.made_on[name]:
            r.execution_status = "OBSOLETE"
            r.execution_status_reason = f"Stack {name} changed since the refactor was created"
            raise ValidationError(message=r.execution_status_reason)
    r.execution_status = "EXECUTE_IN_PROGRESS"
    try:
        execute(backend, r)
    except Exception as err:  # a bug here must not leave it in progress
        r.execution_status = "EXECUTE_FAILED"
        r.execution_status_reason = str(err)
        raise
    r.execution_status = "EXECUTE_COMPLETE"
    return ActionResult({})


def apply() -> None:
    CloudFormationResponse.create_stack_refactor = _create_stack_refactor
    CloudFormationResponse.describe_stack_refactor = _describe_stack_refactor
    CloudFormationResponse.list_stack_refactor_actions = _list_stack_refactor_actions
    CloudFormationResponse.execute_stack_refactor = _execute_stack_refactor


__all__ = ["apply", "renamed"]
