"""Which resources a resource needs first (Ref, Fn::GetAtt, Fn::Sub,
DependsOn), and an order that honours that."""

from __future__ import annotations

import re
from typing import Any

from moto.cloudformation.exceptions import ValidationError

_SUB_VARIABLE = re.compile(r"\$\{([^!}][^}]*)\}")


def references(node: Any, names: set[str]) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str) and value in names:
                found.add(value)
            elif key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) else str(value).split(".")[0]
                if target in names:
                    found.add(target)
            elif key == "Fn::Sub":
                text, local = (value[0], value[1]) if isinstance(value, list) else (value, {})
                for variable in _SUB_VARIABLE.findall(text):
                    head = variable.split(".")[0]
                    if head in names and head not in local:
                        found.add(head)
                found |= references(local, names)
            else:
                found |= references(value, names)
    elif isinstance(node, list):
        for item in node:
            found |= references(item, names)
    return found


def dependencies_of(resource: dict[str, Any], names: set[str]) -> set[str]:
    depends_on = resource.get("DependsOn", [])
    if isinstance(depends_on, str):
        depends_on = [depends_on]
    explicit = {d for d in depends_on if d in names}
    return explicit | references(resource.get("Properties", {}), names)


def creation_order(resources: dict[str, Any]) -> list[str]:
    """Template order, except that every resource comes after what it needs."""
    names = set(resources)
    needs = {name: dependencies_of(body, names) for name, body in resources.items()}
    for name, body in resources.items():
        depends_on = body.get("DependsOn", [])
        for dep in [depends_on] if isinstance(depends_on, str) else depends_on:
            if dep not in names:
                raise ValidationError(
                    message=f"Template format error: Unresolved resource dependencies [{dep}] in the Resources block of the template"
                )
    order: list[str] = []
    done: set[str] = set()
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycle = visiting[visiting.index(name):]
            raise ValidationError(
                message=f"Circular dependency between resources: {sorted(cycle)}"
            )
        visiting.append(name)
        for dep in sorted(needs[name], key=list(resources).index):
            visit(dep)
        visiting.pop()
        done.add(name)
        order.append(name)

    for name in resources:
        visit(name)
    return order
