use super::context::Context;
use super::metadata::Entry;
use crate::model::{Attr, ItemRef, Project, Resource, Value};
use serde_json::{Map, Value as Json, json};

pub fn synth(cx: &Context<'_>, resource: &Resource, project: &Project) -> Vec<(String, Json)> {
    let mut props = cx.described_props("Name", &project.name, resource);
    props.insert(
        "ServiceRole".into(),
        json!({ "Fn::GetAtt": [project.role, "Arn"] }),
    );
    props.insert(
        "Source".into(),
        json!({ "Type": "CODEPIPELINE", "BuildSpec": project.buildspec }),
    );
    props.insert("Artifacts".into(), json!({ "Type": "CODEPIPELINE" }));

    let mut variables = Vec::new();
    if let Some(repo) = &project.pushes_to {
        variables.push(json!({
            "Name": "REPOSITORY_URI",
            "Type": "PLAINTEXT",
            "Value": { "Fn::GetAtt": [repo, "RepositoryUri"] }
        }));
    }
    for (name, value) in &project.environment {
        let value = match value {
            Value::Literal(text) => json!(text),
            Value::Ref(r) => cx.expr(&resource.id, r).expect("references are checked"),
        };
        variables.push(json!({ "Name": name, "Type": "PLAINTEXT", "Value": value }));
    }
    let mut environment = Map::new();
    environment.insert("Type".into(), json!("LINUX_CONTAINER"));
    environment.insert("ComputeType".into(), json!(project.compute.cfn()));
    environment.insert("Image".into(), json!(project.image));
    environment.insert("ImagePullCredentialsType".into(), json!("CODEBUILD"));
    environment.insert("PrivilegedMode".into(), json!(project.privileged));
    if !variables.is_empty() {
        environment.insert("EnvironmentVariables".into(), Json::Array(variables));
    }
    props.insert("Environment".into(), Json::Object(environment));
    if let Some(logs) = &project.logs {
        let group = cx
            .expr(&resource.id, &ItemRef::new(logs, Attr::Name))
            .expect("every kind has a name");
        props.insert(
            "LogsConfig".into(),
            json!({ "CloudWatchLogs": { "Status": "ENABLED", "GroupName": group } }),
        );
    }
    props.insert("TimeoutInMinutes".into(), json!(project.timeout_minutes));
    props.insert("Tags".into(), cx.tags(resource));

    let entry = Entry::item(resource, props).after_role_policy(cx, &project.role);
    vec![entry.under_item_id(cx)]
}
