//! Which changes replace a resource, from its type's schema: a change to a
//! create-only property (`createOnlyProperties`) makes CloudFormation
//! create a new resource and delete the old one. The deploy guard reads this
//! when an endpoint does not report `Replacement` for a change, and
//! [`crate::is_stateful_type`] for whether losing the old one loses data.

use cicd_dsl_cfn::Catalog;
use serde_json::Value as Json;

/// The create-only properties of `type_name` whose value differs between
/// the deployed and the proposed `Properties` (dotted names, sorted).
/// Empty for an unknown type.
pub fn replacing_changes(type_name: &str, deployed: &Json, proposed: &Json) -> Vec<String> {
    let Some(schema) = Catalog::schema(type_name) else {
        return Vec::new();
    };
    let mut changed: Vec<String> = schema
        .create_only_properties
        .iter()
        .filter(|pointer| !pointer.contains('*'))
        .filter(|pointer| {
            let at = pointer.strip_prefix("/properties").unwrap_or(pointer);
            deployed.pointer(at) != proposed.pointer(at)
        })
        .map(|pointer| cicd_dsl_cfn::pointer_to_name(pointer))
        .collect();
    changed.sort();
    changed
}

/// The names among `changed` (top-level properties a change set reports
/// as changing) under which `type_name` has a create-only property: the
/// change replaces the resource, or may (a nested create-only property).
pub fn create_only_touched(type_name: &str, changed: &[String]) -> Vec<String> {
    let Some(schema) = Catalog::schema(type_name) else {
        return Vec::new();
    };
    changed
        .iter()
        .filter(|name| {
            schema.create_only_properties.iter().any(|pointer| {
                let top = pointer.strip_prefix("/properties/").unwrap_or(pointer);
                top.split('/').next() == Some(name.as_str())
            })
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_create_only_change_replaces() {
        let old = json!({ "TableName": "a", "BillingMode": "PAY_PER_REQUEST" });
        let renamed = json!({ "TableName": "b", "BillingMode": "PAY_PER_REQUEST" });
        let rebilled = json!({ "TableName": "a", "BillingMode": "PROVISIONED" });
        assert_eq!(
            replacing_changes("AWS::DynamoDB::Table", &old, &renamed),
            ["TableName"]
        );
        assert!(replacing_changes("AWS::DynamoDB::Table", &old, &rebilled).is_empty());
        assert!(replacing_changes("AWS::Nope::Nope", &old, &renamed).is_empty());
        let fifo = json!({ "FifoQueue": true });
        assert_eq!(
            replacing_changes("AWS::SQS::Queue", &json!({}), &fifo),
            ["FifoQueue"]
        );
    }

    #[test]
    fn change_set_property_names_that_touch_a_create_only_property() {
        let changed = ["TableName".to_owned(), "BillingMode".to_owned()];
        assert_eq!(
            create_only_touched("AWS::DynamoDB::Table", &changed),
            ["TableName"]
        );
        assert!(create_only_touched("AWS::Nope::Nope", &changed).is_empty());
    }
}
