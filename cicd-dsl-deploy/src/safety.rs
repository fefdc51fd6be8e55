//! The guard against change sets that would lose data.

use serde_json::Value;

use crate::change_set::PlannedChange;
use crate::error::RefusedChange;

/// Resource types that hold data a replacement or removal would lose.
pub fn stateful_resource_types() -> &'static [&'static str] {
    &[
        "AWS::S3::Bucket",
        "AWS::ECR::Repository",
        "AWS::Logs::LogGroup",
    ]
}

pub fn is_stateful(resource_type: &str) -> bool {
    stateful_resource_types().contains(&resource_type)
}

/// The physical-name property of a stateful type. Changing it always means
/// replacement, so it stands in for `Replacement` when an endpoint does not
/// report one (plain moto never does).
fn name_property(resource_type: &str) -> Option<&'static str> {
    match resource_type {
        "AWS::S3::Bucket" => Some("BucketName"),
        "AWS::ECR::Repository" => Some("RepositoryName"),
        "AWS::Logs::LogGroup" => Some("LogGroupName"),
        _ => None,
    }
}

/// Whether a modify of a stateful resource replaces it. Uses AWS's answer when
/// there is one, else compares the name property in both templates.
fn replaces(change: &PlannedChange, deployed: Option<&Value>, proposed: &Value) -> bool {
    if change.replacement.is_some() {
        return change.may_replace();
    }
    let Some(property) = name_property(&change.resource_type) else {
        return false;
    };
    let name_in = |template: &Value| {
        template
            .pointer(&format!(
                "/Resources/{}/Properties/{property}",
                change.logical_id
            ))
            .cloned()
    };
    match deployed {
        Some(deployed) => name_in(deployed) != name_in(proposed),
        None => false,
    }
}

/// Whether the unreported-replacement fallback needs the deployed template.
pub(crate) fn needs_deployed_template(changes: &[PlannedChange]) -> bool {
    changes.iter().any(|c| {
        c.action == "Modify" && c.replacement.is_none() && name_property(&c.resource_type).is_some()
    })
}

/// Changes to stateful resources that are not in `allow_replace`.
pub fn refused_changes(
    changes: &[PlannedChange],
    allow_replace: &[String],
    deployed: Option<&Value>,
    proposed: &Value,
) -> Vec<RefusedChange> {
    changes
        .iter()
        .filter(|c| is_stateful(&c.resource_type))
        .filter(|c| !allow_replace.contains(&c.logical_id))
        .filter_map(|c| {
            let what = match c.action.as_str() {
                "Remove" => "Remove",
                "Modify" if replaces(c, deployed, proposed) => "Replace",
                _ => return None,
            };
            Some(RefusedChange {
                logical_id: c.logical_id.clone(),
                resource_type: c.resource_type.clone(),
                what: what.to_owned(),
            })
        })
        .collect()
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
        }
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
        let refused = refused_changes(&changes, &[], None, &template);
        let ids: Vec<_> = refused
            .iter()
            .map(|r| (r.logical_id.as_str(), r.what.as_str()))
            .collect();
        assert_eq!(
            ids,
            [("Logs", "Replace"), ("Repo", "Replace"), ("Data", "Remove")]
        );

        let allowed = vec!["Repo".to_owned(), "Data".to_owned()];
        let refused = refused_changes(&changes, &allowed, None, &template);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].logical_id, "Logs");
    }

    #[test]
    fn an_unreported_replacement_is_inferred_from_a_changed_name() {
        let changes = vec![change("Modify", "Data", "AWS::S3::Bucket", None)];
        let old = json!({"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "a"}}}});
        let renamed = json!({"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b"}}}});
        let tagged = json!({"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "a", "Tags": []}}}});
        assert!(needs_deployed_template(&changes));
        assert_eq!(
            refused_changes(&changes, &[], Some(&old), &renamed).len(),
            1
        );
        assert!(refused_changes(&changes, &[], Some(&old), &tagged).is_empty());
    }
}
