//! Generic items against their type's resource schema (`cicd-dsl-cfn`):
//! the type exists, every property is one the schema defines with a value
//! it accepts, `Fn::GetAtt` asks only for attributes the type has, and a
//! reference lands only where the schema accepts that type's values.
//!
//! The schemas are the registry's, as cfn-lint ships them, and the
//! validator follows cfn-lint's leniency (scalars coerce; references
//! satisfy every constraint but an impossible type), so no check rejects
//! what cfn-lint accepts.
//!
//! Paths: a value is reported under `field(name)` steps (object entries,
//! whether the schema calls them properties or map keys) and `index(i)`
//! steps; a finding about an entry's name (unknown, read-only, deprecated)
//! under `key(name)` of the object holding it, where the macros record the
//! key's token; a finding about the whole item under `type`.

use super::support::list_truncated;
use super::{Finding, did_you_mean};
use crate::model::{
    Attr, FieldPath, Generic, Kind, Path, PropValue, Reference, Resource, ResourceKind, StackDef,
};
use crate::synth::generic::properties;
use cicd_dsl_cfn::{
    Additional, Catalog, JsonType, PathSegment, ResourceSchema, Schema, Severity, Violation,
    ViolationKind,
};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Where a finding about a generic item as a whole is reported: its type.
pub fn type_path() -> FieldPath {
    FieldPath::root().field("type")
}

/// The generic items of the stack.
fn generic_items(stack: &StackDef) -> impl Iterator<Item = (&Resource, &Generic)> {
    stack.resources.iter().filter_map(|r| match &r.kind {
        ResourceKind::Generic(g) => Some((r, g)),
        _ => None,
    })
}

/// Each type the stack's generic items use, decoded once.
fn schemas(stack: &StackDef) -> BTreeMap<&str, &'static ResourceSchema> {
    let mut out = BTreeMap::new();
    for (_, g) in generic_items(stack) {
        if !out.contains_key(g.type_name.as_str())
            && let Some(schema) = Catalog::schema(&g.type_name)
        {
            out.insert(g.type_name.as_str(), schema);
        }
    }
    out
}

/// `cfn-unknown-type`: the catalog has no such type.
pub fn unknown_types(stack: &StackDef) -> Vec<Finding> {
    generic_items(stack)
        .filter(|(_, g)| !Catalog::contains(&g.type_name))
        .map(|(r, g)| {
            let help = did_you_mean(&g.type_name, Catalog::type_names(), || {
                "write the type as CloudFormation names it, e.g. `AWS::SQS::Queue` (see the AWS resource and property types reference)".to_owned()
            });
            Finding::error(
                "cfn-unknown-type",
                Path::new(&r.id, type_path()),
                format!("`{}` is not a CloudFormation resource type", g.type_name),
            )
            .with_help(help)
        })
        .collect()
}

/// Every schema violation of every generic item's properties.
pub fn property_values(stack: &StackDef) -> Vec<Finding> {
    let schemas = schemas(stack);
    let kind_of = |id: &str| stack.resource(id).map(Resource::kind);
    let mut findings = Vec::new();
    for (resource, generic) in generic_items(stack) {
        let Some(schema) = schemas.get(generic.type_name.as_str()) else {
            continue;
        };
        let props = properties(
            generic,
            Some(schema),
            resource.description.as_deref(),
            &resource.tags,
            kind_of,
        );
        let violations = cicd_dsl_cfn::validate(schema, &Json::Object(props));
        for violation in &violations {
            if !mirrors_an_earlier(&violations, violation) {
                findings.push(violation_finding(resource, generic, schema, violation));
            }
        }
        findings.extend(untaggable(resource, generic, schema));
    }
    findings
}

/// `A` excludes `B` and `B` excludes `A`: one mistake, reported once.
fn mirrors_an_earlier(all: &[Violation], violation: &Violation) -> bool {
    let ViolationKind::DependentExcluded { property, excluded } = &violation.kind else {
        return false;
    };
    all.iter()
        .take_while(|v| !std::ptr::eq(*v, violation))
        .any(|v| {
            v.path == violation.path
                && matches!(&v.kind, ViolationKind::DependentExcluded { property: p, excluded: e }
                    if p == excluded && e == property)
        })
}

