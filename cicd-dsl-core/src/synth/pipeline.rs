use super::context::Context;
use super::metadata::Entry;
use crate::model::{Pipeline, PipelineAction, Resource};
use serde_json::{Map, Value as Json, json};

pub fn synth(cx: &Context<'_>, resource: &Resource, pipeline: &Pipeline) -> Vec<(String, Json)> {
    let mut props = cx.named_props("Name", &pipeline.name);
    props.insert(
        "RoleArn".into(),
        json!({ "Fn::GetAtt": [pipeline.role, "Arn"] }),
    );
    props.insert("PipelineType".into(), json!("V2"));
    props.insert("ExecutionMode".into(), json!(pipeline.execution_mode.cfn()));
    props.insert(
        "ArtifactStore".into(),
        json!({ "Type": "S3", "Location": { "Ref": pipeline.artifacts } }),
    );

    // Each stage reads the artifact the last producing stage wrote.
    let mut last_output: Option<String> = None;
    let mut stages = Vec::new();
    for stage in &pipeline.stages {
        let mut actions = Vec::new();
        let mut produced = None;
        for action in &stage.actions {
            let (json, output) = action_json(action, last_output.as_deref());
            actions.push(json);
            produced = produced.or(output);
        }
        if produced.is_some() {
            last_output = produced;
        }
        stages.push(json!({ "Name": stage.name, "Actions": actions }));
    }
    props.insert("Stages".into(), Json::Array(stages));
    props.insert("Tags".into(), cx.tags(resource));

    let entry = Entry::item(resource, props).after_role_policy(cx, &pipeline.role);
    vec![entry.under_item_id(cx)]
}

/// An action's JSON and the artifact it outputs, if any.
fn action_json(action: &PipelineAction, input: Option<&str>) -> (Json, Option<String>) {
    let inputs = |input: Option<&str>| -> Json {
        match input {
            Some(name) => json!([{ "Name": name }]),
            None => json!([]),
        }
    };
    match action {
        PipelineAction::S3Source { bucket, key } => {
            let output = format!("{bucket}Source");
            let json = json!({
                "Name": bucket,
                "ActionTypeId": { "Category": "Source", "Owner": "AWS", "Provider": "S3", "Version": "1" },
                "Configuration": {
                    "S3Bucket": { "Ref": bucket },
                    "S3ObjectKey": key,
                    // An EventBridge rule starts the pipeline; polling too
                    // would run it twice.
                    "PollForSourceChanges": "false"
                },
                "OutputArtifacts": [{ "Name": output }],
                "RunOrder": 1
            });
            (json, Some(output))
        }
        PipelineAction::Build { project } => {
            let json = json!({
                "Name": project,
                "ActionTypeId": { "Category": "Build", "Owner": "AWS", "Provider": "CodeBuild", "Version": "1" },
                "Configuration": { "ProjectName": { "Ref": project } },
                "InputArtifacts": inputs(input),
                "RunOrder": 1
            });
            (json, None)
        }
        PipelineAction::Invoke {
            function,
            user_parameters,
        } => {
            let mut configuration = Map::new();
            configuration.insert("FunctionName".into(), json!({ "Ref": function }));
            if let Some(parameters) = user_parameters {
                configuration.insert("UserParameters".into(), json!(parameters));
            }
            let json = json!({
                "Name": function,
                "ActionTypeId": { "Category": "Invoke", "Owner": "AWS", "Provider": "Lambda", "Version": "1" },
                "Configuration": configuration,
                "RunOrder": 1
            });
            (json, None)
        }
    }
}
