//! References must name items of the stack, of the kind the property needs,
//! and ask only for values that kind has.

use super::{Finding, did_you_mean};
use crate::model::Path;
use crate::model::{Attr, Kind, StackDef};
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
            let help = if candidates.is_empty() {
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
                        target.kind().noun()
                    ),
                )
                .with_help(help),
            );
        }
    }
    findings
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
                        target.kind().noun(),
                        r.target.attr.method()
                    ),
                )
                .with_help(format!(
                    "use one of: {}",
                    has.iter()
                        .map(|m| format!("{m}()"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
    findings
}