/// `tags(...)` on a type that has no tags.
fn untaggable(resource: &Resource, generic: &Generic, schema: &ResourceSchema) -> Option<Finding> {
    let first = resource.tags.keys().next()?;
    let info = schema.tags();
    let at = Path::new(&resource.id, FieldPath::tag(first));
    let mergeable = matches!(
        info.shape,
        Some(cicd_dsl_cfn::TagShape::KeyValueList | cicd_dsl_cfn::TagShape::Map)
    );
    match info.property {
        Some(property) if info.taggable && mergeable && !property.contains('.') => None,
        Some(property) if info.taggable => Some(
            Finding::error(
                "cfn-unknown-property",
                at,
                format!(
                    "`tags(...)` cannot be merged into `{}`'s tag property `{property}`, whose shape is its own",
                    generic.type_name
                ),
            )
            .with_help(format!(
                "remove `tags(...)` and set `{property}` as the type's schema describes"
            )),
        ),
        _ => Some(
            Finding::error(
                "cfn-unknown-property",
                at,
                format!("`{}` cannot be tagged", generic.type_name),
            )
            .with_help("remove `tags(...)` from this item; its type has no tag property"),
        ),
    }
}

/// The path of a violation in the item's properties, entry names as fields.
fn value_path(path: &[PathSegment]) -> FieldPath {
    path.iter()
        .fold(FieldPath::root(), |at, segment| match segment {
            PathSegment::Property(name) | PathSegment::Key(name) => at.field(name),
            PathSegment::Index(i) => at.index(*i),
        })
}

/// The token a violation is about: the entry's name for findings about a
/// name, the value otherwise, the type for the item as a whole.
fn violation_path(violation: &Violation) -> FieldPath {
    let about_name = |name: &str, includes_name: bool| {
        let parent = if includes_name {
            &violation.path[..violation.path.len().saturating_sub(1)]
        } else {
            &violation.path[..]
        };
        value_path(parent).key(name)
    };
    match &violation.kind {
        ViolationKind::UnknownProperty { name, .. } => about_name(name, false),
        ViolationKind::KeyNotAllowed { key, .. } => about_name(key, true),
        ViolationKind::ReadOnlySet { name } | ViolationKind::Deprecated { name } => {
            about_name(name, true)
        }
        ViolationKind::DependentExcluded { excluded: name, .. }
        | ViolationKind::DependentRequired { property: name, .. } => about_name(name, false),
        ViolationKind::RequiredXor { set, .. } if set.len() > 1 => about_name(&set[1], false),
        ViolationKind::DuplicateItems { second, .. } => value_path(&violation.path).index(*second),
        _ if violation.path.is_empty() => type_path(),
        _ => value_path(&violation.path),
    }
}

/// The rule id of a violation.
pub fn rule_id(kind: &ViolationKind) -> &'static str {
    use ViolationKind::*;
    match kind {
        UnknownProperty { .. } | KeyNotAllowed { .. } => "cfn-unknown-property",
        WrongType { .. } => "cfn-type",
        NotInEnum { .. } => "cfn-enum",
        BelowMinimum { .. } | AboveMaximum { .. } | NotMultipleOf { .. } => "cfn-range",
        TooShort { .. }
        | TooLong { .. }
        | TooFewItems { .. }
        | TooManyItems { .. }
        | TooFewProperties { .. }
        | TooManyProperties { .. } => "cfn-length",
        PatternMismatch { .. } => "cfn-pattern",
        MissingRequired { .. }
        | RequiredOr { .. }
        | DependentRequired { .. }
        | AnyOfNone { .. }
        | OneOfNone { .. } => "cfn-required",
        RequiredXor { .. } | OneOfSeveral { .. } | DependentExcluded { .. } => "cfn-exclusive",
        DuplicateItems { .. } | Forbidden { .. } => "cfn-value",
        ReadOnlySet { .. } => "cfn-read-only",
        Deprecated { .. } => "cfn-deprecated",
    }
}

