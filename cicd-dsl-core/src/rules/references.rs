//! References must name items of the stack, of the kind the property needs,
//! and ask only for values that kind has.

use super::{Finding, did_you_mean};
use crate::model::Path;
use crate::model::{Attr, Kind, Resource, ResourceKind, StackDef};
use crate::synth::item_ref_expr;

pub fn unknown_items(stack: &StackDef) -> Vec<Finding> {
    let names: Vec<&str> = stack.resources.iter().map(|r| r.id.as_str()).collect();
    stack
        .all_references()
        .into_iter()
        .filter(|(_, r)| stack.resource(&r.target.item).is_none())
        .map(|(from, r)| {
            let help = did_you_mean(&r.target.item, names.iter().copied(), || {
                format!(
                    "declare `{}` in the stack module, or refer to one of: {}",
                    r.target.item,
                    names.join(", ")
                )
            });
            Finding::error(
                "unknown-item",
                Path::new(from, r.field.clone()),
                format!("`{}` is not an item of this stack", r.target.item),
            )
            .with_help(help)
        })
        .collect()
}

pub fn wrong_kinds(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (from, r) in stack.all_references() {
        let (Some(expected), Some(target)) = (r.expected, stack.resource(&r.target.item)) else {
            continue;
        };
        if target.kind() != expected {
            let candidates: Vec<&str> = stack
                .resources
                .iter()
                .filter(|c| c.kind() == expected)
                .map(|c| c.id.as_str())
                .collect();
            let generic_of_the_type = target.cfn_type() == expected.cfn_type();
            let help = if generic_of_the_type {
                format!(
                    "the wiring needs a `#[{}]` item (it derives what the wiring implies); declare `{}` with `#[{}(...)]` instead of `#[resource({})]`",
                    expected.attribute(),
                    r.target.item,
                    expected.attribute(),
                    expected.cfn_type()
                )
            } else if candidates.is_empty() {
                format!("declare {} and refer to it here", expected.noun())
            } else {
                format!(
                    "{} of this stack: {}",
                    plural(expected),
                    candidates.join(", ")
                )
            };
            findings.push(
                Finding::error(
                    "wrong-kind",
                    Path::new(from, r.field.clone()),
                    format!(
                        "expected {} here, but `{}` is {}",
                        expected.noun(),
                        r.target.item,
                        described(target)
                    ),
                )
                .with_help(help),
            );
        }
    }
    findings
}

/// For a generic item, the attributes `attr("...")` can read.
fn attributes_hint(resource: &Resource) -> String {
    let ResourceKind::Generic(g) = &resource.kind else {
        return String::new();
    };
    let Some(schema) = cicd_dsl_cfn::Catalog::schema(&g.type_name) else {
        return String::new();
    };
    // The read-only properties are the attributes proper; some types also
    // let `Fn::GetAtt` read every property, which would drown them.
    let mut attributes = schema.read_only();
    if attributes.is_empty() {
        attributes = schema.attributes();
    }
    let names: Vec<String> = attributes
        .iter()
        .map(|a| format!("attr(\"{a}\")"))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(", {}", super::support::list_truncated(&names, 8))
    }
}

/// How an item reads in a message: its kind's noun, or a generic item's type.
fn described(resource: &Resource) -> String {
    match &resource.kind {
        ResourceKind::Generic(g) => format!("a generic `{}`", g.type_name),
        _ => resource.kind().noun().to_owned(),
    }
}

fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Bucket => "the S3 buckets",
        Kind::Repository => "the ECR repositories",
        Kind::LogGroup => "the log groups",
        Kind::Role => "the IAM roles",
        Kind::Project => "the CodeBuild projects",
        Kind::Function => "the Lambda functions",
        Kind::Pipeline => "the pipelines",
        Kind::Rule => "the EventBridge rules",
        Kind::Generic => "the generic items",
    }
}

pub fn missing_attributes(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (from, r) in stack.all_references() {
        let Some(target) = stack.resource(&r.target.item) else {
            continue;
        };
        if item_ref_expr(target.kind(), &r.target).is_none() {
            let has: Vec<&str> = [Attr::Name, Attr::Arn, Attr::Uri]
                .into_iter()
                .filter(|a| {
                    item_ref_expr(
                        target.kind(),
                        &crate::model::ItemRef::new(&r.target.item, a.clone()),
                    )
                    .is_some()
                })
                .map(|a| a.method())
                .collect();
            findings.push(
                Finding::error(
                    "no-such-value",
                    Path::new(from, r.field.clone()),
                    format!(
                        "`{}` is {} and has no `{}()`",
                        r.target.item,
                        described(target),
                        r.target.attr.method()
                    ),
                )
                .with_help(format!(
                    "use one of: {}{}",
                    has.iter()
                        .map(|m| format!("{m}()"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    attributes_hint(target)
                )),
            );
        }
    }
    findings
}
