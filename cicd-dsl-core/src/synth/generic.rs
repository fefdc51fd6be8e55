//! Generic items become one resource of their own type: the properties as
//! written (references as intrinsic functions), the item's description
//! where the type has a `Description`, and the stack's and the item's tags
//! merged into the type's tag property in the shape its schema gives.

use super::SynthError;
use super::context::Context;
use super::expr::item_ref_expr;
use super::metadata::Entry;
use crate::model::{Attr, Generic, ItemRef, Kind, PropValue, Resource, SubPart};
use cicd_dsl_cfn::{Catalog, JsonType, ResourceSchema, TagShape};
use serde_json::{Map, Value as Json, json};
use std::collections::BTreeMap;

pub(super) fn synth(
    cx: &Context<'_>,
    resource: &Resource,
    generic: &Generic,
) -> Result<Vec<(String, Json)>, SynthError> {
    let schema = Catalog::schema(&generic.type_name);
    let mut tags = cx.base_tags.clone();
    tags.extend(resource.tags.clone());
    let props = properties(
        generic,
        schema,
        resource.description.as_deref(),
        &tags,
        |id| Some(cx.kind_of(id)),
    );
    Ok(vec![Entry::item(resource, props).under_item_id(cx)])
}

/// The `Properties` object of a generic item, keys sorted: what synthesis
/// emits and what the schema rules validate. `kind_of` names the kind of a
/// referenced item (`None`: not in the stack, referenced as if generic).
pub fn properties(
    generic: &Generic,
    schema: Option<&ResourceSchema>,
    description: Option<&str>,
    tags: &BTreeMap<String, String>,
    kind_of: impl Fn(&str) -> Option<Kind> + Copy,
) -> Map<String, Json> {
    let mut props: BTreeMap<String, Json> = generic
        .properties
        .iter()
        .map(|(name, value)| (name.clone(), to_json(value, kind_of)))
        .collect();
    if let (Some(schema), Some(description)) = (schema, description)
        && takes_description(schema)
    {
        props
            .entry("Description".to_owned())
            .or_insert_with(|| json!(description));
    }
    if let Some(schema) = schema
        && !tags.is_empty()
    {
        merge_tags(schema, &mut props, tags);
    }
    props.into_iter().collect()
}

/// A property value as template JSON; references become `Ref`,
/// `Fn::GetAtt` or `Fn::Sub`.
pub fn to_json(value: &PropValue, kind_of: impl Fn(&str) -> Option<Kind> + Copy) -> Json {
    match value {
        PropValue::String(text) => json!(text),
        PropValue::Number(digits) => digits
            .parse::<serde_json::Number>()
            .map_or_else(|_| json!(digits), Json::Number),
        PropValue::Bool(b) => json!(b),
        PropValue::List(items) => Json::Array(items.iter().map(|v| to_json(v, kind_of)).collect()),
        PropValue::Object(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v, kind_of)))
                .collect(),
        ),
        PropValue::Ref(target) => reference(target, kind_of),
        PropValue::Sub(parts) => json!({ "Fn::Sub": SubPart::text(parts) }),
    }
}

fn reference(target: &ItemRef, kind_of: impl Fn(&str) -> Option<Kind>) -> Json {
    let kind = kind_of(&target.item).unwrap_or(Kind::Generic);
    item_ref_expr(kind, target).unwrap_or_else(|| {
        // `no-such-value` reports it; keep the shape CloudFormation reads.
        let attr = match &target.attr {
            Attr::Get(name) => name.clone(),
            other => other.method().to_owned(),
        };
        json!({ "Fn::GetAtt": [target.item, attr] })
    })
}

/// Whether the type has a top-level string `Description`.
fn takes_description(schema: &ResourceSchema) -> bool {
    schema
        .property("Description")
        .is_some_and(|s| s.allows_type(JsonType::String))
}

/// Adds the tags to the type's top-level tag property; the item's own
/// entries in that property win over the stack's of the same key.
fn merge_tags(
    schema: &ResourceSchema,
    props: &mut BTreeMap<String, Json>,
    tags: &BTreeMap<String, String>,
) {
    let info = schema.tags();
    let (true, Some(name), Some(shape)) = (info.taggable, info.property, info.shape) else {
        return;
    };
    if name.contains('.') {
        return;
    }
    match shape {
        TagShape::KeyValueList => {
            let mut merged: BTreeMap<String, Json> = tags
                .iter()
                .map(|(k, v)| (k.clone(), json!({ "Key": k, "Value": v })))
                .collect();
            let mut unkeyed = Vec::new();
            if let Some(Json::Array(given)) = props.get(&name) {
                for entry in given {
                    match entry.get("Key").and_then(Json::as_str) {
                        Some(key) => {
                            merged.insert(key.to_owned(), entry.clone());
                        }
                        None => unkeyed.push(entry.clone()),
                    }
                }
            } else if props.contains_key(&name) {
                return;
            }
            let mut list: Vec<Json> = merged.into_values().collect();
            list.extend(unkeyed);
            props.insert(name, Json::Array(list));
        }
        TagShape::Map => {
            let mut merged: BTreeMap<String, Json> =
                tags.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            match props.get(&name) {
                Some(Json::Object(given)) => {
                    merged.extend(given.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                Some(_) => return,
                None => {}
            }
            props.insert(name, Json::Object(merged.into_iter().collect()));
        }
        TagShape::Other => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn tags_take_the_shape_of_the_schema() {
        let queue = Generic::new("AWS::SQS::Queue").with(
            "Tags",
            PropValue::List(vec![PropValue::object([
                ("Key", PropValue::String("team".into())),
                ("Value", PropValue::String("mine".into())),
            ])]),
        );
        let schema = Catalog::schema("AWS::SQS::Queue");
        let props = properties(
            &queue,
            schema,
            None,
            &tags(&[("team", "stack"), ("env", "prod")]),
            |_| None,
        );
        assert_eq!(
            props["Tags"],
            json!([{ "Key": "env", "Value": "prod" }, { "Key": "team", "Value": "mine" }])
        );
        let parameter = Generic::new("AWS::SSM::Parameter");
        let schema = Catalog::schema("AWS::SSM::Parameter");
        let props = properties(
            &parameter,
            schema,
            Some("doc"),
            &tags(&[("env", "prod")]),
            |_| None,
        );
        assert_eq!(props["Tags"], json!({ "env": "prod" }));
        assert_eq!(props["Description"], json!("doc"));
    }

    #[test]
    fn references_become_intrinsics() {
        let value = PropValue::List(vec![
            PropValue::Ref(ItemRef::new("Q", Attr::Name)),
            PropValue::Ref(ItemRef::new("Q", Attr::Get("QueueUrl".into()))),
            PropValue::Ref(ItemRef::new("Q", Attr::Arn)),
            PropValue::Sub(SubPart::parse("${Q.Arn}/*")),
            PropValue::Number("0.10".into()),
        ]);
        assert_eq!(
            to_json(&value, |_| Some(Kind::Generic)),
            json!([
                { "Ref": "Q" },
                { "Fn::GetAtt": ["Q", "QueueUrl"] },
                { "Fn::GetAtt": ["Q", "Arn"] },
                { "Fn::Sub": "${Q.Arn}/*" },
                0.10
            ])
        );
    }
}
