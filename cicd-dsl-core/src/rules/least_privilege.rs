//! Hand-written permissions measured against what the wiring already
//! grants.
//!
//! The wiring (and `grants`) give a role exact permissions, derived in
//! `synth::permissions`. A hand-written statement is for what the wiring
//! cannot know. Three warnings say when a statement is not that:
//!
//! - `redundant-permission`: an action on a resource the wiring already
//!   grants to the role (the statement can go).
//! - `grant-available`: a statement that is exactly one access of an item
//!   (`Images.retag()`): a grant says the same, and stays right when the
//!   catalog of what that access needs changes.
//! - `broader-than-wiring`: a wildcard statement (its `iam-wildcard-action`
//!   error suppressed) on items the wiring already serves: it lists how many
//!   of the wildcard's actions the wiring already covers and what else it
//!   adds, so the reviewer sees what the suppression costs.

use super::arns::resource_arn_pattern;
use super::support::list_truncated;
use super::{Finding, baseline};
use crate::model::{Access, ResourceKind, Role, StackDef};
use crate::model::{FieldPath, Path};
use crate::synth::permissions::{Scope, access_permissions, role_permissions, statement_scope};
use cicd_dsl_iam::{expand_wildcard, lookup_action, resource_fit};
use std::collections::BTreeSet;

/// The stack without hand-written statements: what the wiring and grants
/// alone give each role. A role's derived permissions never depend on other
/// roles' statements, so one copy serves every role.
fn without_statements(stack: &StackDef) -> StackDef {
    let mut copy = stack.clone();
    for resource in &mut copy.resources {
        if let ResourceKind::Role(role) = &mut resource.kind {
            role.statements.clear();
        }
    }
    copy
}

fn roles(stack: &StackDef) -> impl Iterator<Item = (&str, &Role)> {
    stack.resources.iter().filter_map(|r| match &r.kind {
        ResourceKind::Role(role) if !role.statements.is_empty() => Some((r.id.as_str(), role)),
        _ => None,
    })
}

pub fn redundant_permissions(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    if roles(stack).next().is_none() {
        return findings;
    }
    let wiring = without_statements(stack);
    for (role_id, role) in roles(stack) {
        let wired = role_permissions(&wiring, role_id);
        for (i, statement) in role.statements.iter().enumerate() {
            for (j, action) in statement.actions.iter().enumerate() {
                let Some(canonical) = lookup_action(action) else {
                    continue;
                };
                let reasons: Option<Vec<&str>> = statement
                    .resources
                    .iter()
                    .map(|resource| {
                        let scope = statement_scope(resource);
                        wired
                            .iter()
                            .find(|p| p.action == canonical.name && p.scope == scope)
                            .map(|p| p.because.as_str())
                    })
                    .collect();
                let Some(reasons) = reasons.filter(|r| !r.is_empty()) else {
                    continue;
                };
                let reasons: BTreeSet<&str> = reasons.into_iter().collect();
                findings.push(
                    Finding::warning(
                        "redundant-permission",
                        Path::new(role_id, FieldPath::statement_action(i, j)),
                        format!(
                            "`{}` is already granted on these resources: {}",
                            canonical.name,
                            reasons.into_iter().collect::<Vec<_>>().join("; ")
                        ),
                    )
                    .with_help("remove it from the statement; the wiring grants it"),
                );
            }
        }
    }
    findings
}

/// The (action, scope) pairs of one access to one item.
fn access_pairs(access: Access, item: &str) -> BTreeSet<(String, Scope)> {
    access_permissions(access, item)
        .into_iter()
        .map(|(a, s)| (a.to_owned(), s))
        .collect()
}

pub fn grant_available(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (role_id, role) in roles(stack) {
        for (i, statement) in role.statements.iter().enumerate() {
            let mut pairs = BTreeSet::new();
            let mut items = BTreeSet::new();
            for action in &statement.actions {
                let Some(canonical) = lookup_action(action) else {
                    continue;
                };
                for resource in &statement.resources {
                    let scope = statement_scope(resource);
                    if let Scope::Item { item, .. } = &scope {
                        items.insert(item.clone());
                    }
                    pairs.insert((canonical.name.to_owned(), scope));
                }
            }
            let items: Vec<String> = items.into_iter().collect();
            let [item] = items.as_slice() else {
                continue;
            };
            let Some(target) = stack.resource(item) else {
                continue;
            };
            let matching = Access::ALL.into_iter().find(|access| {
                if access.target_kind() != target.kind() {
                    return false;
                }
                let full = access_pairs(*access, item);
                // A statement cannot mix scopes and stay exact, so the
                // `*`-scoped part of an access may live elsewhere.
                let scoped: BTreeSet<_> = full
                    .iter()
                    .filter(|(_, s)| *s != Scope::Any)
                    .cloned()
                    .collect();
                pairs == full || pairs == scoped
            });
            if let Some(access) = matching {
                findings.push(
                    Finding::warning(
                        "grant-available",
                        Path::new(role_id, FieldPath::statement(i)),
                        format!("this statement is exactly `{item}.{}()`", access.method()),
                    )
                    .with_help(format!(
                        "replace it with `grants({item}.{}())`",
                        access.method()
                    )),
                );
            }
        }
    }
    findings
}

