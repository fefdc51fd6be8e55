//! The parts of a resource entry that are not properties: removal
//! policies, explicit dependencies and the metadata that records accepted
//! findings for the outside linters.

use super::context::Context;
use crate::model::{Removal, Resource, Suppression};
use serde_json::{Map, Value as Json, json};

/// Template-level metadata: which tool wrote the template, and the items
/// renamed in the code (`moved`: new logical id -> old), which `deploy`
/// reads to move those resources instead of replacing them.
pub fn stack_metadata(moved: &std::collections::BTreeMap<String, String>) -> Json {
    let mut ours = Map::new();
    ours.insert(
        "generator".into(),
        json!(concat!("cicd-dsl ", env!("CARGO_PKG_VERSION"))),
    );
    if !moved.is_empty() {
        ours.insert("moved".into(), json!(moved));
    }
    json!({ "cicd-dsl": ours })
}

/// One resource entry of the template.
pub struct Entry<'a> {
    pub cfn_type: &'a str,
    pub properties: Json,
    pub depends_on: Vec<String>,
    /// Findings accepted on the item, plus ones the synthesizer adds for
    /// facts of AWS (such as actions that take no resource scope).
    pub suppressions: Vec<Suppression>,
    pub removal: Option<Removal>,
    pub resource: &'a Resource,
}

impl<'a> Entry<'a> {
    /// The item's own resource: the CloudFormation type of the item (a
    /// generic item's own type), with the item's removal policy and
    /// dependencies (see [`Entry::for_item`]).
    pub fn item(resource: &'a Resource, properties: Map<String, Json>) -> Self {
        Entry::new(resource, resource.cfn_type(), Json::Object(properties)).for_item()
    }

    pub fn new(resource: &'a Resource, cfn_type: &'a str, properties: Json) -> Self {
        Entry {
            cfn_type,
            properties,
            depends_on: Vec::new(),
            suppressions: resource.suppressions.clone(),
            removal: None,
            resource,
        }
    }

    /// Marks the entry as the item's own resource: it takes the item's
    /// removal policy and explicit `depends_on`. (Resources an item adds,
    /// like a role's policy, are removed with the stack and order by
    /// their references alone.)
    pub fn for_item(mut self) -> Self {
        self.removal = Some(self.resource.removal());
        self.depends_on
            .extend(self.resource.depends_on.iter().cloned());
        self
    }

    /// Waits for the policy of `role`, the item's own role, so that the item
    /// can act from its first moment (see [`Context::policy_dependency`]).
    pub fn after_role_policy(mut self, cx: &Context<'_>, role: &str) -> Self {
        self.depends_on
            .extend(cx.policy_dependency(&self.resource.id, role));
        self
    }

    /// The template entry under the item's logical ID.
    pub fn under_item_id(self, cx: &Context<'_>) -> (String, Json) {
        (self.resource.id.clone(), self.into_json(cx))
    }

    pub fn into_json(self, _cx: &Context<'_>) -> Json {
        let mut entry = Map::new();
        entry.insert("Type".into(), json!(self.cfn_type));
        if self.removal == Some(Removal::Retain) {
            entry.insert("DeletionPolicy".into(), json!("Retain"));
            entry.insert("UpdateReplacePolicy".into(), json!("Retain"));
        }
        let mut depends_on = self.depends_on;
        depends_on.sort();
        depends_on.dedup();
        if !depends_on.is_empty() {
            entry.insert("DependsOn".into(), json!(depends_on));
        }
        if let Some(metadata) = suppression_metadata(self.suppressions) {
            entry.insert("Metadata".into(), metadata);
        }
        entry.insert("Properties".into(), self.properties);
        Json::Object(entry)
    }
}

/// checkov reads `Metadata.checkov.skip`, cfn-lint reads
/// `Metadata.cfn-lint.config.ignore_checks`; our own rules and the record of
/// every reason live under `Metadata.cicd-dsl`.
fn suppression_metadata(mut suppressions: Vec<Suppression>) -> Option<Json> {
    if suppressions.is_empty() {
        return None;
    }
    suppressions.sort_by(|a, b| a.rule.cmp(&b.rule));
    suppressions.dedup_by(|a, b| a.rule == b.rule);
    let mut metadata = Map::new();
    let checkov: Vec<Json> = suppressions
        .iter()
        .filter(|s| s.rule.starts_with("CKV"))
        .map(|s| json!({ "id": s.rule, "comment": s.reason }))
        .collect();
    if !checkov.is_empty() {
        metadata.insert("checkov".into(), json!({ "skip": checkov }));
    }
    let cfn_lint: Vec<&str> = suppressions
        .iter()
        .filter(|s| is_cfn_lint_rule(&s.rule))
        .map(|s| s.rule.as_str())
        .collect();
    if !cfn_lint.is_empty() {
        metadata.insert(
            "cfn-lint".into(),
            json!({ "config": { "ignore_checks": cfn_lint } }),
        );
    }
    let record: Vec<Json> = suppressions
        .iter()
        .map(|s| json!({ "rule": s.rule, "reason": s.reason }))
        .collect();
    metadata.insert("cicd-dsl".into(), json!({ "suppressions": record }));
    Some(Json::Object(metadata))
}

fn is_cfn_lint_rule(rule: &str) -> bool {
    let mut chars = rule.chars();
    matches!(chars.next(), Some('E' | 'W' | 'I')) && chars.all(|c| c.is_ascii_digit())
}
