//! An obvious rename the code does not declare: one resource leaves the
//! template and one of the same type arrives with the same physical name
//! (or, without one, the very same properties). The stateful guard refuses
//! that delete-plus-create; this lets its refusal say that
//! `#[moved(from = Old)]` on the new item keeps the resource instead.

use serde::Serialize;
use serde_json::Value;

/// A removed resource that looks renamed to an added one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LikelyRename {
    pub from: String,
    pub to: String,
}

/// The properties that hold a resource's physical name.
const NAME_PROPERTIES: &[&str] = &[
    "BucketName",
    "RepositoryName",
    "LogGroupName",
    "TableName",
    "QueueName",
    "TopicName",
    "FunctionName",
    "RoleName",
    "FileSystemName",
    "DBInstanceIdentifier",
    "Name",
];

fn resources(template: &Value) -> Vec<(&String, &Value)> {
    template
        .get("Resources")
        .and_then(Value::as_object)
        .map(|r| r.iter().collect())
        .unwrap_or_default()
}

fn physical_name(body: &Value) -> Option<&str> {
    let properties = body.get("Properties")?;
    NAME_PROPERTIES
        .iter()
        .find_map(|key| properties.get(*key).and_then(Value::as_str))
}

fn same_resource(old: &Value, new: &Value) -> bool {
    if old.get("Type") != new.get("Type") {
        return false;
    }
    match (physical_name(old), physical_name(new)) {
        (Some(a), Some(b)) => a == b,
        (None, None) => old.get("Properties") == new.get("Properties"),
        _ => false,
    }
}

/// Each removed resource that exactly one added resource matches, and that
/// matches no other removed one.
pub(crate) fn likely_renames(deployed: &Value, proposed: &Value) -> Vec<LikelyRename> {
    let before = resources(deployed);
    let after = resources(proposed);
    let removed: Vec<_> = before
        .iter()
        .filter(|(id, _)| !after.iter().any(|(a, _)| a == id))
        .collect();
    let added: Vec<_> = after
        .iter()
        .filter(|(id, _)| !before.iter().any(|(b, _)| b == id))
        .collect();
    let mut found = Vec::new();
    for (old_id, old) in &removed {
        let matches: Vec<_> = added
            .iter()
            .filter(|(_, new)| same_resource(old, new))
            .collect();
        let [(new_id, new)] = matches.as_slice() else {
            continue;
        };
        let rivals = removed
            .iter()
            .filter(|(_, o)| same_resource(o, new))
            .count();
        if rivals == 1 {
            found.push(LikelyRename {
                from: (*old_id).clone(),
                to: (*new_id).clone(),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn same_type_and_name_or_same_properties_is_a_rename_and_nothing_else_is() {
        let deployed = json!({"Resources": {
            "Images": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "repo"}},
            "Artifacts": {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "Enabled"}}},
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/a"}}
        }});
        let proposed = json!({"Resources": {
            "Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "repo", "ImageScanningConfiguration": {}}},
            "Store": {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "Enabled"}}},
            "OtherLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/b"}}
        }});
        let found = likely_renames(&deployed, &proposed);
        let mut pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str()))
            .collect();
        pairs.sort_unstable();
        assert_eq!(pairs, [("Artifacts", "Store"), ("Images", "Repo")]);
    }

    #[test]
    fn two_candidates_are_no_obvious_rename() {
        let deployed = json!({"Resources": {"A": {"Type": "AWS::S3::Bucket"}}});
        let proposed = json!({"Resources": {"B": {"Type": "AWS::S3::Bucket"}, "C": {"Type": "AWS::S3::Bucket"}}});
        assert!(likely_renames(&deployed, &proposed).is_empty());
    }
}
