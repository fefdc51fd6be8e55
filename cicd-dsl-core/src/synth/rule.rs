use super::context::Context;
use super::expr::item_ref_expr;
use super::metadata::Entry;
use crate::model::{Attr, EventPattern, ItemRef, Resource, Rule};
use serde_json::{Value as Json, json};

pub fn synth(cx: &Context<'_>, resource: &Resource, rule: &Rule) -> Vec<(String, Json)> {
    let mut props = cx.described_props("Name", &rule.name, resource);
    let pattern = match &rule.pattern {
        EventPattern::S3ObjectCreated { bucket, key } => json!({
            "source": ["aws.s3"],
            "detail-type": ["Object Created"],
            "detail": {
                "bucket": { "name": [{ "Ref": bucket }] },
                "object": { "key": [key] }
            }
        }),
        EventPattern::Json(text) => {
            serde_json::from_str(text).expect("event patterns are checked to be JSON")
        }
    };
    props.insert("EventPattern".into(), pattern);
    props.insert("State".into(), json!("ENABLED"));
    let target_arn = item_ref_expr(
        cx.kind_of(&rule.target),
        &ItemRef::new(&rule.target, Attr::Arn),
    )
    .expect("every kind has an ARN");
    props.insert(
        "Targets".into(),
        json!([{
            "Id": rule.target,
            "Arn": target_arn,
            "RoleArn": { "Fn::GetAtt": [rule.role, "Arn"] }
        }]),
    );
    props.insert("Tags".into(), cx.tags(resource));

    let entry = Entry::item(resource, props).after_role_policy(cx, &rule.role);
    vec![entry.under_item_id(cx)]
}
