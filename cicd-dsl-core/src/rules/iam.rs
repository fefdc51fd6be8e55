//! Hand-written IAM statements checked against the offline IAM catalog
//! (`cicd-dsl-iam`): every action exists, no wildcard grants more than the
//! author can see, `*` is used only where AWS allows no resource scope, and
//! every action can apply to some resource of its statement.
//!
//! `*` and `*:*` are left to the `admin-wildcard` rule (baseline), so one
//! mistake gives one finding. When a statement names an item that is not in
//! the stack, its resource checks are skipped: `unknown-item` reports that.

use super::arns::resource_pattern;
use super::support::list_truncated;
use super::{Finding, baseline};
use crate::model::{FieldPath, Path, ResourceKind, StackDef, StatementResource};
use cicd_dsl_iam::{
    AccessLevel, Action, ResourceFit, expand_wildcard, lookup_action, resource_fit,
    resource_required_description, suggest_action, supported_services,
};

/// One statement to check, with the paths its parts are reported under.
#[derive(Debug, Clone)]
pub struct StatementView<'a> {
    /// The statement: findings on its parts are reported under it.
    pub at: Path,
    pub actions: Vec<&'a str>,
    /// Each resource as an ARN pattern (`None`: an item not in the stack)
    /// and as the user wrote it, for messages.
    pub resources: Vec<(Option<String>, String)>,
}

impl StatementView<'_> {
    /// The role that holds the statement.
    pub fn item(&self) -> &str {
        self.at.item_name()
    }

    /// The statement's `j`th action.
    pub fn action(&self, j: usize) -> Path {
        Path::new(self.item(), self.at.field_path().clone().action(j))
    }

    /// The statement's `k`th resource.
    pub fn resource(&self, k: usize) -> Path {
        Path::new(self.item(), self.at.field_path().clone().resource(k))
    }
}

/// How a statement resource reads in a message.
pub fn resource_display(resource: &StatementResource) -> String {
    match resource {
        StatementResource::Any => "`*`".into(),
        StatementResource::Arn(arn) => format!("`{arn}`"),
        StatementResource::Item { item, suffix } if suffix.is_empty() => format!("`{}`", item.item),
        StatementResource::Item { item, suffix } => format!("`{}` + \"{suffix}\"", item.item),
    }
}

/// The statements of every role of the stack.
pub fn role_statements(stack: &StackDef) -> Vec<StatementView<'_>> {
    let mut views = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Role(role) = &resource.kind else {
            continue;
        };
        for (i, statement) in role.statements.iter().enumerate() {
            views.push(StatementView {
                at: Path::new(&resource.id, FieldPath::statement(i)),
                actions: statement.actions.iter().map(String::as_str).collect(),
                resources: statement
                    .resources
                    .iter()
                    .map(|r| (resource_pattern(stack, r), resource_display(r)))
                    .collect(),
            });
        }
    }
    views
}

fn is_wildcard(action: &str) -> bool {
    action.contains(['*', '?'])
}

/// The riskiest first, so a truncated list shows what matters.
fn risk(level: AccessLevel) -> u8 {
    match level {
        AccessLevel::PermissionsManagement => 0,
        AccessLevel::Write => 1,
        AccessLevel::Tagging => 2,
        AccessLevel::Read => 3,
        AccessLevel::List => 4,
    }
}

/// What a wildcard grants, riskiest first, for a `help:` line.
pub fn wildcard_summary(pattern: &str) -> Option<String> {
    let mut actions = expand_wildcard(pattern);
    if actions.is_empty() {
        return None;
    }
    actions.sort_by_key(|a| (risk(a.access), a.name));
    let management = actions
        .iter()
        .filter(|a| a.access == AccessLevel::PermissionsManagement)
        .count();
    let names: Vec<&str> = actions.iter().map(|a| a.name).collect();
    let mut text = format!("`{pattern}` grants {} actions", actions.len());
    if management > 0 {
        text.push_str(&format!(" ({management} of them permissions management)"));
    }
    text.push_str(&format!(": {}", list_truncated(&names, 6)));
    Some(text)
}

fn unknown_action(view: &StatementView, j: usize, action: &str) -> Finding {
    let service = action.split_once(':').map(|(s, _)| s);
    let finding = Finding::error(
        "iam-unknown-action",
        view.action(j),
        format!("`{action}` is not an IAM action"),
    );
    match suggest_action(action) {
        Some(near) if near.contains(':') => finding.with_help(format!("did you mean `{near}`?")),
        Some(service) => finding.with_help(format!(
            "did you mean the service `{service}`? No action of it is named like this"
        )),
        None if service.is_some_and(|s| !cicd_dsl_iam::is_known_service(s)) => {
            finding.with_help(format!(
                "the IAM catalog covers {}; write actions as `service:Action`",
                supported_services().join(", ")
            ))
        }
        None => finding.with_help("write actions as `service:Action`, e.g. `s3:GetObject`"),
    }
}

