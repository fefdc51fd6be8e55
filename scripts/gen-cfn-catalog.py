#!/usr/bin/env python3
"""Generate cicd-dsl-cfn's catalog of CloudFormation resource types.

Run by developers; the output is committed so that builds need no network and
no Python. See cicd-dsl-cfn/DATA.md for how to regenerate and verify.

    scripts/setup-python            # installs cfn-lint (pinned) into .venv-lint
    python3 scripts/gen-cfn-catalog.py   # re-runs itself with .venv-lint/bin/python

Reads the resource provider schemas that cfn-lint's PyPI package ships
(`cfnlint/data/schemas/providers/<region>.json` maps each type to a file id,
`cfnlint/data/schemas/resources/<id>.json` is the schema) and writes:

- `cicd-dsl-cfn/data/schemas.jsonl`: one compact JSON document per type, one
  per line, sorted by type name. Only what checks and the deploy engine need is
  kept (see DATA.md); `$ref: "#/definitions/X"` is shortened to `$ref: "X"`;
  the keywords of the `Properties` object itself (properties, required,
  additionalProperties, oneOf, requiredXor, ...) move under `root`.
- `getAtts` (only where it differs from the read-only properties): the
  attribute names cfn-lint accepts in `Fn::GetAtt`, computed by cfn-lint's
  own `GetAtts` class (some types allow every property, a few have
  exceptions), so the catalog agrees with the judge.
- `cicd-dsl-cfn/src/generated.rs`: the sorted index (type name -> byte offset
  and length in schemas.jsonl, and a bitset of the regions that offer it) and
  the region table. A Rust static, so finding a type costs a binary search and
  decoding it touches only its own bytes.
"""

import argparse
import glob
import hashlib
import json
import os
import pathlib
import re
import sys

from generated_output import check_or_write, generated_header, rust_str

SOURCE_PACKAGE = "cfn-lint"
SOURCE_VERSION = "1.58.0"
SOURCE_LICENCE = "MIT-0"

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRATE = ROOT / "cicd-dsl-cfn"
DEFAULT_DATA = CRATE / "data" / "schemas.jsonl"
DEFAULT_INDEX = CRATE / "src" / "generated.rs"

# The pseudo-region file listing the SAM transform's types
# (AWS::Serverless::*); they are not tied to a region.
SAM_FILE = "sam"

# JSON-schema keywords kept on every schema node. Anything else found on a
# node is an error, so a new keyword in a future schema release is noticed.
KEEP_SCALAR = {
    "type", "enum", "enumCaseInsensitive", "const", "default",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "format",
    "minItems", "maxItems", "uniqueItems", "maxUniqueItems", "uniqueKeys", "insertionOrder", "arrayType",
    "minProperties", "maxProperties", "required",
    "requiredXor", "requiredOr", "dependentExcluded", "dependentRequired",
    "relationshipRef",
}
KEEP_SUB = {"items", "not", "if", "then", "else"}
KEEP_LIST = {"oneOf", "anyOf", "allOf", "prefixItems"}
KEEP_MAP = {"properties", "patternProperties"}
DROP = {"description", "title", "examples", "$comment"}

# Resource-level keys kept (besides the schema keywords of the root object).
KEEP_TOP = [
    "typeName",
    "readOnlyProperties", "createOnlyProperties", "conditionalCreateOnlyProperties",
    "writeOnlyProperties", "deprecatedProperties",
    "primaryIdentifier", "additionalIdentifiers",
    "tagging", "propertyTransform", "replacementStrategy",
]
DROP_TOP = {
    "handlers", "sourceUrl", "documentationUrl", "$schema", "$id", "lifecycle",
    "resourceLink", "typeConfiguration", "definitions", "description", "taggable",
    "$comment", "title", "examples",
}
TAGGING_KEEP = ["taggable", "tagOnCreate", "tagUpdatable", "cloudFormationSystemTags", "tagProperty"]

# First sentence of a description, for help text. Cut at the first ". " (or
# newline) and at MAX_HELP characters.
MAX_HELP = 160


def first_sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text.split("\n", 1)[0].strip()
    m = re.search(r"(?<![A-Za-z]\.[A-Za-z])(?<!e\.g)(?<!i\.e)\.\s", text + " ")
    if m:
        text = text[: m.start() + 1]
    if len(text) > MAX_HELP:
        cut = text[: MAX_HELP - 1].rsplit(" ", 1)[0]
        text = cut + "…"
    return text


