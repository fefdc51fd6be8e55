//! The IMPORT change set that takes existing resources into a stack: its
//! template (what the stack holds plus the imported resources, each with a
//! DeletionPolicy as CloudFormation requires) and its run.

use std::collections::BTreeSet;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_cloudformation::types::{ChangeSetType, ResourceToImport, Tag};
use serde_json::{Map, Value};

use crate::aws::AwsClients;
use crate::change_set::{
    CHANGE_SET_PREFIX, ChangeSetHandle, ChangeSetKind, ChangeSetReady, discard_change_set,
    wait_for_change_set,
};
use crate::deploy::DeployRequest;
use crate::error::{DeployError, OperationFailure, aws_error};
use crate::events::first_failure;
use crate::existing_resources::identifier_key;
use crate::next_step::NextStep;
use crate::reporter::Reporter;
use crate::stack_state::StackInfo;
use crate::status::Status;

/// One resource to import: the item's logical id, its type and the
/// existing resource's primary identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ToImport {
    pub logical_id: String,
    pub resource_type: String,
    pub identifier: String,
}

/// The items of `proposed` that `body` refers to (Ref, Fn::GetAtt,
/// Fn::Sub) and that are not among `known`; pseudo parameters aside.
pub(crate) fn references_outside(body: &Value, known: &BTreeSet<String>) -> Vec<String> {
    let mut found = BTreeSet::new();
    collect_references(body, &mut found);
    found
        .into_iter()
        .filter(|r| !r.starts_with("AWS::") && !known.contains(r))
        .collect()
}

fn collect_references(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("Ref", Value::String(name)) => {
                        found.insert(name.clone());
                    }
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        if let Some(Value::String(name)) = parts.first() {
                            found.insert(name.clone());
                        }
                    }
                    ("Fn::GetAtt", Value::String(dotted)) => {
                        found.insert(dotted.split('.').next().unwrap_or_default().to_owned());
                    }
                    ("Fn::Sub", sub) => {
                        let text = match sub {
                            Value::Array(parts) => parts.first().and_then(Value::as_str),
                            other => other.as_str(),
                        };
                        for name in text.map(sub_names).unwrap_or_default() {
                            found.insert(name);
                        }
                    }
                    _ => {}
                }
                collect_references(inner, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_references(v, found)),
        _ => {}
    }
}

/// `${Name}` and `${Name.Attr}` in an Fn::Sub string (not `${!Literal}`).
fn sub_names(text: &str) -> Vec<String> {
    text.split("${")
        .skip(1)
        .filter_map(|rest| rest.split('}').next())
        .filter(|inner| !inner.starts_with('!'))
        .map(|inner| inner.split('.').next().unwrap_or_default().to_owned())
        .collect()
}

/// The template of the import: what the stack holds now (`deployed`, or
/// nothing for a new stack) plus each imported resource as the code
/// declares it. CloudFormation allows nothing else to change in an import,
/// so a new stack gets no Outputs yet (the deploy after the import adds
/// them), and refuses imported resources without a DeletionPolicy: one
/// without gets `Retain` for the import (the deploy after it puts the
/// code's own policy back).
pub(crate) fn import_template(
    proposed: &Value,
    deployed: Option<&Value>,
    imports: &[ToImport],
) -> Value {
    let mut template = match deployed {
        Some(deployed) => deployed.clone(),
        None => {
            let mut fresh = Map::new();
            for key in [
                "AWSTemplateFormatVersion",
                "Description",
                "Parameters",
                "Mappings",
                "Conditions",
            ] {
                if let Some(value) = proposed.get(key) {
                    fresh.insert(key.to_owned(), value.clone());
                }
            }
            Value::Object(fresh)
        }
    };
    let mut resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for item in imports {
        let Some(mut body) = proposed
            .pointer(&format!("/Resources/{}", item.logical_id))
            .cloned()
        else {
            continue;
        };
        if let Some(object) = body.as_object_mut() {
            object
                .entry("DeletionPolicy")
                .or_insert_with(|| Value::String("Retain".to_owned()));
        }
        resources.insert(item.logical_id.clone(), body);
    }
    // A DependsOn on what the stack does not hold yet would be a template
    // error; the order it asks for is kept by the deploy that follows.
    let held: BTreeSet<String> = resources.keys().cloned().collect();
    for item in imports {
        if let Some(body) = resources
            .get_mut(&item.logical_id)
            .and_then(Value::as_object_mut)
        {
            let kept: Vec<Value> = match body.get("DependsOn") {
                Some(Value::String(one)) => vec![Value::String(one.clone())],
                Some(Value::Array(many)) => many.clone(),
                _ => Vec::new(),
            }
            .into_iter()
            .filter(|d| d.as_str().is_some_and(|d| held.contains(d)))
            .collect();
            if kept.is_empty() {
                body.remove("DependsOn");
            } else {
                body.insert("DependsOn".to_owned(), Value::Array(kept));
            }
        }
    }
    if let Some(object) = template.as_object_mut() {
        object.insert("Resources".to_owned(), Value::Object(resources));
    }
    template
}