/// Every finding of one statement (other than `admin-wildcard`).
pub fn check_statement(view: &StatementView) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut known: Vec<(usize, &'static Action)> = Vec::new();
    let mut has_wildcard = false;
    for (j, action) in view.actions.iter().enumerate() {
        if baseline::is_admin_action(action) {
            has_wildcard = true;
            continue;
        }
        if is_wildcard(action) {
            has_wildcard = true;
            match wildcard_summary(action) {
                None => findings.push(unknown_action(view, j, action).with_help(format!(
                    "`{action}` matches no action the IAM catalog knows"
                ))),
                Some(summary) => findings.push(
                    Finding::error(
                        "iam-wildcard-action",
                        view.action(j),
                        format!("`{action}` is a wildcard: it grants actions nobody reviewed"),
                    )
                    .with_help(format!("list the actions the role needs; {summary}")),
                ),
            }
            continue;
        }
        match lookup_action(action) {
            Some(found) => known.push((j, found)),
            None => findings.push(unknown_action(view, j, action)),
        }
    }
    if view.resources.iter().any(|(p, _)| p.is_none()) {
        return findings;
    }
    let patterns: Vec<&str> = view
        .resources
        .iter()
        .map(|(p, _)| p.as_deref().unwrap_or_default())
        .collect();

    // `*` for actions that AWS lets a statement scope.
    for (k, pattern) in patterns.iter().enumerate() {
        if *pattern != "*" {
            continue;
        }
        let scoped: Vec<&Action> = known
            .iter()
            .map(|(_, a)| *a)
            .filter(|a| !a.requires_wildcard_resource())
            .collect();
        if scoped.is_empty() {
            continue;
        }
        let names: Vec<String> = scoped.iter().map(|a| format!("`{}`", a.name)).collect();
        let needs: Vec<String> = scoped
            .iter()
            .take(3)
            .map(|a| format!("{} needs {}", a.name, first_shape(a)))
            .collect();
        findings.push(
            Finding::error(
                "iam-resource-star",
                view.resource(k),
                format!(
                    "`*` grants {} on every resource, though AWS lets a policy scope {}",
                    list_truncated(&names, 4),
                    if scoped.len() == 1 { "it" } else { "them" }
                ),
            )
            .with_help(format!(
                "name the stack's items (or ARNs) instead: {}",
                needs.join("; ")
            )),
        );
    }

    // Actions that no resource of the statement can grant.
    let mut all_actions_fit = true;
    for (j, action) in &known {
        if patterns.iter().any(|p| resource_fit(action, p).can_grant()) {
            continue;
        }
        all_actions_fit = false;
        let (at, shown) = if patterns.len() == 1 {
            (view.resource(0), view.resources[0].1.clone())
        } else {
            (view.action(*j), "any resource of this statement".to_owned())
        };
        let finding = if action.requires_wildcard_resource() {
            Finding::error(
                "iam-resource-mismatch",
                at.clone(),
                format!(
                    "`{}` has no resource-level permissions, so this statement grants it on nothing",
                    action.name
                ),
            )
            .with_help(format!("grant `{}` in a statement on resource `*`", action.name))
        } else {
            Finding::error(
                "iam-resource-mismatch",
                at.clone(),
                format!(
                    "`{}` cannot apply to {shown}, so this statement grants it on nothing",
                    action.name
                ),
            )
            .with_help(format!(
                "`{}` needs {}",
                action.name,
                resource_required_description(action)
            ))
        };
        findings.push(finding);
    }

    // Resources that no action of the statement can use; only when every
    // action found a resource, so one mistake is not reported twice.
    if all_actions_fit && !has_wildcard && !known.is_empty() {
        for (k, pattern) in patterns.iter().enumerate() {
            if *pattern == "*" {
                continue;
            }
            let used = known.iter().any(|(_, a)| {
                matches!(
                    resource_fit(a, pattern),
                    ResourceFit::Matches(_) | ResourceFit::Unknown
                )
            });
            if !used {
                findings.push(
                    Finding::error(
                        "iam-resource-mismatch",
                        view.resource(k),
                        format!(
                            "no action of this statement applies to {}",
                            view.resources[k].1
                        ),
                    )
                    .with_help(
                        "remove the resource, or check its suffix (a bucket's objects are `/*`)",
                    ),
                );
            }
        }
    }
    findings
}

