use super::context::Context;
use super::metadata::Entry;
use crate::model::{LogGroup, Resource};
use serde_json::{Map, Value as Json, json};

pub fn synth(cx: &Context<'_>, resource: &Resource, group: &LogGroup) -> Vec<(String, Json)> {
    let mut props = Map::new();
    if let Some(name) = cx.name(&group.name) {
        props.insert("LogGroupName".into(), json!(name));
    }
    if let Some(days) = group.retention_days {
        props.insert("RetentionInDays".into(), json!(days));
    }
    props.insert("Tags".into(), cx.tags(resource));
    vec![(
        resource.id.clone(),
        Entry::new(resource, resource.kind().cfn_type(), Json::Object(props))
            .for_item()
            .into_json(cx),
    )]
}
