#!/usr/bin/env python3
"""Fails when the top-level modules of a crate's src/ import each other in a
cycle. A module's imports are its `crate::<module>` references outside its
`#[cfg(test)] mod tests`. Usage: scripts/module-cycles.py <crate>/src [-v]"""

import os
import re
import sys


def module_graph(src):
    names = {
        entry[:-3] if entry.endswith(".rs") else entry
        for entry in os.listdir(src)
        if entry not in ("lib.rs", "main.rs")
        and (entry.endswith(".rs") or os.path.isfile(os.path.join(src, entry, "mod.rs")))
    }
    graph = {}
    for name in names:
        path = os.path.join(src, name + ".rs")
        if not os.path.exists(path):
            path = os.path.join(src, name, "mod.rs")
        text = open(path).read().split("#[cfg(test)]\nmod tests")[0]
        graph[name] = (set(re.findall(r"crate::(\w+)", text)) & names) - {name}
    return graph


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in sorted(graph[node]):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    src = sys.argv[1]
    graph = module_graph(src)
    found = cycles(graph)
    if "-v" in sys.argv:
        for name in sorted(graph):
            print(f"  {name} -> {', '.join(sorted(graph[name]))}")
    if found:
        print(f"{src}: modules import each other in a cycle: {found}", file=sys.stderr)
        sys.exit(1)
    print(f"{src}: {len(graph)} modules, no import cycle")


if __name__ == "__main__":
    main()