class Stats:
    def __init__(self):
        self.refs = 0
        self.inlined_property_refs = 0
        self.help = 0
        self.get_atts = 0


def shorten_ref(ref: str, schema: dict, stats: Stats):
    """Returns ("name", None) for a definitions ref, or (None, inlined node)."""
    m = re.fullmatch(r"#/definitions/([^/]+)", ref)
    if m:
        name = m.group(1)
        if name not in schema.get("definitions", {}):
            raise KeyError(f"{schema['typeName']}: $ref {ref} names no definition")
        stats.refs += 1
        return name, None
    m = re.fullmatch(r"#/properties/([^/]+)", ref)
    if m:
        # One schema (AWS::OpenSearchService::Application) points at a
        # property; inline that property's schema (it holds no ref itself).
        target = schema["properties"][m.group(1)]
        if "$ref" in json.dumps(target):
            raise ValueError(f"{schema['typeName']}: nested ref through {ref}")
        stats.inlined_property_refs += 1
        return None, target
    raise ValueError(f"{schema['typeName']}: unsupported $ref {ref}")


def clean(node, schema: dict, stats: Stats, where: str, with_help: bool):
    if not isinstance(node, dict):
        raise TypeError(f"{schema['typeName']} {where}: schema node is {type(node).__name__}")
    out = {}
    for key, value in node.items():
        if key in DROP:
            continue
        if key == "$ref":
            name, inline = shorten_ref(value, schema, stats)
            if inline is not None:
                for k, v in clean(inline, schema, stats, where, False).items():
                    out.setdefault(k, v)
            else:
                out["$ref"] = name
        elif key in KEEP_SCALAR:
            out[key] = value
        elif key in KEEP_SUB:
            out[key] = clean(value, schema, stats, f"{where}/{key}", False)
        elif key == "additionalProperties":
            out[key] = value if isinstance(value, bool) else clean(value, schema, stats, f"{where}/{key}", False)
        elif key in KEEP_LIST:
            out[key] = [clean(v, schema, stats, f"{where}/{key}", False) for v in value]
        elif key in KEEP_MAP:
            out[key] = {k: clean(v, schema, stats, f"{where}/{key}/{k}", key == "properties") for k, v in value.items()}
        elif key == "dependencies":
            out[key] = {
                k: (v if isinstance(v, list) else clean(v, schema, stats, f"{where}/{key}", False))
                for k, v in value.items()
            }
        else:
            raise KeyError(f"{schema['typeName']} {where}: unknown schema keyword {key!r}")
    if with_help and isinstance(node.get("description"), str):
        help_text = first_sentence(node["description"])
        if help_text:
            out["description"] = help_text
            stats.help += 1
    return out


def reduce_schema(schema: dict, stats: Stats) -> dict:
    for key in schema:
        if key not in KEEP_TOP and key not in DROP_TOP and key not in KEEP_LIST | KEEP_MAP | KEEP_SCALAR | {"additionalProperties", "dependencies"}:
            raise KeyError(f"{schema['typeName']}: unknown top-level key {key!r}")
    root_keys = {k: v for k, v in schema.items() if k not in KEEP_TOP and k not in DROP_TOP}
    out = {"typeName": schema["typeName"]}
    help_text = first_sentence(schema.get("description") or "")
    if help_text:
        out["description"] = help_text
    # The JSON-schema keywords of the resource's `Properties` object
    # (properties, required, additionalProperties, oneOf, requiredXor, ...).
    out["root"] = clean(root_keys, schema, stats, "", False)
    definitions = schema.get("definitions") or {}
    if definitions:
        out["definitions"] = {
            name: clean(d, schema, stats, f"/definitions/{name}", False) for name, d in definitions.items()
        }
    for key in KEEP_TOP[1:]:
        if key == "tagging":
            continue
        if key in schema:
            out[key] = schema[key]
    tagging = schema.get("tagging")
    if tagging is None and "taggable" in schema:
        # Older schemas state only a top-level `taggable`.
        tagging = {"taggable": schema["taggable"]}
    if tagging is not None:
        out["tagging"] = {k: tagging[k] for k in TAGGING_KEEP if k in tagging}
    return out


def json_pointer_get(doc, pointer: str):
    node = doc
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(part)]
        else:
            node = node[part]
    return node