fn violation_finding(
    resource: &Resource,
    generic: &Generic,
    schema: &ResourceSchema,
    violation: &Violation,
) -> Finding {
    let at = Path::new(&resource.id, violation_path(violation));
    let what = if violation.path.is_empty() {
        format!("`{}`", generic.type_name)
    } else {
        format!("`{}` of `{}`", violation.path_string(), generic.type_name)
    };
    let message = match &violation.kind {
        // The suggestion goes to the help line.
        ViolationKind::UnknownProperty { name, .. } => format!("{what}: unknown property `{name}`"),
        kind => format!("{what}: {kind}"),
    };
    schema_finding(schema, violation, at, message)
}

/// A violation as a finding at `at`: its rule id, its severity and the
/// fix. Shared with the checks of what built-in items synthesize.
pub(super) fn schema_finding(
    schema: &ResourceSchema,
    violation: &Violation,
    at: Path,
    message: String,
) -> Finding {
    let rule = rule_id(&violation.kind);
    let finding = match violation.severity() {
        Severity::Error => Finding::error(rule, at, message),
        Severity::Warning => Finding::warning(rule, at, message),
    };
    finding.with_help(help(schema, violation))
}

/// The fix, in one sentence.
fn help(schema: &ResourceSchema, violation: &Violation) -> String {
    use ViolationKind::*;
    let node = schema_at(schema, &violation.path);
    match &violation.kind {
        UnknownProperty { name, suggestion } => {
            let names: Vec<&str> = node
                .map(|n| n.properties.keys().map(String::as_str).collect())
                .unwrap_or_default();
            did_you_mean(name, names.iter().copied(), || match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "property names are spelled as CloudFormation spells them; here: {}",
                    list_truncated(&names, 12)
                ),
            })
        }
        KeyNotAllowed { patterns, .. } => {
            format!("keys here must match {}", patterns.join(" or "))
        }
        WrongType { expected, .. } => {
            let forms: Vec<&str> = expected
                .iter()
                .map(|t| match t {
                    JsonType::String => "a string `\"...\"`",
                    JsonType::Integer => "an integer",
                    JsonType::Number => "a number",
                    JsonType::Boolean => "`true` or `false`",
                    JsonType::Array => "a list `[a, b]`",
                    JsonType::Object => "an object `{ Key = value }`",
                    JsonType::Null => "null",
                })
                .collect();
            format!("write {} here", forms.join(" or "))
        }
        NotInEnum { allowed, found, .. } => enum_help(allowed, found),
        BelowMinimum { .. } | AboveMaximum { .. } => range_help(node),
        NotMultipleOf { multiple_of, .. } => format!("use a multiple of {multiple_of}"),
        TooShort { min_length, .. } => match node.and_then(|n| n.max_length) {
            Some(max) => format!("use {min_length} to {max} characters"),
            None => format!("use at least {min_length} characters"),
        },
        TooLong { max_length, .. } => match node.and_then(|n| n.min_length) {
            Some(min) => format!("use {min} to {max_length} characters"),
            None => format!("use at most {max_length} characters"),
        },
        TooFewItems { min_items, .. } => format!("give at least {min_items} items"),
        TooManyItems { max_items, .. } => format!("give at most {max_items} items"),
        TooFewProperties { min_properties, .. } => {
            format!("give at least {min_properties} entries")
        }
        TooManyProperties { max_properties, .. } => {
            format!("give at most {max_properties} entries")
        }
        PatternMismatch { pattern, found } => match first_char_outside(pattern, found) {
            Some(c) => format!(
                "remove {}: the schema's pattern `{pattern}` does not allow that character",
                describe_char(c)
            ),
            None => format!("the value must match the schema's pattern `{pattern}`"),
        },
        MissingRequired { name } => {
            let about = node
                .and_then(|n| n.properties.get(name))
                .and_then(|p| p.description.as_deref())
                .map(|d| format!(" ({})", d.trim_end_matches('.')))
                .unwrap_or_default();
            format!("add `{name} = ...`{about}")
        }
        ReadOnlySet { name } => {
            format!("remove it: CloudFormation sets `{name}`; read it with `Item.attr(\"{name}\")`")
        }
        Deprecated { name } => format!("`{name}` still works but is deprecated; remove it"),
        RequiredOr { names } => format!("set one of: {}", names.join(", ")),
        RequiredXor { names, .. } => format!("set exactly one of: {}", names.join(", ")),
        DependentRequired { missing, .. } => format!("add `{missing} = ...`"),
        DependentExcluded { excluded, .. } => format!("remove `{excluded}`"),
        OneOfNone { alternatives } | AnyOfNone { alternatives }
            if alternatives.iter().all(Vec::is_empty) =>
        {
            shapes_help(schema, node)
        }
        OneOfNone { .. } | AnyOfNone { .. } | OneOfSeveral { .. } => {
            "set the properties of exactly one of the alternatives listed".to_owned()
        }
        DuplicateItems { second, .. } => format!("remove item {second}"),
        Forbidden { .. } => "use another value".to_owned(),
    }
}

