//! Resource-by-resource, property-by-property difference of two templates.

use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DiffKind {
    Added,
    Removed,
    Modified,
}

/// One changed value; `None` on a side where it is absent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyDiff {
    /// Dotted path: `Properties` keys as they are (`VersioningConfiguration.Status`),
    /// other attributes by name (`DeletionPolicy`, `Type`).
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceDiff {
    pub logical_id: String,
    pub resource_type: String,
    pub kind: DiffKind,
    /// Filled in from the change set when it says (`True` / `Conditional` / `False`).
    pub replacement: Option<String>,
    /// Create-only properties (by the type's resource schema) whose value
    /// changes: CloudFormation replaces the resource for any of them.
    pub create_only_changed: Vec<String>,
    pub properties: Vec<PropertyDiff>,
}

/// The template difference of resources and outputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TemplateDiff {
    pub resources: Vec<ResourceDiff>,
    pub outputs: Vec<PropertyDiff>,
}

impl TemplateDiff {
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.outputs.is_empty()
    }
}

fn section(template: &Value, name: &str) -> Map<String, Value> {
    template
        .get(name)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Compares `old` (deployed; `Value::Null` for none) with `new`.
pub fn diff_templates(old: &Value, new: &Value) -> TemplateDiff {
    let old_resources = section(old, "Resources");
    let new_resources = section(new, "Resources");
    let mut resources = Vec::new();
    for (id, new_res) in &new_resources {
        match old_resources.get(id) {
            None => resources.push(ResourceDiff {
                logical_id: id.clone(),
                resource_type: type_of(new_res),
                kind: DiffKind::Added,
                replacement: None,
                create_only_changed: Vec::new(),
                properties: Vec::new(),
            }),
            Some(old_res) => {
                let mut properties = Vec::new();
                compare(old_res, new_res, "", &mut properties);
                if !properties.is_empty() {
                    let resource_type = type_of(new_res);
                    let create_only_changed = cicd_dsl_core::replacement::replacing_changes(
                        &resource_type,
                        &properties_of(old_res),
                        &properties_of(new_res),
                    );
                    resources.push(ResourceDiff {
                        logical_id: id.clone(),
                        resource_type,
                        kind: DiffKind::Modified,
                        replacement: None,
                        create_only_changed,
                        properties,
                    });
                }
            }
        }
    }
    for (id, old_res) in &old_resources {
        if !new_resources.contains_key(id) {
            resources.push(ResourceDiff {
                logical_id: id.clone(),
                resource_type: type_of(old_res),
                kind: DiffKind::Removed,
                replacement: None,
                create_only_changed: Vec::new(),
                properties: Vec::new(),
            });
        }
    }

    let old_outputs = section(old, "Outputs");
    let new_outputs = section(new, "Outputs");
    let mut outputs = Vec::new();
    for (key, value) in &new_outputs {
        if old_outputs.get(key) != Some(value) {
            outputs.push(PropertyDiff {
                path: key.clone(),
                old: old_outputs.get(key).cloned(),
                new: Some(value.clone()),
            });
        }
    }
    for (key, value) in &old_outputs {
        if !new_outputs.contains_key(key) {
            outputs.push(PropertyDiff {
                path: key.clone(),
                old: Some(value.clone()),
                new: None,
            });
        }
    }
    TemplateDiff { resources, outputs }
}

fn properties_of(resource: &Value) -> Value {
    resource
        .get("Properties")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()))
}

fn type_of(resource: &Value) -> String {
    resource
        .get("Type")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_owned()
}

/// Descends into objects so a change deep inside a property names its path;
/// arrays and scalars are compared whole.
fn compare(old: &Value, new: &Value, path: &str, out: &mut Vec<PropertyDiff>) {
    if old == new {
        return;
    }
    if let (Some(old_tags), Some(new_tags)) = (tag_map(path, old), tag_map(path, new)) {
        compare_tags(&old_tags, &new_tags, path, out);
        return;
    }
    let (Some(old_map), Some(new_map)) = (old.as_object(), new.as_object()) else {
        out.push(PropertyDiff {
            path: path.to_owned(),
            old: Some(old.clone()),
            new: Some(new.clone()),
        });
        return;
    };
    for (key, new_value) in new_map {
        // Resource-level `Properties` is the container, not a path segment.
        let child = match (path, key.as_str()) {
            ("", "Properties") => String::new(),
            ("", _) => key.clone(),
            _ => format!("{path}.{key}"),
        };
        match old_map.get(key) {
            Some(old_value) if child.is_empty() => compare(old_value, new_value, "", out),
            Some(old_value) => compare(old_value, new_value, &child, out),
            None if child.is_empty() => compare(&Value::Object(Map::new()), new_value, "", out),
            None => match tag_map(&child, new_value) {
                Some(tags) => compare_tags(&Default::default(), &tags, &child, out),
                None => out.push(PropertyDiff {
                    path: child,
                    old: None,
                    new: Some(new_value.clone()),
                }),
            },
        }
    }
    for (key, old_value) in old_map {
        if new_map.contains_key(key) {
            continue;
        }
        if path.is_empty() && key == "Properties" {
            compare(old_value, &Value::Object(Map::new()), "", out);
            continue;
        }
        let child = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match tag_map(&child, old_value) {
            Some(tags) => compare_tags(&tags, &Default::default(), &child, out),
            None => out.push(PropertyDiff {
                path: child,
                old: Some(old_value.clone()),
                new: None,
            }),
        }
    }
}

