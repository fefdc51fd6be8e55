use super::context::Context;
use super::metadata::Entry;
use crate::model::{LogGroup, Resource};
use serde_json::{Value as Json, json};

pub fn synth(cx: &Context<'_>, resource: &Resource, group: &LogGroup) -> Vec<(String, Json)> {
    let mut props = cx.named_props("LogGroupName", &group.name);
    if let Some(days) = group.retention_days {
        props.insert("RetentionInDays".into(), json!(days));
    }
    props.insert("Tags".into(), cx.tags(resource));
    vec![Entry::item(resource, props).under_item_id(cx)]
}
