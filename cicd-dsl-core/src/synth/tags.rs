use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// CloudFormation's `[{Key, Value}]` tag list, sorted by key.
pub fn tag_list(tags: &BTreeMap<String, String>) -> Json {
    Json::Array(
        tags.iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect(),
    )
}