/// A `Tags` array of `{Key, Value}` objects as key -> value; `None` for
/// another property or shape (which is then compared whole).
fn tag_map(path: &str, value: &Value) -> Option<std::collections::BTreeMap<String, Value>> {
    if path.rsplit('.').next() != Some("Tags") {
        return None;
    }
    value.as_array()?.iter().map(tag_entry).collect()
}

fn tag_entry(tag: &Value) -> Option<(String, Value)> {
    let tag = tag.as_object()?;
    let key = tag.get("Key")?.as_str()?;
    let value = tag.get("Value")?;
    (tag.len() == 2).then(|| (key.to_owned(), value.clone()))
}

/// One line per tag key that changes (`Tags[CostCenter]`), not the whole
/// array: a stack-wide tag touches every resource, and the array of each
/// would bury the one key that differs.
fn compare_tags(
    old: &std::collections::BTreeMap<String, Value>,
    new: &std::collections::BTreeMap<String, Value>,
    path: &str,
    out: &mut Vec<PropertyDiff>,
) {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let (before, after) = (old.get(key), new.get(key));
        if before != after {
            out.push(PropertyDiff {
                path: format!("{path}[{key}]"),
                old: before.cloned(),
                new: after.cloned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_property_changes_are_named_by_path() {
        let old = json!({"Resources": {
            "Data": {"Type": "AWS::S3::Bucket", "Properties": {
                "VersioningConfiguration": {"Status": "Suspended"}, "Tags": [{"Key": "a", "Value": "1"}]}},
            "Gone": {"Type": "AWS::Logs::LogGroup"}
        }});
        let new = json!({"Resources": {
            "Data": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {
                "VersioningConfiguration": {"Status": "Enabled"}, "BucketName": "b"}},
            "Fresh": {"Type": "AWS::IAM::Role", "Properties": {}}
        }});
        let diff = diff_templates(&old, &new);
        let data = &diff
            .resources
            .iter()
            .find(|r| r.logical_id == "Data")
            .unwrap();
        let paths: Vec<_> = data.properties.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "DeletionPolicy",
                "VersioningConfiguration.Status",
                "BucketName",
                "Tags[a]"
            ]
        );
        assert_eq!(data.properties[1].new, Some(json!("Enabled")));
        // A bucket's name is create-only: naming it replaces the bucket.
        assert_eq!(data.create_only_changed, ["BucketName"]);
        assert_eq!(data.properties[3].new, None);
        let kinds: Vec<_> = diff
            .resources
            .iter()
            .map(|r| (r.logical_id.as_str(), r.kind))
            .collect();
        assert!(kinds.contains(&("Fresh", DiffKind::Added)));
        assert!(kinds.contains(&("Gone", DiffKind::Removed)));
    }

    #[test]
    fn a_tag_change_names_only_the_key_that_changed() {
        let tags = |cost: Option<&str>, team: &str| {
            let mut tags = vec![
                json!({"Key": "Team", "Value": team}),
                json!({"Key": "App", "Value": "x"}),
            ];
            if let Some(cost) = cost {
                tags.push(json!({"Key": "CostCenter", "Value": cost}));
            }
            json!({"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": tags}}}})
        };
        let diff = diff_templates(&tags(None, "a"), &tags(Some("1234"), "b"));
        let changed: Vec<_> = diff.resources[0]
            .properties
            .iter()
            .map(|p| (p.path.as_str(), p.old.clone(), p.new.clone()))
            .collect();
        assert_eq!(
            changed,
            [
                ("Tags[CostCenter]", None, Some(json!("1234"))),
                ("Tags[Team]", Some(json!("a")), Some(json!("b"))),
            ]
        );
        // Not a tag array: compared whole.
        let old = json!({"Resources": {"F": {"Type": "T", "Properties": {"Tags": ["a"]}}}});
        let new = json!({"Resources": {"F": {"Type": "T", "Properties": {"Tags": ["b"]}}}});
        assert_eq!(
            diff_templates(&old, &new).resources[0].properties[0].path,
            "Tags"
        );
    }

    #[test]
    fn identical_templates_have_no_difference() {
        let t = json!({"Resources": {"A": {"Type": "AWS::S3::Bucket"}}, "Outputs": {"O": {"Value": "x"}}});
        assert!(diff_templates(&t, &t).is_empty());
        let mut changed = t.clone();
        changed["Outputs"]["O"]["Value"] = json!("y");
        assert_eq!(diff_templates(&t, &changed).outputs.len(), 1);
    }
}
