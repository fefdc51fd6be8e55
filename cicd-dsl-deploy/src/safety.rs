//! The guard against change sets that would lose data.

use serde_json::Value;

use crate::change_set::PlannedChange;
use crate::error::RefusedChange;

/// Whether resources of this type hold data a replacement or removal would
/// lose: the core's one list (buckets, repositories, log groups, tables,
/// queues, file systems, databases, keys, secrets, ...), shared with synth's
/// default retention of generic items.
pub fn is_stateful(resource_type: &str) -> bool {
    cicd_dsl_core::is_stateful_type(resource_type)
}

/// Whether a modify of a stateful resource replaces it. Uses AWS's answer when
/// there is one; else (plain moto never reports one) whether a create-only
/// property of the type's resource schema changed between the templates.
fn replaces(change: &PlannedChange, deployed: Option<&Value>, proposed: &Value) -> bool {
    if change.replacement.is_some() {
        return change.may_replace();
    }
    let Some(deployed) = deployed else {
        return false;
    };
    let properties = |template: &Value| {
        template
            .pointer(&format!("/Resources/{}/Properties", change.logical_id))
            .cloned()
            .unwrap_or_else(|| Value::Object(Default::default()))
    };
    !cicd_dsl_core::replacement::replacing_changes(
        &change.resource_type,
        &properties(deployed),
        &properties(proposed),
    )
    .is_empty()
}

/// Whether the unreported-replacement fallback needs the deployed template.
pub(crate) fn needs_deployed_template(changes: &[PlannedChange]) -> bool {
    changes
        .iter()
        .any(|c| c.action == "Modify" && c.replacement.is_none() && is_stateful(&c.resource_type))
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

    #[test]
    fn generic_data_holding_types_are_guarded_by_their_create_only_properties() {
        let changes = vec![
            change("Modify", "Orders", "AWS::DynamoDB::Table", None),
            change("Remove", "Jobs", "AWS::SQS::Queue", None),
            change("Remove", "Alerts", "AWS::SNS::Topic", None),
        ];
        let table = |name: &str, billing: &str| {
            json!({"Resources": {"Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {
                "TableName": name,
                "BillingMode": billing
            }}}})
        };
        let old = table("orders", "PAY_PER_REQUEST");
        let renamed = table("orders-v2", "PAY_PER_REQUEST");
        let rebilled = table("orders", "PROVISIONED");
        let refused = refused_changes(&changes, &[], Some(&old), &renamed);
        let ids: Vec<_> = refused
            .iter()
            .map(|r| (r.logical_id.as_str(), r.what.as_str()))
            .collect();
        assert_eq!(ids, [("Orders", "Replace"), ("Jobs", "Remove")]);
        let refused = refused_changes(&changes, &[], Some(&old), &rebilled);
        assert_eq!(refused.len(), 1, "a billing mode change updates in place");
        assert_eq!(refused[0].logical_id, "Jobs");
    }
}