fn first_shape(action: &Action) -> String {
    resource_required_description(action)
        .split(" or ")
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The IAM checks over every hand-written statement of every role.
pub fn iam_statements(stack: &StackDef) -> Vec<Finding> {
    role_statements(stack)
        .iter()
        .flat_map(check_statement)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemRef, Resource, Role, Statement};
    use crate::rules::arns::item_arn_pattern;

    fn view<'a>(actions: &[&'a str], resources: &[&str]) -> StatementView<'a> {
        StatementView {
            at: Path::new("Role", FieldPath::statement(0)),
            actions: actions.to_vec(),
            resources: resources
                .iter()
                .map(|r| (Some(r.to_string()), format!("`{r}`")))
                .collect(),
        }
    }

    fn bucket() -> String {
        item_arn_pattern(crate::model::Kind::Bucket, "Artifacts", "")
    }

    fn objects() -> String {
        item_arn_pattern(crate::model::Kind::Bucket, "Artifacts", "/*")
    }

    #[test]
    fn correct_statement_passes() {
        let f = check_statement(&view(&["s3:GetObject", "s3:PutObject"], &[&objects()]));
        assert!(f.is_empty(), "{f:#?}");
        let f = check_statement(&view(
            &["s3:GetObject", "s3:GetBucketVersioning"],
            &[&objects(), &bucket()],
        ));
        assert!(f.is_empty(), "{f:#?}");
        let f = check_statement(&view(&["ecr:GetAuthorizationToken"], &["*"]));
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn unknown_action_gets_the_nearest_name() {
        let f = check_statement(&view(&["s3:GetObjet"], &[&objects()]));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "iam-unknown-action");
        assert_eq!(f[0].field_text().as_deref(), Some("statements.0.actions.0"));
        assert_eq!(f[0].help.as_deref(), Some("did you mean `s3:GetObject`?"));
    }

    #[test]
    fn wildcard_lists_what_it_grants() {
        let f = check_statement(&view(&["ecr:*"], &["*"]));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, "iam-wildcard-action");
        let help = f[0].help.as_deref().unwrap();
        assert!(help.contains("permissions management"), "{help}");
        assert!(help.contains("more"), "{help}");
        let f = check_statement(&view(&["s3:Frob*"], &["*"]));
        assert_eq!(f[0].rule, "iam-unknown-action");
    }

    #[test]
    fn star_resource_for_a_scoped_action() {
        let f = check_statement(&view(
            &["ecr:GetAuthorizationToken", "ecr:PutImage"],
            &["*"],
        ));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, "iam-resource-star");
        assert_eq!(
            f[0].field_text().as_deref(),
            Some("statements.0.resources.0")
        );
        assert!(f[0].message.contains("`ecr:PutImage`"));
        assert!(!f[0].message.contains("GetAuthorizationToken"));
        assert!(f[0].help.as_deref().unwrap().contains("repository ARN"));
    }

    #[test]
    fn object_action_on_a_bucket_arn_names_the_shape() {
        let f = check_statement(&view(&["s3:GetObject"], &[&bucket()]));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, "iam-resource-mismatch");
        assert_eq!(
            f[0].field_text().as_deref(),
            Some("statements.0.resources.0")
        );
        assert!(
            f[0].help
                .as_deref()
                .unwrap()
                .contains("arn:aws:s3:::BUCKET/KEY"),
            "{:?}",
            f[0].help
        );
    }

    #[test]
    fn unscoped_action_on_a_specific_resource() {
        let f = check_statement(&view(
            &["codepipeline:PutJobSuccessResult", "s3:GetObject"],
            &[&objects()],
        ));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("no resource-level permissions"));
    }

    #[test]
    fn resource_no_action_uses() {
        let f = check_statement(&view(&["s3:GetObject"], &[&objects(), &bucket()]));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            f[0].field_text().as_deref(),
            Some("statements.0.resources.1")
        );
    }

    #[test]
    fn statements_of_roles_resolve_items() {
        let role = Role {
            statements: vec![Statement {
                actions: vec!["s3:GetObject".into()],
                resources: vec![StatementResource::Item {
                    item: ItemRef::new("Artifacts", crate::model::Attr::Arn),
                    suffix: String::new(),
                }],
            }],
            ..Role::default()
        };
        let resource = |id: &str, kind| Resource::new(id, kind);
        let mut stack = StackDef::new(
            "s",
            vec![
                resource("Artifacts", ResourceKind::Bucket(Default::default())),
                resource("Role", ResourceKind::Role(role)),
            ],
        );
        let f = iam_statements(&stack);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("`Artifacts`"), "{}", f[0].message);
        // An unknown item silences the resource checks.
        stack.resources.remove(0);
        assert!(iam_statements(&stack).is_empty());
    }
}