pub fn broader_than_wiring(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    let suppressed = |r: &&crate::model::Resource| r.is_suppressed("iam-wildcard-action");
    if !stack.resources.iter().any(|r| suppressed(&r)) {
        return findings;
    }
    let wiring = without_statements(stack);
    for resource in &stack.resources {
        let ResourceKind::Role(role) = &resource.kind else {
            continue;
        };
        // Unsuppressed, the wildcard is already an error that says it all.
        if !resource.is_suppressed("iam-wildcard-action") {
            continue;
        }
        let wired = role_permissions(&wiring, &resource.id);
        for (i, statement) in role.statements.iter().enumerate() {
            for (j, action) in statement.actions.iter().enumerate() {
                if !action.contains(['*', '?']) || baseline::is_admin_action(action) {
                    continue;
                }
                for r in &statement.resources {
                    let Scope::Item { item, suffix } = statement_scope(r) else {
                        continue;
                    };
                    let Some(target) = stack.resource(&item) else {
                        continue;
                    };
                    let Some(pattern) = resource_arn_pattern(target, &suffix) else {
                        continue;
                    };
                    let granted: Vec<&str> = expand_wildcard(action)
                        .into_iter()
                        .filter(|a| resource_fit(a, &pattern).can_grant())
                        .map(|a| a.name)
                        .collect();
                    let covered: Vec<&str> = granted
                        .iter()
                        .copied()
                        .filter(|name| {
                            wired.iter().any(|p| {
                                p.action == *name
                                    && matches!(&p.scope, Scope::Item { item: i, .. } if *i == item)
                            })
                        })
                        .collect();
                    if covered.is_empty() {
                        continue;
                    }
                    let extra: Vec<&str> = granted
                        .iter()
                        .copied()
                        .filter(|n| !covered.contains(n))
                        .collect();
                    findings.push(
                        Finding::warning(
                            "broader-than-wiring",
                            Path::new(&resource.id, FieldPath::statement_action(i, j)),
                            format!(
                                "`{action}` on `{item}` grants {} actions; the wiring already grants the {} it uses ({}) and the rest are extra",
                                granted.len(),
                                covered.len(),
                                list_truncated(&covered, 4)
                            ),
                        )
                        .with_help(format!(
                            "list only the extra actions the code calls, if any: {}",
                            list_truncated(&extra, 6)
                        )),
                    );
                }
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Attr, Code, Function, Grant, ItemRef, LogGroup, Repository, Resource, Runtime,
        ServicePrincipal, Statement, StatementResource, Suppression,
    };

    fn resource(id: &str, kind: ResourceKind) -> Resource {
        Resource::new(id, kind)
    }

    fn item(id: &str) -> StatementResource {
        StatementResource::Item {
            item: ItemRef::new(id, Attr::Arn),
            suffix: String::new(),
        }
    }

    /// A function with logs whose role has `statement`.
    fn stack(statement: Statement) -> StackDef {
        StackDef::new(
            "s",
            vec![
                resource("Images", ResourceKind::Repository(Repository::default())),
                resource(
                    "Logs",
                    ResourceKind::LogGroup(LogGroup {
                        name: None,
                        retention_days: Some(7),
                    }),
                ),
                resource(
                    "FnRole",
                    ResourceKind::Role(Role {
                        assumed_by: vec![ServicePrincipal::Lambda],
                        statements: vec![statement],
                        ..Role::default()
                    }),
                ),
                resource(
                    "Tag",
                    ResourceKind::Function(Function {
                        name: None,
                        runtime: Runtime("provided.al2023".into()),
                        handler: "bootstrap".into(),
                        code: Code::Cargo {
                            package: "lambda".into(),
                            bin: "tag".into(),
                        },
                        role: "FnRole".into(),
                        logs: Some("Logs".into()),
                        architecture: Default::default(),
                        snap_start: false,
                        memory_mb: 128,
                        timeout_seconds: 30,
                        environment: Default::default(),
                        grants: vec![Grant {
                            target: ItemRef::new("Images", Attr::Arn),
                            access: Access::Retag,
                        }],
                    }),
                ),
            ],
        )
    }

    fn statement(actions: &[&str], resources: Vec<StatementResource>) -> Statement {
        Statement {
            actions: actions.iter().map(|a| a.to_string()).collect(),
            resources,
        }
    }

    #[test]
    fn derived_actions_written_by_hand_are_redundant() {
        let s = stack(statement(
            &["logs:PutLogEvents", "logs:DeleteLogGroup"],
            vec![item("Logs")],
        ));
        let f = redundant_permissions(&s);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].field_text().as_deref(), Some("statements.0.actions.0"));
        assert!(
            f[0].message.contains("Tag writes its logs"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn new_actions_are_not_redundant() {
        let s = stack(statement(&["ecr:ListImages"], vec![item("Images")]));
        assert!(redundant_permissions(&s).is_empty());
        assert!(grant_available(&s).is_empty());
    }

    #[test]
    fn a_statement_equal_to_an_access_suggests_the_grant() {
        let s = stack(statement(
            &["ecr:BatchGetImage", "ecr:DescribeImages", "ecr:PutImage"],
            vec![item("Images")],
        ));
        let f = grant_available(&s);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].help.as_deref(),
            Some("replace it with `grants(Images.retag())`")
        );
        let pull = stack(statement(
            &[
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
            ],
            vec![item("Images")],
        ));
        assert!(grant_available(&pull)[0].message.contains("Images.pull()"));
    }

    #[test]
    fn suppressed_wildcard_reports_what_the_wiring_covers() {
        let mut s = stack(statement(&["ecr:*"], vec![item("Images")]));
        assert!(
            broader_than_wiring(&s).is_empty(),
            "unsuppressed: the error covers it"
        );
        s.resources[2].suppressions.push(Suppression {
            rule: "iam-wildcard-action".into(),
            reason: "migration".into(),
        });
        let f = broader_than_wiring(&s);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].message.contains("already grants the 3 it uses"),
            "{}",
            f[0].message
        );
    }
}
