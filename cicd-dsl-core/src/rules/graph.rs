//! Graph-level rules: cycles and names that would collide.

use super::Finding;
use crate::model::Path;
use crate::model::{ResourceKind, StackDef};
use crate::synth::physical_name;
use std::collections::BTreeMap;

pub fn cycles(stack: &StackDef) -> Vec<Finding> {
    match stack.graph().topological_order() {
        Ok(_) => Vec::new(),
        Err(cycle) => {
            let first = cycle.members[0].clone();
            let next = cycle.members.get(1).unwrap_or(&first);
            // At the reference that makes the first member need the next.
            let at = stack
                .all_references()
                .into_iter()
                .find(|(from, r)| *from == first && r.target.item == *next && r.orders_items())
                .map_or_else(|| Path::item(&first), |(_, r)| Path::new(&first, r.field));
            vec![
                Finding::error(
                    "cycle",
                    at,
                    format!(
                        "these items depend on each other in a cycle: {}",
                        cycle_text(&cycle.members)
                    ),
                )
                .with_help("remove one of the references or `depends_on` entries on the cycle"),
            ]
        }
    }
}

fn cycle_text(members: &[String]) -> String {
    let mut parts: Vec<String> = members.iter().map(|m| format!("`{m}`")).collect();
    parts.push(format!("`{}`", members[0]));
    parts.join(" -> ")
}

/// Logical IDs of every generated resource: the item's own and the extra
/// ones some kinds add (`<Bucket>Policy`, `<Role>Policy`).
pub fn duplicate_logical_ids(stack: &StackDef) -> Vec<Finding> {
    let mut owners: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for resource in &stack.resources {
        owners
            .entry(resource.id.clone())
            .or_default()
            .push(&resource.id);
        let extra = match &resource.kind {
            ResourceKind::Bucket(b) if b.tls_only => Some(format!("{}Policy", resource.id)),
            ResourceKind::Role(_) => Some(format!("{}Policy", resource.id)),
            _ => None,
        };
        if let Some(extra) = extra {
            owners.entry(extra).or_default().push(&resource.id);
        }
    }
    let mut findings = Vec::new();
    for (id, items) in owners {
        if items.len() > 1 {
            let last = items[items.len() - 1];
            findings.push(
                Finding::error(
                    "duplicate-logical-id",
                    Path::item(last),
                    format!(
                        "the logical ID `{id}` is used by {}",
                        items
                            .iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                )
                .with_help("rename one of the items"),
            );
        }
    }
    findings
}

pub fn duplicate_physical_names(stack: &StackDef) -> Vec<Finding> {
    let mut seen: BTreeMap<(String, &str), &str> = BTreeMap::new();
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let Some(name) = resource.kind.physical_name() else {
            continue;
        };
        let key = (physical_name(name, ""), resource.kind().cfn_type());
        if let Some(first) = seen.get(&key) {
            findings.push(
                Finding::error(
                    "duplicate-name",
                    Path::new(&resource.id, "name"),
                    format!("`{first}` already has the name \"{name}\""),
                )
                .with_help("give each resource of a kind its own name"),
            );
        } else {
            seen.insert(key, &resource.id);
        }
    }
    findings
}