/// For a pattern that is one character class repeated (`^[a-z0-9-]*$`,
/// the usual shape of a name or description rule), the first character of
/// `found` the class does not take.
fn first_char_outside(pattern: &str, found: &str) -> Option<char> {
    let class = pattern
        .strip_prefix("^[")?
        .strip_suffix("]*$")
        .or_else(|| pattern.strip_prefix("^[")?.strip_suffix("]+$"))?;
    let single = format!("^[{class}]$");
    found
        .chars()
        .find(|c| !cicd_dsl_cfn::pattern_matches(&single, &c.to_string()))
}

/// A character as a help line names it: invisible ones in words.
fn describe_char(c: char) -> String {
    match c {
        ' ' => "the space".to_owned(),
        '\n' | '\r' => "the line break".to_owned(),
        '\t' => "the tab".to_owned(),
        c => format!("`{c}`"),
    }
}

/// The nearest allowed value: by spelling for text, by value for numbers.
fn enum_help(allowed: &[Json], found: &Json) -> String {
    let texts: Vec<String> = allowed
        .iter()
        .map(|v| match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let all = || format!("use one of: {}", list_truncated(&texts, 24));
    if let Some(n) = found.as_f64().or_else(|| found.as_str()?.parse().ok())
        && allowed.iter().all(Json::is_number)
    {
        let below = allowed
            .iter()
            .filter_map(Json::as_f64)
            .filter(|a| *a < n)
            .reduce(f64::max);
        let above = allowed
            .iter()
            .filter_map(Json::as_f64)
            .filter(|a| *a > n)
            .reduce(f64::min);
        let show = |v: f64| Json::from(v).to_string().trim_end_matches(".0").to_owned();
        return match (below, above) {
            (Some(b), Some(a)) => {
                format!("the nearest allowed values are {} and {}", show(b), show(a))
            }
            (Some(v), None) | (None, Some(v)) => {
                format!("the nearest allowed value is {}", show(v))
            }
            (None, None) => all(),
        };
    }
    did_you_mean(
        found.as_str().unwrap_or_default(),
        texts.iter().map(String::as_str),
        all,
    )
}

/// The shapes a `oneOf`/`anyOf` allows when its alternatives name no
/// properties: `a list of objects with AttributeName, KeyType or an object`.
fn shapes_help(schema: &ResourceSchema, node: Option<&Schema>) -> String {
    let describe = |alt: &Schema| -> String {
        let alt = schema.resolve(alt);
        let with = |s: &Schema| {
            let s = schema.resolve(s);
            if s.required.is_empty() {
                String::new()
            } else {
                format!(" with {}", s.required.join(", "))
            }
        };
        match alt.types.first() {
            Some(JsonType::Array) => match alt.items.as_deref() {
                Some(item) => format!("a list of items{}", with(item)),
                None => "a list".to_owned(),
            },
            Some(JsonType::Object) => format!("an object{}", with(alt)),
            Some(t) => format!("a value of type {t}"),
            None => "another shape".to_owned(),
        }
    };
    match node {
        Some(n) if !n.one_of.is_empty() || !n.any_of.is_empty() => {
            let shapes: Vec<String> = n.one_of.iter().chain(&n.any_of).map(describe).collect();
            format!("write one of: {}", shapes.join("; or "))
        }
        _ => "write the value in one of the shapes the schema allows".to_owned(),
    }
}

fn range_help(node: Option<&Schema>) -> String {
    let number = |n: f64| {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            n.to_string()
        }
    };
    let lower = node.and_then(|n| n.minimum.or(n.exclusive_minimum));
    let upper = node.and_then(|n| n.maximum.or(n.exclusive_maximum));
    match (lower, upper) {
        (Some(lo), Some(hi)) => format!("use a value from {} to {}", number(lo), number(hi)),
        (Some(lo), None) => format!("use at least {}", number(lo)),
        (None, Some(hi)) => format!("use at most {}", number(hi)),
        (None, None) => "use a value in the schema's range".to_owned(),
    }
}