def check_patches(schemas_dir: pathlib.Path, by_type: dict) -> tuple[int, int, list]:
    """cfn-lint builds its shipped schemas with its patches applied. Verify
    that, so the catalog agrees with what cfn-lint checks against.
    Returns (operations checked, operations already applied, mismatches)."""
    total = applied = 0
    mismatches = []
    index = {t.replace("::", "_").lower(): t for t in by_type}
    for path in sorted(glob.glob(str(schemas_dir / "patches" / "extensions" / "all" / "*" / "*.json"))):
        folder = pathlib.Path(path).parent.name
        type_name = index.get(folder)
        if type_name is None:
            mismatches.append(f"{path}: no such type")
            continue
        for op in json.loads(pathlib.Path(path).read_text()):
            total += 1
            if op["op"] == "remove":
                try:
                    json_pointer_get(by_type[type_name], op["path"])
                    mismatches.append(f"{type_name}: remove {op['path']} (still present)")
                except (KeyError, IndexError, ValueError):
                    applied += 1
                continue
            if op["op"] not in ("add", "replace"):
                mismatches.append(f"{type_name}: {op['op']} {op['path']}")
                continue
            try:
                current = json_pointer_get(by_type[type_name], op["path"])
            except (KeyError, IndexError, ValueError):
                mismatches.append(f"{type_name}: {op['path']} missing")
                continue
            if current == op["value"] or (
                isinstance(current, dict) and isinstance(op["value"], dict)
                and all(current.get(k) == v for k, v in op["value"].items())
            ):
                applied += 1
            else:
                mismatches.append(f"{type_name}: {op['path']} differs")
    return total, applied, mismatches


def find_schemas_dir(explicit):
    if explicit:
        return pathlib.Path(explicit)
    hits = sorted(glob.glob(str(ROOT / ".venv-lint" / "lib" / "python3*" / "site-packages" / "cfnlint" / "data" / "schemas")))
    if not hits:
        sys.exit("cfn-lint not found in .venv-lint; run scripts/setup-python or pass --schemas")
    return pathlib.Path(hits[-1])


def installed_version(schemas_dir: pathlib.Path) -> str:
    site = schemas_dir.parent.parent.parent
    for meta in glob.glob(str(site / "cfn_lint-*.dist-info" / "METADATA")):
        for line in pathlib.Path(meta).read_text().splitlines():
            if line.startswith("Version: "):
                return line.split(": ", 1)[1]
    return "unknown"


def get_atts(raw: dict):
    """cfn-lint's Fn::GetAtt attribute names for the type, or None when they
    are exactly the read-only properties."""
    from cfnlint.schema._getatts import GetAtts
    from cfnlint.schema._schema import Schema as CfnLintSchema

    names = []
    for key in GetAtts(CfnLintSchema(raw)).attrs.data:
        # Keys are regexes in cfn-lint; the only non-literal ones end in
        # `\..*` ("Outputs.<anything>"), written here as `Outputs.*`.
        names.append(key.replace("\\..*", ".*"))
    read_only = [".".join(p.split("/")[2:]) for p in raw.get("readOnlyProperties", [])]
    if sorted(names) == sorted(read_only):
        return None
    return sorted(names)


def ensure_cfnlint_importable():
    try:
        import cfnlint  # noqa: F401
        return
    except ImportError:
        pass
    venv_python = ROOT / ".venv-lint" / "bin" / "python"
    if not venv_python.exists():
        sys.exit("cfn-lint is not importable and .venv-lint is missing; run scripts/setup-python")
    os.execv(str(venv_python), [str(venv_python), __file__, *sys.argv[1:]])


