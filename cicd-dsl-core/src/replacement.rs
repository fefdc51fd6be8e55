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
}