/// Creates the IMPORT change set, executes it and follows the stack to
/// `IMPORT_COMPLETE`; the stack as it then is.
pub(crate) async fn run_import(
    clients: &AwsClients,
    deploy: &DeployRequest,
    existing: Option<&StackInfo>,
    template: &Value,
    imports: &[ToImport],
    reporter: &Reporter,
) -> Result<StackInfo, DeployError> {
    let stack_name = deploy.stack_name.as_str();
    let cfn = &clients.cloudformation;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let name = format!("{CHANGE_SET_PREFIX}{stamp}");
    let mut request = cfn
        .create_change_set()
        .stack_name(stack_name)
        .change_set_name(&name)
        .change_set_type(ChangeSetType::Import)
        .template_body(template.to_string())
        .client_token(format!("{name}-{}", std::process::id()))
        .description("import by cicd-dsl")
        // The service role (`--role-arn`) imports too, as it deploys.
        .set_role_arn(deploy.change_set.role_arn.clone());
    for item in imports {
        let key = identifier_key(&item.resource_type).unwrap_or_default();
        request = request.resources_to_import(
            ResourceToImport::builder()
                .resource_type(&item.resource_type)
                .logical_resource_id(&item.logical_id)
                .resource_identifier(key, &item.identifier)
                .build(),
        );
    }
    for (key, value) in &deploy.tags {
        request = request.tags(Tag::builder().key(key).value(value).build());
    }
    let created = request
        .send()
        .await
        .map_err(|err| aws_error("CreateChangeSet", err))?;
    let handle = ChangeSetHandle {
        id: created.id().unwrap_or(&name).to_owned(),
        name,
        stack_id: created.stack_id().unwrap_or(stack_name).to_owned(),
        kind: match existing {
            Some(_) => ChangeSetKind::Update,
            None => ChangeSetKind::Create,
        },
    };
    let creation_time = match wait_for_change_set(cfn, &handle).await {
        Ok(ChangeSetReady::Changes { creation_time, .. }) => creation_time,
        Ok(ChangeSetReady::NoChanges) => {
            let _ = discard_change_set(cfn, &handle).await;
            return Err(DeployError::ChangeSetFailed {
                name: handle.name,
                reason: "the import change set lists nothing to import".to_owned(),
            });
        }
        Err(err) => {
            let _ = discard_change_set(cfn, &handle).await;
            return Err(err);
        }
    };
    let finished = crate::deploy::execute_and_follow(
        cfn,
        stack_name,
        &handle,
        creation_time,
        imports.len() as u64,
        reporter,
    )
    .await?;
    if finished.final_status == Status::ImportComplete
        && let Some(stack) = finished.stack
    {
        return Ok(stack);
    }
    Err(DeployError::StackOperationFailed(Box::new(
        OperationFailure {
            stack: stack_name.to_owned(),
            first_failure: first_failure(&finished.events, stack_name),
            next_step: NextStep::AfterFailure {
                stack: stack_name.to_owned(),
                status: finished.final_status.clone(),
            },
            status: finished.final_status,
        },
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn images() -> ToImport {
        ToImport {
            logical_id: "Images".to_owned(),
            resource_type: "AWS::ECR::Repository".to_owned(),
            identifier: "repo".to_owned(),
        }
    }

    #[test]
    fn a_new_stack_imports_only_the_imported_resources_with_a_deletion_policy_and_no_outputs() {
        let proposed = json!({
            "Description": "d",
            "Resources": {
                "Images": {"Type": "AWS::ECR::Repository", "DependsOn": ["Logs"], "Properties": {"RepositoryName": "repo"}},
                "Logs": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete"}
            },
            "Outputs": {"Url": {"Value": {"Fn::GetAtt": ["Images", "RepositoryUri"]}}}
        });
        let template = import_template(&proposed, None, &[images()]);
        assert_eq!(
            template,
            json!({
                "Description": "d",
                "Resources": {
                    "Images": {"Type": "AWS::ECR::Repository", "DeletionPolicy": "Retain", "Properties": {"RepositoryName": "repo"}}
                }
            })
        );
    }

    #[test]
    fn an_existing_stack_keeps_what_it_holds_and_its_outputs() {
        let deployed = json!({
            "Resources": {"Logs": {"Type": "AWS::Logs::LogGroup"}},
            "Outputs": {"L": {"Value": {"Ref": "Logs"}}}
        });
        let proposed = json!({"Resources": {
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}},
            "Images": {"Type": "AWS::ECR::Repository", "DeletionPolicy": "Retain", "DependsOn": "Logs"}
        }});
        let template = import_template(&proposed, Some(&deployed), &[images()]);
        assert_eq!(template["Resources"]["Logs"], deployed["Resources"]["Logs"]);
        assert_eq!(
            template["Resources"]["Images"]["DependsOn"],
            json!(["Logs"])
        );
        assert_eq!(template["Outputs"], deployed["Outputs"]);
    }

    #[test]
    fn references_are_found_in_ref_getatt_and_sub() {
        let body = json!({"Properties": {
            "A": {"Ref": "Key"},
            "B": {"Fn::GetAtt": ["Role", "Arn"]},
            "C": {"Fn::Sub": "arn:${AWS::Partition}:x:${Topic.Name}/${!Literal}"},
            "D": {"Ref": "Held"}
        }});
        let known: BTreeSet<String> = ["Held".to_owned()].into();
        assert_eq!(
            references_outside(&body, &known),
            vec!["Key", "Role", "Topic"]
        );
    }
}