/// The schema node at a violation path, `$ref`s followed; `None` where the
/// path goes through a combinator or an open map.
fn schema_at<'a>(schema: &'a ResourceSchema, path: &[PathSegment]) -> Option<&'a Schema> {
    let mut node = schema.resolve(&schema.root);
    for segment in path {
        let next = match segment {
            PathSegment::Property(name) | PathSegment::Key(name) => {
                node.properties.get(name).or_else(|| {
                    node.pattern_properties
                        .iter()
                        .find(|(p, _)| cicd_dsl_cfn::pattern_matches(p, name))
                        .map(|(_, s)| s)
                        .or(match &node.additional_properties {
                            Some(Additional::Schema(s)) => Some(s.as_ref()),
                            _ => None,
                        })
                })?
            }
            PathSegment::Index(_) => node.items.as_deref()?,
        };
        node = schema.resolve(next);
    }
    Some(node)
}

/// The same, for a path the user wrote.
fn schema_at_field<'a>(schema: &'a ResourceSchema, field: &FieldPath) -> Option<&'a Schema> {
    let path: Vec<PathSegment> = field
        .steps()
        .iter()
        .map(|step| match step {
            crate::model::Step::Field(n) | crate::model::Step::Key(n) => {
                PathSegment::Property(n.clone())
            }
            crate::model::Step::Index(i) => PathSegment::Index(*i),
        })
        .collect();
    schema_at(schema, &path)
}

/// `cfn-get-att`: `Item.attr("X")` (anywhere) and `Item.arn()` on a generic
/// item ask for an attribute the target's type has.
pub fn get_att_attributes(stack: &StackDef) -> Vec<Finding> {
    let mut cache: BTreeMap<String, Option<&'static ResourceSchema>> = BTreeMap::new();
    let mut findings = Vec::new();
    for (from, reference) in stack.all_references() {
        let Some(target) = stack.resource(&reference.target.item) else {
            continue;
        };
        let attribute = match (&reference.target.attr, target.kind()) {
            (Attr::Get(name), _) => name.clone(),
            (Attr::Arn, Kind::Generic) => "Arn".to_owned(),
            _ => continue,
        };
        // The type the target synthesizes to: a built-in kind's or its own.
        let type_name = target.cfn_type();
        let entry = cache
            .entry(type_name.to_owned())
            .or_insert_with(|| Catalog::schema(type_name));
        let Some(schema) = entry else {
            continue;
        };
        if schema.has_attribute(&attribute) {
            continue;
        }
        let attributes = schema.attributes();
        let mut listed = schema.read_only();
        if listed.is_empty() {
            listed = attributes.clone();
        }
        let help = did_you_mean(&attribute, attributes.iter().map(String::as_str), || {
            if attributes.is_empty() {
                format!("`{type_name}` has no attributes; use `{}` (Ref)", target.id)
            } else {
                format!(
                    "`{type_name}` has: {}",
                    list_truncated(
                        &listed
                            .iter()
                            .map(|a| format!("attr(\"{a}\")"))
                            .collect::<Vec<_>>(),
                        12
                    )
                )
            }
        });
        findings.push(
            Finding::error(
                "cfn-get-att",
                Path::new(from, reference.field.clone()),
                format!(
                    "`{}` is `{type_name}`, which has no attribute `{attribute}`",
                    target.id
                ),
            )
            .with_help(help),
        );
    }
    findings
}

