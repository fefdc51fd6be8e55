//! Tags: keys and values AWS accepts, and no more than a resource can hold.
//!
//! The character set is the strictest one among the kinds the DSL declares
//! (IAM's `[\p{L}\p{Z}\p{N}_.:/=+\-@]`): stack tags land on every resource,
//! roles included, so a tag must be valid for all of them.
//!
//! Findings about the stack's own tags use the stack name as `item`.

use super::Finding;
use crate::model::StackDef;
use crate::model::{FieldPath, Path};
use std::collections::BTreeMap;

pub const MAX_TAGS: usize = 50;
pub const MAX_KEY: usize = 128;
pub const MAX_VALUE: usize = 256;

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

/// What is wrong with one tag, if anything.
pub fn tag_problem(key: &str, value: &str) -> Option<String> {
    let key_len = key.chars().count();
    if key_len == 0 || key_len > MAX_KEY {
        return Some(format!(
            "the key has {key_len} characters (1-{MAX_KEY} allowed)"
        ));
    }
    if key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
        return Some("keys starting with `aws:` are reserved for AWS".into());
    }
    let value_len = value.chars().count();
    if value_len > MAX_VALUE {
        return Some(format!(
            "the value has {value_len} characters (at most {MAX_VALUE})"
        ));
    }
    if let Some(c) = key.chars().chain(value.chars()).find(|c| !allowed(*c)) {
        return Some(format!("`{}` is not allowed in tags", c.escape_debug()));
    }
    None
}

const HELP: &str = "tag keys are 1-128 and values 0-256 letters, digits, spaces and `_.:/=+-@`; keys must not start with `aws:`";

fn check_tags(item: &str, tags: &BTreeMap<String, String>, findings: &mut Vec<Finding>) {
    for (key, value) in tags {
        if let Some(problem) = tag_problem(key, value) {
            findings.push(
                Finding::error(
                    "tag",
                    Path::new(item, FieldPath::tag(key)),
                    format!("the tag `{key}` is invalid: {problem}"),
                )
                .with_help(HELP),
            );
        }
    }
}

pub fn tags(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_tags(&stack.name, &stack.tags, &mut findings);
    for resource in &stack.resources {
        check_tags(&resource.id, &resource.tags, &mut findings);
        // An item's tag overrides the stack's tag of the same key.
        let merged = stack
            .tags
            .keys()
            .chain(resource.tags.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if merged > MAX_TAGS {
            findings.push(
                Finding::error(
                    "tag",
                    Path::item(&resource.id),
                    format!(
                        "`{}` would carry {merged} tags (stack tags and its own); AWS allows at most {MAX_TAGS}",
                        resource.id
                    ),
                )
                .with_help("remove tags from the item or the stack"),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LogGroup, Resource, ResourceKind};

    #[test]
    fn tag_rules() {
        assert_eq!(tag_problem("Environment", "production"), None);
        assert_eq!(tag_problem("Cost Center", ""), None);
        assert_eq!(tag_problem("équipe", "données"), None);
        assert!(tag_problem("", "x").is_some());
        assert!(tag_problem("aws:cloudformation:stack", "x").is_some());
        assert!(tag_problem("AWS:x", "x").is_some());
        assert!(tag_problem(&"k".repeat(129), "x").is_some());
        assert!(tag_problem("k", &"v".repeat(257)).is_some());
        assert!(tag_problem("k", "a;b").is_some());
        assert!(tag_problem(&"k".repeat(128), &"v".repeat(256)).is_none());
    }

    fn stack(stack_tags: usize, item_tags: usize) -> StackDef {
        let tags = |n: usize, prefix: &str| -> BTreeMap<String, String> {
            (0..n)
                .map(|i| (format!("{prefix}{i}"), "v".into()))
                .collect()
        };
        StackDef {
            name: "pipeline".into(),
            description: None,
            tags: tags(stack_tags, "S"),
            resources: vec![Resource {
                id: "Logs".into(),
                kind: ResourceKind::LogGroup(LogGroup::default()),
                description: None,
                removal: None,
                tags: tags(item_tags, "I"),
                depends_on: vec![],
                suppressions: vec![],
            }],
            outputs: vec![],
            moved: Default::default(),
        }
    }

    #[test]
    fn counts_stack_and_item_tags_together() {
        assert!(tags(&stack(25, 25)).is_empty());
        let findings = tags(&stack(25, 26));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].item, "Logs");
        assert!(findings[0].message.contains("51 tags"));
    }

    #[test]
    fn stack_tags_are_reported_on_the_stack() {
        let mut s = stack(0, 0);
        s.tags.insert("aws:owner".into(), "me".into());
        s.resources[0].tags.insert("Bad;Key".into(), "x".into());
        let findings = tags(&s);
        let located: Vec<_> = findings
            .iter()
            .map(|f| (f.item.as_str(), f.field_text().unwrap()))
            .collect();
        assert_eq!(
            located,
            [
                ("pipeline", "tags.aws:owner".to_owned()),
                ("Logs", "tags.Bad;Key".to_owned())
            ]
        );
    }
}
