//! What a `destroy` removes and what it leaves, counted from what exists:
//! the deployed template says which resources are retained, the stack's
//! resources say which of them were ever created.

use aws_sdk_cloudformation::types::{ResourceStatus, StackResource};
use serde::Serialize;
use serde_json::Value;

/// A resource CloudFormation keeps when the stack is deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetainedResource {
    pub logical_id: String,
    pub resource_type: String,
    /// Bucket name, repository name, …; `None` if it was never created.
    pub physical_id: Option<String>,
}

/// Logical ids and types whose `DeletionPolicy` keeps them on stack deletion.
pub fn retained_in_template(template: &Value) -> Vec<(String, String)> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| {
            matches!(
                r.get("DeletionPolicy").and_then(Value::as_str),
                Some("Retain" | "RetainExceptOnCreate")
            )
        })
        .map(|(id, r)| {
            let ty = r.get("Type").and_then(Value::as_str).unwrap_or("?");
            (id.clone(), ty.to_owned())
        })
        .collect()
}

/// The resources a deletion deletes and keeps. Resources that never
/// existed (never created, or rolled back) are in neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DestroyPlan {
    /// How many existing resources the deletion removes.
    pub deletes: usize,
    /// Existing resources that stay (DeletionPolicy Retain).
    pub keeps: Vec<RetainedResource>,
}

impl DestroyPlan {
    /// The stack holds nothing: deleting it removes only the stack record.
    pub fn is_empty(&self) -> bool {
        self.deletes == 0 && self.keeps.is_empty()
    }

    /// "deletes 13 resources and keeps 4", "deletes 1 resource".
    pub fn sentence(&self) -> String {
        let mut text = format!("deletes {}", resources(self.deletes));
        if !self.keeps.is_empty() {
            text.push_str(&format!(" and keeps {}", self.keeps.len()));
        }
        text
    }
}

/// "1 resource", "4 resources".
pub(crate) fn resources(n: usize) -> String {
    if n == 1 {
        "1 resource".to_owned()
    } else {
        format!("{n} resources")
    }
}

/// Splits the existing resources of a stack into deleted and kept.
pub(crate) fn plan_destroy(template: &Value, resources: &[StackResource]) -> DestroyPlan {
    let existing: Vec<(&str, &str)> = resources
        .iter()
        .filter(|r| exists(r))
        .filter_map(|r| Some((r.logical_resource_id()?, r.physical_resource_id()?)))
        .collect();
    let keeps: Vec<RetainedResource> = retained_in_template(template)
        .into_iter()
        .filter_map(|(logical_id, resource_type)| {
            let physical = existing.iter().find(|(id, _)| *id == logical_id)?.1;
            Some(RetainedResource {
                physical_id: Some(physical.to_owned()),
                logical_id,
                resource_type,
            })
        })
        .collect();
    DestroyPlan {
        deletes: existing.len() - keeps.len(),
        keeps,
    }
}

/// A resource that is in the account now: it has a physical id and was
/// not deleted (a rolled-back create lists its resources as DELETE_COMPLETE).
fn exists(resource: &StackResource) -> bool {
    let created = resource
        .physical_resource_id()
        .is_some_and(|p| !p.is_empty());
    let gone = matches!(
        resource.resource_status(),
        Some(ResourceStatus::DeleteComplete | ResourceStatus::CreateFailed)
    );
    created && !gone
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resource(id: &str, physical: Option<&str>, status: ResourceStatus) -> StackResource {
        StackResource::builder()
            .logical_resource_id(id)
            .set_physical_resource_id(physical.map(str::to_owned))
            .resource_type("AWS::S3::Bucket")
            .resource_status(status)
            .timestamp(aws_smithy_types::DateTime::from_secs(0))
            .build()
    }

    #[test]
    fn retained_resources_are_kept_not_deleted() {
        let template = json!({"Resources": {
            "Data": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
            "Role": {"Type": "AWS::IAM::Role"},
            "Logs": {"Type": "AWS::Logs::LogGroup"}
        }});
        let plan = plan_destroy(
            &template,
            &[
                resource("Data", Some("data-bucket"), ResourceStatus::CreateComplete),
                resource("Role", Some("role-1"), ResourceStatus::UpdateComplete),
                resource("Logs", Some("/logs"), ResourceStatus::CreateComplete),
            ],
        );
        assert_eq!(plan.deletes, 2);
        assert_eq!(plan.keeps.len(), 1);
        assert_eq!(plan.keeps[0].physical_id.as_deref(), Some("data-bucket"));
        assert_eq!(plan.sentence(), "deletes 2 resources and keeps 1");
        assert!(!plan.is_empty());
    }

    #[test]
    fn a_rolled_back_create_holds_nothing() {
        let template = json!({"Resources": {
            "Data": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
            "Role": {"Type": "AWS::IAM::Role"}
        }});
        let plan = plan_destroy(
            &template,
            &[
                resource("Data", Some("data-bucket"), ResourceStatus::DeleteComplete),
                resource("Role", None, ResourceStatus::CreateFailed),
            ],
        );
        assert!(plan.is_empty(), "{plan:?}");
        assert_eq!(plan.sentence(), "deletes 0 resources");
        assert_eq!(resources(1), "1 resource");
    }

    #[test]
    fn retain_policies_are_read_from_the_template() {
        let t = json!({"Resources": {
            "Kept": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
            "KeptToo": {"Type": "AWS::ECR::Repository", "DeletionPolicy": "RetainExceptOnCreate"},
            "Snap": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot"},
            "Gone": {"Type": "AWS::Logs::LogGroup"}
        }});
        let kept = retained_in_template(&t);
        assert_eq!(
            kept,
            [
                ("Kept".to_owned(), "AWS::S3::Bucket".to_owned()),
                ("KeptToo".to_owned(), "AWS::ECR::Repository".to_owned())
            ]
        );
    }
}