/// `cfn-ref-type`: the schema says which type's value a property takes
/// (cfn-lint's `format`, such as `AWS::IAM::Role.Arn`, or the registry's
/// `relationshipRef`), and an attribute reference names an item of another
/// type. `Ref` is not judged: what it returns varies by type.
pub fn reference_types(stack: &StackDef) -> Vec<Finding> {
    let schemas = schemas(stack);
    let mut findings = Vec::new();
    for (resource, generic) in generic_items(stack) {
        let Some(schema) = schemas.get(generic.type_name.as_str()) else {
            continue;
        };
        for reference in generic.references() {
            if !direct_reference(generic, &reference) || matches!(reference.target.attr, Attr::Name)
            {
                continue;
            }
            let Some(target) = stack.resource(&reference.target.item) else {
                continue;
            };
            let Some(node) = schema_at_field(schema, &reference.field) else {
                continue;
            };
            let Some(wanted) = wanted_type(node) else {
                continue;
            };
            if target.cfn_type() == wanted || target.cfn_type().is_empty() {
                continue;
            }
            let candidates: Vec<&str> = stack
                .resources
                .iter()
                .filter(|r| r.cfn_type() == wanted)
                .map(|r| r.id.as_str())
                .collect();
            let help = if candidates.is_empty() {
                format!("refer to an item of type `{wanted}` here")
            } else {
                format!("items of type `{wanted}`: {}", candidates.join(", "))
            };
            findings.push(
                Finding::error(
                    "cfn-ref-type",
                    Path::new(&resource.id, reference.field.clone()),
                    format!(
                        "`{}` takes a value of `{wanted}`, but `{}` is `{}`",
                        reference.field,
                        target.id,
                        target.cfn_type()
                    ),
                )
                .with_help(help),
            );
        }
    }
    findings
}

/// Whether the reference is the whole value at its path (not part of a
/// `sub(...)` string, which may build anything).
fn direct_reference(generic: &Generic, reference: &Reference) -> bool {
    let mut steps = reference.field.steps().iter();
    let Some(crate::model::Step::Field(first)) = steps.next() else {
        return false;
    };
    let mut value = generic.properties.get(first);
    for step in steps {
        value = match (value, step) {
            (Some(PropValue::List(items)), crate::model::Step::Index(i)) => items.get(*i),
            (Some(PropValue::Object(entries)), crate::model::Step::Field(k)) => {
                entries.iter().find(|(name, _)| name == k).map(|(_, v)| v)
            }
            _ => None,
        };
    }
    matches!(value, Some(PropValue::Ref(_)))
}