def main() -> int:
    ensure_cfnlint_importable()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", help="cfnlint/data/schemas directory (default: the one in .venv-lint)")
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    parser.add_argument("--index", type=pathlib.Path, default=DEFAULT_INDEX)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the outputs differ")
    args = parser.parse_args()

    schemas_dir = find_schemas_dir(args.schemas)
    version = installed_version(schemas_dir)
    if version != SOURCE_VERSION:
        sys.exit(f"cfn-lint {version} installed, {SOURCE_VERSION} pinned: install the pinned version")
    schema_date = json.loads((schemas_dir / "version.json").read_text()).get("schema_date", "")

    regions = []
    type_file = {}
    type_regions = {}
    sam_types = set()
    for path in sorted(glob.glob(str(schemas_dir / "providers" / "*.json"))):
        region = pathlib.Path(path).stem
        mapping = json.loads(pathlib.Path(path).read_text())
        if region == SAM_FILE:
            sam_types.update(mapping)
        else:
            regions.append(region)
        for type_name, file_id in mapping.items():
            if type_file.setdefault(type_name, file_id) != file_id:
                raise ValueError(f"{type_name} has different schemas per region; the catalog assumes one")
            if region != SAM_FILE:
                type_regions.setdefault(type_name, set()).add(region)
    if len(regions) > 64:
        raise ValueError("more than 64 regions: widen the bitset")
    region_bit = {r: i for i, r in enumerate(regions)}

    raw = {}
    digest = hashlib.sha256()
    for type_name in sorted(type_file):
        data = (schemas_dir / "resources" / f"{type_file[type_name]}.json").read_bytes()
        digest.update(type_name.encode() + b"\0" + data)
        raw[type_name] = json.loads(data)
        if raw[type_name]["typeName"] != type_name:
            raise ValueError(f"{type_name}: schema says {raw[type_name]['typeName']}")

    patch_total, patch_applied, mismatches = check_patches(schemas_dir, raw)

    stats = Stats()
    lines = []
    index = []
    offset = 0
    for type_name in sorted(raw):
        doc = reduce_schema(raw[type_name], stats)
        attrs = get_atts(raw[type_name])
        if attrs is not None:
            doc["getAtts"] = attrs
            stats.get_atts += 1
        line = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
        bits = 0
        for region in type_regions.get(type_name, ()):
            bits |= 1 << region_bit[region]
        index.append((type_name, offset, len(line), bits, type_name in sam_types))
        lines.append(line + b"\n")
        offset += len(line) + 1
    data = b"".join(lines)

    header = generated_header(
        "gen-cfn-catalog.py",
        SOURCE_PACKAGE,
        SOURCE_VERSION,
        SOURCE_LICENCE,
        f"folder `cfnlint/data/schemas` (schema_date {schema_date}; sha256 over type names and",
        f"schema files {digest.hexdigest()}).",
        f"{len(index)} types, {len(regions)} regions, data/schemas.jsonl {len(data)} bytes.",
    )
    out = [header]
    w = out.append
    w("use crate::catalog::TypeEntry;\n\n")
    w(f"/// Schema date of the source release.\npub(crate) const SCHEMA_DATE: &str = {rust_str(schema_date)};\n\n")
    w("/// Region codes; bit `i` of `TypeEntry::regions` is `REGIONS[i]`.\n")
    w(f"pub(crate) static REGIONS: [&str; {len(regions)}] = [\n")
    for r in regions:
        w(f"    {rust_str(r)},\n")
    w("];\n\n")
    w("/// Every type, sorted by name: its line in schemas.jsonl and its regions.\n")
    w(f"pub(crate) static TYPES: [TypeEntry; {len(index)}] = [\n")
    for name, off, length, bits, sam in index:
        w(f"    TypeEntry {{ name: {rust_str(name)}, offset: {off}, len: {length}, regions: {bits:#x}, sam: {'true' if sam else 'false'} }},\n")
    w("];\n")
    source = "".join(out)

    print(f"types: {len(index)} ({len(sam_types)} SAM), regions: {len(regions)}", file=sys.stderr)
    print(f"us-east-1 types: {sum(1 for t in type_regions.values() if 'us-east-1' in t)}", file=sys.stderr)
    print(f"source schema bytes: {sum(len(json.dumps(r)) for r in raw.values())}", file=sys.stderr)
    print(f"data: {len(data)} bytes, index: {len(source)} bytes", file=sys.stderr)
    print(f"$refs kept: {stats.refs}, property refs inlined: {stats.inlined_property_refs}, property help lines: {stats.help}", file=sys.stderr)
    print(f"types whose GetAtt names differ from their read-only properties: {stats.get_atts}", file=sys.stderr)
    print(f"cfn-lint patch operations: {patch_total}, already in the shipped schemas: {patch_applied}", file=sys.stderr)
    for m in mismatches:
        print(f"  patch not reflected: {m}", file=sys.stderr)

    return check_or_write(
        {args.data: data, args.index: source},
        args.check,
        what="catalog",
        wrote=f"wrote {os.path.relpath(args.data, ROOT)} and {os.path.relpath(args.index, ROOT)}",
    )


if __name__ == "__main__":
    sys.exit(main())
