use super::SynthError;
use super::context::Context;
use super::metadata::Entry;
use crate::model::{Attr, Code, Function, ItemRef, Resource, Value};
use serde_json::{Map, Value as Json, json};

/// Where `deploy` publishes code assets: one bucket per account and region,
/// created by `bootstrap`, with content-addressed keys.
pub const ASSET_BUCKET_SUB: &str = "cicd-dsl-assets-${AWS::AccountId}-${AWS::Region}";

pub fn asset_key(sha256: &str) -> String {
    format!("assets/{sha256}.zip")
}

pub fn synth(
    cx: &Context<'_>,
    resource: &Resource,
    function: &Function,
) -> Result<Vec<(String, Json)>, SynthError> {
    let mut props = cx.described_props("FunctionName", &function.name, resource);
    props.insert("Runtime".into(), json!(function.runtime.0));
    props.insert("Handler".into(), json!(function.handler));
    props.insert(
        "Architectures".into(),
        json!([function.architecture.lambda_name()]),
    );
    if function.snap_start {
        props.insert(
            "SnapStart".into(),
            json!({ "ApplyOn": "PublishedVersions" }),
        );
    }
    let code = match &function.code {
        Code::Cargo { package, .. } => {
            let sha = function
                .asset_name()
                .and_then(|name| cx.config.assets.get(&name))
                .ok_or_else(|| SynthError::MissingAsset {
                    function: resource.id.clone(),
                    package: package.clone(),
                })?;
            json!({ "S3Bucket": { "Fn::Sub": ASSET_BUCKET_SUB }, "S3Key": asset_key(sha) })
        }
        Code::Inline(source) => json!({ "ZipFile": source }),
    };
    props.insert("Code".into(), code);
    props.insert(
        "Role".into(),
        json!({ "Fn::GetAtt": [function.role, "Arn"] }),
    );
    props.insert("MemorySize".into(), json!(function.memory_mb));
    props.insert("Timeout".into(), json!(function.timeout_seconds));
    if !function.environment.is_empty() {
        let mut variables = Map::new();
        for (name, value) in &function.environment {
            let value = match value {
                Value::Literal(text) => json!(text),
                Value::Ref(r) => cx.expr(&resource.id, r)?,
            };
            variables.insert(name.clone(), value);
        }
        props.insert("Environment".into(), json!({ "Variables": variables }));
    }
    if let Some(logs) = &function.logs {
        let group = cx.expr(&resource.id, &ItemRef::new(logs, Attr::Name))?;
        props.insert(
            "LoggingConfig".into(),
            json!({ "LogGroup": group, "LogFormat": "Text" }),
        );
    }
    props.insert("Tags".into(), cx.tags(resource));

    let entry = Entry::item(resource, props).after_role_policy(cx, &function.role);
    Ok(vec![entry.under_item_id(cx)])
}
