//! CloudFormation's template limits: output names, and how many outputs and
//! resources one stack may have.

use super::Finding;
use crate::model::Path;
use crate::model::{ResourceKind, StackDef};
use crate::synth::permissions::role_permissions;
use std::collections::BTreeSet;

pub const MAX_OUTPUTS: usize = 200;
pub const MAX_RESOURCES: usize = 500;
pub const MAX_NAME: usize = 255;

/// Output names are logical IDs: `A-Za-z0-9`, 1-255, unique.
pub fn output_names(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut seen = BTreeSet::new();
    for output in &stack.outputs {
        let name = &output.name;
        let len = name.chars().count();
        if len == 0 || len > MAX_NAME || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            let fixed: String = name
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(MAX_NAME)
                .collect();
            let mut help = format!("output names are 1-{MAX_NAME} letters and digits");
            if !fixed.is_empty() && fixed != *name {
                help.push_str(&format!(", e.g. \"{fixed}\""));
            }
            findings.push(
                Finding::error(
                    "output-name",
                    Path::new(name, "name"),
                    format!("\"{name}\" is not a valid output name"),
                )
                .with_help(help),
            );
        }
        if !seen.insert(name.as_str()) {
            findings.push(
                Finding::error(
                    "duplicate-output",
                    Path::new(name, "name"),
                    format!("the stack already has an output named \"{name}\""),
                )
                .with_help("give each output its own name"),
            );
        }
    }
    if stack.outputs.len() > MAX_OUTPUTS {
        let last = &stack.outputs[stack.outputs.len() - 1].name;
        findings.push(
            Finding::error(
                "too-many-outputs",
                Path::item(last),
                format!(
                    "the stack has {} outputs; CloudFormation allows {MAX_OUTPUTS}",
                    stack.outputs.len()
                ),
            )
            .with_help("remove outputs, or split the stack"),
        );
    }
    findings
}

/// The template's resources: one per item, plus a bucket's TLS policy and a
/// role's policy when it has permissions (as `synth` emits them).
pub fn template_resource_count(stack: &StackDef) -> usize {
    stack
        .resources
        .iter()
        .map(|resource| {
            1 + usize::from(match &resource.kind {
                ResourceKind::Bucket(b) => b.tls_only,
                ResourceKind::Role(_) => !role_permissions(stack, &resource.id).is_empty(),
                _ => false,
            })
        })
        .sum()
}

pub fn resource_count(stack: &StackDef) -> Vec<Finding> {
    // Cheap bound first: the count is at most twice the items.
    if stack.resources.len() * 2 <= MAX_RESOURCES {
        return Vec::new();
    }
    let count = template_resource_count(stack);
    if count <= MAX_RESOURCES {
        return Vec::new();
    }
    let last = &stack.resources[stack.resources.len() - 1].id;
    vec![
        Finding::error(
            "too-many-resources",
            Path::item(last),
            format!(
                "the stack would have {count} CloudFormation resources (items and their policies); the limit is {MAX_RESOURCES}"
            ),
        )
        .with_help("split the stack into several stacks"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bucket, LogGroup, Output, Resource, Value};

    fn output(name: &str) -> Output {
        Output {
            name: name.into(),
            value: Value::Literal("x".into()),
            description: None,
        }
    }

    fn stack(resources: Vec<Resource>, outputs: Vec<Output>) -> StackDef {
        StackDef {
            outputs,
            moved: Default::default(),
            ..StackDef::new("s", resources)
        }
    }

    #[test]
    fn output_name_rules() {
        let s = stack(
            vec![],
            vec![
                output("artifactBucketName"),
                output("ecr-url"),
                output("artifactBucketName"),
            ],
        );
        let f = output_names(&s);
        let rules: Vec<_> = f.iter().map(|f| (f.rule, f.item.as_str())).collect();
        assert_eq!(
            rules,
            [
                ("output-name", "ecr-url"),
                ("duplicate-output", "artifactBucketName")
            ]
        );
        assert!(f[0].help.as_deref().unwrap().contains("\"ecrurl\""));
    }

    #[test]
    fn output_count() {
        let outputs = (0..201).map(|i| output(&format!("O{i}"))).collect();
        let f = output_names(&stack(vec![], outputs));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "too-many-outputs");
    }

    #[test]
    fn resource_count_includes_bucket_policies() {
        let buckets = |n: usize| {
            (0..n)
                .map(|i| Resource::new(format!("B{i}"), ResourceKind::Bucket(Bucket::default())))
                .collect::<Vec<_>>()
        };
        // 250 TLS-only buckets are 500 resources: at the limit.
        assert!(resource_count(&stack(buckets(250), vec![])).is_empty());
        let f = resource_count(&stack(buckets(251), vec![]));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("502"), "{}", f[0].message);
        let logs: Vec<_> = (0..500)
            .map(|i| Resource::new(format!("L{i}"), ResourceKind::LogGroup(LogGroup::default())))
            .collect();
        assert!(resource_count(&stack(logs, vec![])).is_empty());
    }
}