/// `AWS::IAM::Role` from `format: AWS::IAM::Role.Arn` or a `relationshipRef`.
fn wanted_type(node: &Schema) -> Option<&str> {
    if let Some(format) = node.format.as_deref()
        && format.starts_with("AWS::")
        && let Some((type_name, _)) = format.rsplit_once('.')
    {
        return Some(type_name);
    }
    node.relationship_ref.as_ref().map(|r| r.type_name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemRef, Role, StackDef};

    fn stack(resources: Vec<Resource>) -> StackDef {
        StackDef {
            name: "s".into(),
            description: None,
            tags: BTreeMap::new(),
            resources,
            outputs: Vec::new(),
            moved: Default::default(),
        }
    }

    fn generic(id: &str, g: Generic) -> Resource {
        Resource::new(id, ResourceKind::Generic(g))
    }

    fn num(n: &str) -> PropValue {
        PropValue::Number(n.into())
    }

    #[test]
    fn an_unknown_type_gets_the_nearest_name() {
        let s = stack(vec![generic("Q", Generic::new("AWS::SQS::Queu"))]);
        let found = unknown_types(&s);
        assert_eq!(found[0].rule, "cfn-unknown-type");
        assert_eq!(found[0].field, Some(type_path()));
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `AWS::SQS::Queue`?")
        );
    }

    #[test]
    fn violations_land_on_the_value_or_the_key() {
        let q = Generic::new("AWS::SQS::Queue")
            .with("MessageRetentionPeriod", num("30"))
            .with("VisibilityTimeot", num("30"))
            .with("Arn", PropValue::String("x".into()));
        let found = property_values(&stack(vec![generic("Q", q)]));
        let by_rule = |rule: &str| found.iter().find(|f| f.rule == rule).unwrap();
        let range = by_rule("cfn-range");
        assert_eq!(
            range.field,
            Some(FieldPath::root().field("MessageRetentionPeriod"))
        );
        assert_eq!(
            range.help.as_deref(),
            Some("use a value from 60 to 1209600")
        );
        let unknown = by_rule("cfn-unknown-property");
        assert_eq!(
            unknown.field,
            Some(FieldPath::root().key("VisibilityTimeot"))
        );
        assert_eq!(
            unknown.help.as_deref(),
            Some("did you mean `VisibilityTimeout`?")
        );
        assert_eq!(
            by_rule("cfn-read-only").field,
            Some(FieldPath::root().key("Arn"))
        );
    }

    #[test]
    fn missing_required_is_reported_at_the_type() {
        let found = property_values(&stack(vec![generic(
            "T",
            Generic::new("AWS::SSM::Parameter"),
        )]));
        assert!(
            found
                .iter()
                .any(|f| f.rule == "cfn-required" && f.field == Some(type_path())),
            "{found:?}"
        );
    }

    #[test]
    fn a_shape_mismatch_names_the_shapes() {
        let key = PropValue::object([("AttributeName", PropValue::String("id".into()))]);
        let table = Generic::new("AWS::DynamoDB::Table")
            .with("KeySchema", PropValue::List(vec![key]))
            .with(
                "AttributeDefinitions",
                PropValue::List(vec![PropValue::object([
                    ("AttributeName", PropValue::String("id".into())),
                    ("AttributeType", PropValue::String("S".into())),
                ])]),
            );
        let found = property_values(&stack(vec![generic("T", table)]));
        let help: Vec<&str> = found.iter().filter_map(|f| f.help.as_deref()).collect();
        assert!(help.iter().any(|h| h.contains("KeyType")), "{found:?}");
    }

    #[test]
    fn item_tags_on_a_type_without_tags_are_reported_at_the_tag() {
        let mut permission = generic(
            "P",
            Generic::new("AWS::Lambda::Permission")
                .with("Action", PropValue::String("lambda:InvokeFunction".into()))
                .with("FunctionName", PropValue::String("f".into()))
                .with(
                    "Principal",
                    PropValue::String("events.amazonaws.com".into()),
                ),
        );
        permission.tags.insert("team".into(), "a".into());
        let mut queue = generic("Q", Generic::new("AWS::SQS::Queue"));
        queue.tags.insert("team".into(), "a".into());
        let found = property_values(&stack(vec![permission, queue]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].item, "P");
        assert_eq!(found[0].field, Some(FieldPath::tag("team")));
        assert!(found[0].message.contains("cannot be tagged"));
    }

    #[test]
    fn get_att_names_an_attribute_of_the_type() {
        let q = generic("Q", Generic::new("AWS::SQS::Queue"));
        let user = generic(
            "P",
            Generic::new("AWS::SSM::Parameter")
                .with(
                    "Value",
                    PropValue::Ref(ItemRef::new("Q", Attr::Get("QueueUrll".into()))),
                )
                .with("Type", PropValue::String("String".into())),
        );
        let found = get_att_attributes(&stack(vec![q, user]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].help.as_deref(), Some("did you mean `QueueUrl`?"));
    }

    #[test]
    fn an_arn_of_the_wrong_type_is_named() {
        let role = Resource::new("R", ResourceKind::Role(Role::default()));
        let q = generic("Q", Generic::new("AWS::SQS::Queue"));
        let state_machine = generic(
            "M",
            Generic::new("AWS::StepFunctions::StateMachine")
                .with("RoleArn", PropValue::Ref(ItemRef::new("Q", Attr::Arn))),
        );
        let found = reference_types(&stack(vec![role, q, state_machine]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "cfn-ref-type");
        assert_eq!(
            found[0].help.as_deref(),
            Some("items of type `AWS::IAM::Role`: R")
        );
    }
}
