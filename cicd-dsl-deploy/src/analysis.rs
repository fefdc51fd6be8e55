//! One analysis of a change, shared by `diff` and `deploy` so that they
//! cannot disagree: from the change set and the deployed and proposed
//! templates, per resource what happens, whether it is replaced and why,
//! and the stateful guard's verdict; with the security changes and the
//! counts. Both commands render it with [`crate::review_screen`] and put it
//! whole in their JSON.

use serde::Serialize;
use serde_json::Value;

use crate::change_set::PlannedChange;
use crate::error::RefusedChange;
use crate::safety::is_stateful;
use crate::security::{SecurityDiff, security_diff};
use crate::template_diff::{DiffKind, PropertyDiff, diff_templates};

/// What the stateful guard says about a resource whose data a change
/// would lose (replaced or removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardVerdict {
    /// `Replace` or `Remove`.
    pub what: String,
    /// Named by `--allow-replace`; else deploy refuses the whole change set.
    pub allowed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceChange {
    pub logical_id: String,
    pub resource_type: String,
    pub kind: DiffKind,
    /// The change set's answer (`True` / `Conditional` / `False`); `None`
    /// when there is no change set or the endpoint did not say.
    pub replacement: Option<String>,
    /// Create-only properties (by the type's resource schema) that change.
    pub create_only_changed: Vec<String>,
    /// Whether the resource is replaced: the change set's answer when it
    /// gives one, else whether a create-only property changes.
    pub replaces: bool,
    /// Why it is replaced, in words; `None` when it is not.
    pub replaced_because: Option<String>,
    /// The names the change set gives (shown when the templates do not
    /// show the change, e.g. a stack tag CloudFormation propagates).
    pub changed_properties: Vec<String>,
    pub properties: Vec<PropertyDiff>,
    /// Set for a stateful resource that is replaced or removed.
    pub guard: Option<GuardVerdict>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ChangeCounts {
    pub added: usize,
    pub modified: usize,
    /// Among `modified`: replaced.
    pub replaced: usize,
    pub removed: usize,
    /// Replacements or removals of stateful resources deploy refuses.
    pub refused: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChangeAnalysis {
    pub resources: Vec<ResourceChange>,
    pub outputs: Vec<PropertyDiff>,
    pub security: SecurityDiff,
    pub counts: ChangeCounts,
    /// Whether the change widens access ([`SecurityDiff::broadens`]), what
    /// `--require-approval broadening` asks about.
    pub broadening: bool,
    /// Removed resources that look renamed to added ones, not declared
    /// with `#[moved]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub likely_renames: Vec<crate::rename_hint::LikelyRename>,
}

impl ChangeAnalysis {
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.outputs.is_empty()
    }

    /// What deploy refuses: stateful resources replaced or removed that
    /// `--allow-replace` does not name.
    pub fn refused(&self) -> Vec<RefusedChange> {
        self.resources
            .iter()
            .filter_map(|r| {
                let guard = r.guard.as_ref().filter(|g| !g.allowed)?;
                Some(RefusedChange {
                    logical_id: r.logical_id.clone(),
                    resource_type: r.resource_type.clone(),
                    what: guard.what.clone(),
                    looks_renamed_to: self
                        .likely_renames
                        .iter()
                        .find(|l| l.from == r.logical_id)
                        .map(|l| l.to.clone()),
                })
            })
            .collect()
    }
}

/// Analyses the change from `deployed` (`None` for a new stack) to
/// `proposed`, with what the change set said (`changes`; empty when there
/// is none) and the logical ids the user allows to be replaced or removed.
pub fn analyze(
    deployed: Option<&Value>,
    proposed: &Value,
    changes: &[PlannedChange],
    allow_replace: &[String],
) -> ChangeAnalysis {
    let deployed = deployed.unwrap_or(&Value::Null);
    let diff = diff_templates(deployed, proposed);
    let mut resources: Vec<ResourceChange> = diff
        .resources
        .into_iter()
        .map(|r| ResourceChange {
            logical_id: r.logical_id,
            resource_type: r.resource_type,
            kind: r.kind,
            replacement: None,
            create_only_changed: r.create_only_changed,
            replaces: false,
            replaced_because: None,
            changed_properties: Vec::new(),
            properties: r.properties,
            guard: None,
        })
        .collect();
    merge_change_set(&mut resources, changes);
    for resource in &mut resources {
        judge(resource, allow_replace);
    }
    let security = security_diff(deployed, proposed);
    let count = |kind: DiffKind| resources.iter().filter(|r| r.kind == kind).count();
    let counts = ChangeCounts {
        added: count(DiffKind::Added),
        modified: count(DiffKind::Modified),
        replaced: resources.iter().filter(|r| r.replaces).count(),
        removed: count(DiffKind::Removed),
        refused: resources
            .iter()
            .filter(|r| r.guard.as_ref().is_some_and(|g| !g.allowed))
            .count(),
    };
    ChangeAnalysis {
        resources,
        outputs: diff.outputs,
        broadening: security.broadens(),
        security,
        counts,
        likely_renames: crate::rename_hint::likely_renames(deployed, proposed),
    }
}

/// Adds the change set's replacement verdicts and property names, and
/// resources it would touch that the template text does not show (e.g. a
/// changed stack tag or parameter value).
fn merge_change_set(resources: &mut Vec<ResourceChange>, changes: &[PlannedChange]) {
    for change in changes {
        if let Some(resource) = resources
            .iter_mut()
            .find(|r| r.logical_id == change.logical_id)
        {
            resource.replacement = change.replacement.clone();
            resource.changed_properties = change.changed_properties.clone();
            continue;
        }
        let kind = match change.action.as_str() {
            "Add" => DiffKind::Added,
            "Remove" => DiffKind::Removed,
            _ => DiffKind::Modified,
        };
        resources.push(ResourceChange {
            logical_id: change.logical_id.clone(),
            resource_type: change.resource_type.clone(),
            kind,
            replacement: change.replacement.clone(),
            create_only_changed: match kind {
                DiffKind::Modified => cicd_dsl_core::replacement::create_only_touched(
                    &change.resource_type,
                    &change.changed_properties,
                ),
                _ => Vec::new(),
            },
            replaces: false,
            replaced_because: None,
            changed_properties: change.changed_properties.clone(),
            properties: Vec::new(),
            guard: None,
        });
    }
}

/// Whether `resource` is replaced and why, and the stateful guard's verdict.
fn judge(resource: &mut ResourceChange, allow_replace: &[String]) {
    if resource.kind == DiffKind::Modified {
        let create_only = (!resource.create_only_changed.is_empty()).then(|| {
            format!(
                "create-only {} changes",
                resource.create_only_changed.join(", ")
            )
        });
        // AWS's answer when there is one; plain moto never gives one.
        (resource.replaces, resource.replaced_because) = match resource.replacement.as_deref() {
            Some(verdict @ ("True" | "Conditional")) => (
                true,
                Some(
                    [Some(format!("CloudFormation says {verdict}")), create_only]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ),
            Some(_) => (false, None),
            None => (create_only.is_some(), create_only),
        };
    }
    let what = match resource.kind {
        DiffKind::Removed => "Remove",
        DiffKind::Modified if resource.replaces => "Replace",
        _ => return,
    };
    if is_stateful(&resource.resource_type) {
        resource.guard = Some(GuardVerdict {
            what: what.to_owned(),
            allowed: allow_replace.contains(&resource.logical_id),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(action: &str, id: &str, ty: &str, replacement: Option<&str>) -> PlannedChange {
        PlannedChange {
            action: action.to_owned(),
            logical_id: id.to_owned(),
            resource_type: ty.to_owned(),
            physical_id: None,
            replacement: replacement.map(str::to_owned),
            changed_properties: Vec::new(),
            drift_status: None,
        }
    }

    fn refused(analysis: &ChangeAnalysis) -> Vec<(String, String)> {
        analysis
            .refused()
            .into_iter()
            .map(|r| (r.logical_id, r.what))
            .collect()
    }

    #[test]
    fn replacing_or_removing_stateful_resources_is_refused_unless_allowed() {
        let changes = vec![
            change("Modify", "Logs", "AWS::Logs::LogGroup", Some("True")),
            change(
                "Modify",
                "Repo",
                "AWS::ECR::Repository",
                Some("Conditional"),
            ),
            change("Remove", "Data", "AWS::S3::Bucket", None),
            change("Modify", "Quiet", "AWS::S3::Bucket", Some("False")),
            change("Modify", "Role", "AWS::IAM::Role", Some("True")),
            change("Add", "New", "AWS::S3::Bucket", None),
        ];
        let template = json!({});
        let analysis = analyze(None, &template, &changes, &[]);
        assert_eq!(
            refused(&analysis),
            [
                ("Logs".to_owned(), "Replace".to_owned()),
                ("Repo".to_owned(), "Replace".to_owned()),
                ("Data".to_owned(), "Remove".to_owned())
            ]
        );
        let counts = analysis.counts;
        assert_eq!(
            (
                counts.added,
                counts.modified,
                counts.replaced,
                counts.removed,
                counts.refused
            ),
            (1, 4, 3, 1, 3)
        );
        let role = analysis
            .resources
            .iter()
            .find(|r| r.logical_id == "Role")
            .unwrap();
        assert_eq!(
            role.replaced_because.as_deref(),
            Some("CloudFormation says True")
        );
        assert_eq!(role.guard, None, "a role holds no data");

        let allowed = vec!["Repo".to_owned(), "Data".to_owned()];
        let analysis = analyze(None, &template, &changes, &allowed);
        assert_eq!(
            refused(&analysis),
            [("Logs".to_owned(), "Replace".to_owned())]
        );
        assert_eq!(analysis.counts.refused, 1);
    }

    #[test]
    fn a_rename_the_endpoint_does_not_report_is_a_refused_replacement() {
        // What `diff` said "0 replaced" for while deploy refused it.
        let repo = |name: &str| {
            json!({"Resources": {"Images": {"Type": "AWS::ECR::Repository", "Properties": {
                "RepositoryName": name, "Tags": [{"Key": "Team", "Value": "a"}]}}}})
        };
        let changes = vec![change("Modify", "Images", "AWS::ECR::Repository", None)];
        let renamed = analyze(Some(&repo("images")), &repo("images-v2"), &changes, &[]);
        let images = &renamed.resources[0];
        assert!(images.replaces);
        assert_eq!(
            images.replaced_because.as_deref(),
            Some("create-only RepositoryName changes")
        );
        assert_eq!(renamed.counts.replaced, 1);
        assert_eq!(
            refused(&renamed),
            [("Images".to_owned(), "Replace".to_owned())]
        );
        // Without a change set (how `diff` of the same templates starts) the
        // verdict is the same.
        let without = analyze(Some(&repo("images")), &repo("images-v2"), &[], &[]);
        assert_eq!(without.counts, renamed.counts);

        let mut tagged = repo("images");
        tagged["Resources"]["Images"]["Properties"]["Tags"][0]["Value"] = json!("b");
        let analysis = analyze(Some(&repo("images")), &tagged, &changes, &[]);
        assert!(refused(&analysis).is_empty());
        assert_eq!(analysis.resources[0].properties[0].path, "Tags[Team]");
    }

    #[test]
    fn generic_data_holding_types_are_guarded_by_their_create_only_properties() {
        let table = |name: &str, billing: &str| {
            json!({"Resources": {"Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {
                "TableName": name,
                "BillingMode": billing
            }}, "Jobs": {"Type": "AWS::SQS::Queue"}}})
        };
        let old = table("orders", "PAY_PER_REQUEST");
        let mut renamed = table("orders-v2", "PAY_PER_REQUEST");
        renamed["Resources"].as_object_mut().unwrap().remove("Jobs");
        let mut rebilled = table("orders", "PROVISIONED");
        rebilled["Resources"]
            .as_object_mut()
            .unwrap()
            .remove("Jobs");
        assert_eq!(
            refused(&analyze(Some(&old), &renamed, &[], &[])),
            [
                ("Orders".to_owned(), "Replace".to_owned()),
                ("Jobs".to_owned(), "Remove".to_owned())
            ]
        );
        assert_eq!(
            refused(&analyze(Some(&old), &rebilled, &[], &[])),
            [("Jobs".to_owned(), "Remove".to_owned())],
            "a billing mode change updates in place"
        );
    }

    #[test]
    fn a_change_set_only_change_is_listed_with_its_property_names() {
        let template = json!({"Resources": {"Data": {"Type": "AWS::S3::Bucket"}}});
        let mut tagged = change("Modify", "Data", "AWS::S3::Bucket", Some("False"));
        tagged.changed_properties = vec!["Tags".to_owned()];
        let analysis = analyze(Some(&template), &template, &[tagged], &[]);
        assert_eq!(analysis.resources.len(), 1);
        assert_eq!(analysis.resources[0].changed_properties, ["Tags"]);
        assert!(!analysis.resources[0].replaces);
        assert!(!analysis.broadening);
    }
}
