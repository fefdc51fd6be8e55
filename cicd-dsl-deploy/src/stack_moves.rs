//! Items renamed in the code (`#[moved(from = Old)]`, recorded in the
//! template's `Metadata.cicd-dsl.moved` as new id -> old id): before the
//! change set, `deploy` moves each deployed resource to its new logical id
//! with CloudFormation's stack refactoring (CreateStackRefactor, then
//! ExecuteStackRefactor), so the change set sees the resource already under
//! its new name and replaces nothing. The refactor template is the deployed
//! template with only the renames applied, as stack refactoring requires.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::types::{
    ResourceLocation, ResourceMapping, StackDefinition, StackRefactorExecutionStatus,
    StackRefactorStatus,
};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::aws::AwsClients;
use crate::change_set::PlannedChange;
use crate::confirm::Confirm;
use crate::error::{DeployError, aws_error};
use crate::reporter::{Reporter, Style};
use crate::stack_state::{StackInfo, deployed_template};

/// A resource moved to a new logical id (`--output json`: `moved`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MovedResource {
    pub from: String,
    pub to: String,
    pub resource_type: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error(
        "{to} is moved from {from} (#[moved]), but {from} is a {old_type} in the deployed stack and {to} a {new_type}; a move keeps the resource, so the type must stay: remove #[moved(from = {from})] to replace it"
    )]
    TypeChanged {
        from: String,
        to: String,
        old_type: String,
        new_type: String,
    },
    #[error(
        "{} moved in the code (#[moved]); a saved plan (--no-execute) changes nothing, so it cannot move them: run deploy once first, then plan",
        .moves.iter().map(|m| format!("{} -> {}", m.from, m.to)).collect::<Vec<_>>().join(", ")
    )]
    NotInPlan { moves: Vec<MovedResource> },
    #[error("stack refactor of {stack} failed: {reason}")]
    RefactorFailed { stack: String, reason: String },
    #[error("stack refactor of {stack} did not finish within {seconds} s")]
    TimedOut { stack: String, seconds: u64 },
}

/// The renames the code declares: new logical id -> old.
pub(crate) fn declared(proposed: &Value) -> BTreeMap<String, String> {
    proposed
        .pointer("/Metadata/cicd-dsl/moved")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(to, from)| Some((to.clone(), from.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

fn resource_type<'a>(template: &'a Value, id: &str) -> Option<&'a str> {
    template
        .pointer(&format!(
            "/Resources/{}/Type",
            id.replace('~', "~0").replace('/', "~1")
        ))
        .and_then(Value::as_str)
}

/// The declared renames still to be done on `deployed`: the old id is
/// there, the new one is not (a move already done, or an item never
/// deployed, is nothing to do). The resources an item adds under ids made
/// from its own (a bucket's `<Id>Policy`) move with it: making the new
/// policy and deleting the old one would leave the bucket without any.
pub(crate) fn pending(proposed: &Value, deployed: &Value) -> Result<Vec<MovedResource>, MoveError> {
    let mut moves = Vec::new();
    for (to, from) in declared(proposed) {
        let (Some(old_type), None, Some(new_type)) = (
            resource_type(deployed, &from),
            resource_type(deployed, &to),
            resource_type(proposed, &to),
        ) else {
            continue;
        };
        if old_type != new_type {
            return Err(MoveError::TypeChanged {
                from,
                to,
                old_type: old_type.to_owned(),
                new_type: new_type.to_owned(),
            });
        }
        let derived = derived_moves(proposed, deployed, &from, &to);
        moves.push(MovedResource {
            from,
            to,
            resource_type: old_type.to_owned(),
        });
        moves.extend(derived);
    }
    Ok(moves)
}

/// `<from><suffix>` -> `<to><suffix>` for each resource of the deployed
/// stack whose counterpart the proposed template has under the new name
/// (same type) and no longer under the old.
fn derived_moves(proposed: &Value, deployed: &Value, from: &str, to: &str) -> Vec<MovedResource> {
    let Some(resources) = deployed.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .keys()
        .filter_map(|id| {
            let suffix = id.strip_prefix(from).filter(|s| !s.is_empty())?;
            let new_id = format!("{to}{suffix}");
            let old_type = resource_type(deployed, id)?;
            let fits = resource_type(proposed, &new_id) == Some(old_type)
                && resource_type(proposed, id).is_none()
                && resource_type(deployed, &new_id).is_none();
            fits.then(|| MovedResource {
                from: id.clone(),
                to: new_id,
                resource_type: old_type.to_owned(),
            })
        })
        .collect()
}

/// `deployed` with each moved resource under its new id and every
/// reference to it (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `DependsOn`) following:
/// the template the stack has after the refactor.
pub(crate) fn moved_template(deployed: &Value, moves: &[MovedResource]) -> Value {
    let names: BTreeMap<&str, &str> = moves
        .iter()
        .map(|m| (m.from.as_str(), m.to.as_str()))
        .collect();
    let mut template = deployed.clone();
    if let Some(Value::Object(resources)) = template.get_mut("Resources") {
        let renamed: Map<String, Value> = std::mem::take(resources)
            .into_iter()
            .map(|(id, body)| {
                let id = names.get(id.as_str()).map_or(id, |to| (*to).to_owned());
                (id, rename_references(&body, &names))
            })
            .collect();
        *resources = renamed;
    }
    if let Some(outputs) = template.get_mut("Outputs") {
        *outputs = rename_references(outputs, &names);
    }
    template
}

fn rename_references(value: &Value, names: &BTreeMap<&str, &str>) -> Value {
    let new_name = |old: &str| names.get(old).map_or(old, |n| *n).to_owned();
    match value {
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| rename_references(v, names)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, inner)| {
                    let renamed = match (key.as_str(), inner) {
                        ("Ref", Value::String(id)) => Value::String(new_name(id)),
                        ("Fn::GetAtt", Value::Array(parts)) => {
                            let mut parts = parts.clone();
                            if let Some(Value::String(id)) = parts.first_mut() {
                                *id = new_name(id);
                            }
                            Value::Array(parts)
                        }
                        ("Fn::GetAtt", Value::String(dotted)) => {
                            let (id, rest) = dotted.split_once('.').unwrap_or((dotted, ""));
                            let id = new_name(id);
                            Value::String(if rest.is_empty() {
                                id
                            } else {
                                format!("{id}.{rest}")
                            })
                        }
                        ("Fn::Sub", sub) => rename_in_sub(sub, names),
                        ("DependsOn", Value::String(id)) => Value::String(new_name(id)),
                        ("DependsOn", Value::Array(ids)) => Value::Array(
                            ids.iter()
                                .map(|i| match i {
                                    Value::String(id) => Value::String(new_name(id)),
                                    other => other.clone(),
                                })
                                .collect(),
                        ),
                        _ => rename_references(inner, names),
                    };
                    (key.clone(), renamed)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `${Old}` and `${Old.Attr}` in a `Fn::Sub` string, except names the
/// `Fn::Sub` defines itself.
fn rename_in_sub(sub: &Value, names: &BTreeMap<&str, &str>) -> Value {
    match sub {
        Value::String(text) => Value::String(rename_in_sub_text(text, names, &Map::new())),
        Value::Array(parts) => match parts.as_slice() {
            [Value::String(text), Value::Object(vars)] => Value::Array(vec![
                Value::String(rename_in_sub_text(text, names, vars)),
                rename_references(&Value::Object(vars.clone()), names),
            ]),
            _ => rename_references(sub, names),
        },
        other => rename_references(other, names),
    }
}

fn rename_in_sub_text(
    text: &str,
    names: &BTreeMap<&str, &str>,
    local: &Map<String, Value>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &after[..end];
        let (id, attr) = inner
            .split_once('.')
            .map_or((inner, None), |(i, a)| (i, Some(a)));
        let id = match names.get(id) {
            Some(new) if !local.contains_key(id) => *new,
            _ => id,
        };
        out.push_str("${");
        out.push_str(id);
        if let Some(attr) = attr {
            out.push('.');
            out.push_str(attr);
        }
        out.push('}');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The change set's entries for the moves' own Remove-old/Add-new pair,
/// which the refactor makes unnecessary (used by `diff`, whose change set
/// is made against the stack before any move).
pub(crate) fn without_moved_pairs(
    changes: Vec<PlannedChange>,
    moves: &[MovedResource],
) -> Vec<PlannedChange> {
    changes
        .into_iter()
        .filter(|c| {
            !moves.iter().any(|m| {
                (c.action == "Remove" && c.logical_id == m.from)
                    || (c.action == "Add" && c.logical_id == m.to)
            })
        })
        .collect()
}

pub(crate) fn show(reporter: &Reporter, moves: &[MovedResource]) {
    for m in moves {
        reporter.styled(
            Style::Changed,
            &format!(
                "  [>] renamed {} -> {} ({}; moved, not replaced)",
                m.from, m.to, m.resource_type
            ),
        );
    }
}

/// Moves what the code renamed before the deploy's change set; returns
/// what was moved. A stack being created, or code with no `#[moved]`,
/// costs no call.
pub(crate) async fn move_before_deploy(
    clients: &AwsClients,
    stack_name: &str,
    proposed: &Value,
    existing: Option<&StackInfo>,
    leave_for_later: bool,
    confirm: &Confirm,
    reporter: &Reporter,
) -> Result<Vec<MovedResource>, DeployError> {
    let Some(stack) = existing else {
        return Ok(Vec::new());
    };
    if declared(proposed).is_empty() {
        return Ok(Vec::new());
    }
    let cfn = &clients.cloudformation;
    let deployed = deployed_template(cfn, &stack.id).await?;
    let moves = pending(proposed, &deployed)?;
    if moves.is_empty() {
        return Ok(moves);
    }
    if leave_for_later {
        return Err(MoveError::NotInPlan { moves }.into());
    }
    reporter.styled(
        Style::Heading,
        &format!(
            "Resources renamed in the code, moved within {stack_name} first (stack refactor):"
        ),
    );
    show(reporter, &moves);
    confirm.ask(
        reporter,
        &format!("Move these to their new names in {stack_name} (nothing is replaced)?"),
        "move them",
    )?;
    let template = moved_template(&deployed, &moves);
    refactor(clients, stack_name, &template, &moves).await?;
    reporter.say(&format!(
        "moved {} resource(s) in {stack_name} by stack refactor",
        moves.len()
    ));
    Ok(moves)
}

const REFACTOR_TIMEOUT: Duration = Duration::from_secs(600);

async fn refactor(
    clients: &AwsClients,
    stack_name: &str,
    template: &Value,
    moves: &[MovedResource],
) -> Result<(), DeployError> {
    let cfn = &clients.cloudformation;
    let failed = |reason: String| MoveError::RefactorFailed {
        stack: stack_name.to_owned(),
        reason,
    };
    let mut request = cfn
        .create_stack_refactor()
        .description(format!("cicd-dsl: {} moved in the code", moves.len()))
        .stack_definitions(
            StackDefinition::builder()
                .stack_name(stack_name)
                .template_body(template.to_string())
                .build(),
        );
    for m in moves {
        let at = |id: &str| {
            ResourceLocation::builder()
                .stack_name(stack_name)
                .logical_resource_id(id)
                .build()
        };
        request = request.resource_mappings(
            ResourceMapping::builder()
                .source(at(&m.from))
                .destination(at(&m.to))
                .build(),
        );
    }
    let created = request
        .send()
        .await
        .map_err(|err| aws_error("CreateStackRefactor", err))?;
    let id = created.stack_refactor_id().unwrap_or_default().to_owned();
    let started = Instant::now();
    loop {
        let described = cfn
            .describe_stack_refactor()
            .stack_refactor_id(&id)
            .send()
            .await
            .map_err(|err| aws_error("DescribeStackRefactor", err))?;
        match described.status() {
            Some(StackRefactorStatus::CreateComplete) => break,
            Some(StackRefactorStatus::CreateInProgress) | None => {}
            Some(other) => {
                return Err(failed(format!(
                    "{}: {}",
                    other.as_str(),
                    described.status_reason().unwrap_or("no reason given")
                ))
                .into());
            }
        }
        wait(started, stack_name).await?;
    }
    cfn.execute_stack_refactor()
        .stack_refactor_id(&id)
        .send()
        .await
        .map_err(|err| aws_error("ExecuteStackRefactor", err))?;
    loop {
        let described = cfn
            .describe_stack_refactor()
            .stack_refactor_id(&id)
            .send()
            .await
            .map_err(|err| aws_error("DescribeStackRefactor", err))?;
        match described.execution_status() {
            Some(StackRefactorExecutionStatus::ExecuteComplete) => return Ok(()),
            Some(StackRefactorExecutionStatus::ExecuteInProgress)
            | Some(StackRefactorExecutionStatus::Available)
            | None => {}
            Some(other) => {
                return Err(failed(format!(
                    "{}: {}",
                    other.as_str(),
                    described
                        .execution_status_reason()
                        .unwrap_or("no reason given")
                ))
                .into());
            }
        }
        wait(started, stack_name).await?;
    }
}

async fn wait(started: Instant, stack_name: &str) -> Result<(), MoveError> {
    if started.elapsed() > REFACTOR_TIMEOUT {
        return Err(MoveError::TimedOut {
            stack: stack_name.to_owned(),
            seconds: REFACTOR_TIMEOUT.as_secs(),
        });
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployed() -> Value {
        json!({"Resources": {
            "Artifacts": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
            "Policy": {"Type": "AWS::S3::BucketPolicy", "DependsOn": ["Artifacts"], "Properties": {
                "Bucket": {"Ref": "Artifacts"},
                "Resource": [{"Fn::GetAtt": ["Artifacts", "Arn"]}, {"Fn::Sub": "${Artifacts.Arn}/*"},
                             {"Fn::Sub": ["${Artifacts}", {"Artifacts": "local"}]}]
            }}
        }, "Outputs": {"Name": {"Value": {"Ref": "Artifacts"}}}})
    }

    fn proposed(moved: Value) -> Value {
        json!({"Metadata": {"cicd-dsl": {"moved": moved}}, "Resources": {
            "Store": {"Type": "AWS::S3::Bucket"},
            "Policy": {"Type": "AWS::S3::BucketPolicy"}
        }})
    }

    #[test]
    fn a_declared_rename_of_a_deployed_resource_is_pending_once() {
        let moves = pending(&proposed(json!({"Store": "Artifacts"})), &deployed()).unwrap();
        assert_eq!(
            moves,
            vec![MovedResource {
                from: "Artifacts".into(),
                to: "Store".into(),
                resource_type: "AWS::S3::Bucket".into()
            }]
        );
        // After the move the deployed stack holds Store: nothing to do.
        let after = moved_template(&deployed(), &moves);
        assert!(
            pending(&proposed(json!({"Store": "Artifacts"})), &after)
                .unwrap()
                .is_empty()
        );
        // A rename of something never deployed is nothing to do either.
        assert!(
            pending(&proposed(json!({"Store": "Nothing"})), &deployed())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn what_an_item_adds_under_its_own_name_moves_with_it() {
        let deployed = json!({"Resources": {
            "Artifacts": {"Type": "AWS::S3::Bucket"},
            "ArtifactsPolicy": {"Type": "AWS::S3::BucketPolicy"},
            "ArtifactsLogs": {"Type": "AWS::Logs::LogGroup"}
        }});
        let proposed = json!({"Metadata": {"cicd-dsl": {"moved": {"Store": "Artifacts"}}}, "Resources": {
            "Store": {"Type": "AWS::S3::Bucket"},
            "StorePolicy": {"Type": "AWS::S3::BucketPolicy"},
            "ArtifactsLogs": {"Type": "AWS::Logs::LogGroup"}
        }});
        let moves: Vec<(String, String)> = pending(&proposed, &deployed)
            .unwrap()
            .into_iter()
            .map(|m| (m.from, m.to))
            .collect();
        assert_eq!(
            moves,
            [
                ("Artifacts".to_owned(), "Store".to_owned()),
                ("ArtifactsPolicy".to_owned(), "StorePolicy".to_owned())
            ]
        );
    }

    #[test]
    fn a_move_that_changes_the_type_is_refused() {
        let mut proposed = proposed(json!({"Store": "Artifacts"}));
        proposed["Resources"]["Store"]["Type"] = json!("AWS::Logs::LogGroup");
        let err = pending(&proposed, &deployed()).unwrap_err().to_string();
        assert!(err.contains("Artifacts is a AWS::S3::Bucket"), "{err}");
    }

    #[test]
    fn the_moved_template_renames_the_resource_and_every_reference_to_it() {
        let moves = pending(&proposed(json!({"Store": "Artifacts"})), &deployed()).unwrap();
        let moved = moved_template(&deployed(), &moves);
        assert_eq!(
            moved,
            json!({"Resources": {
                "Store": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
                "Policy": {"Type": "AWS::S3::BucketPolicy", "DependsOn": ["Store"], "Properties": {
                    "Bucket": {"Ref": "Store"},
                    "Resource": [{"Fn::GetAtt": ["Store", "Arn"]}, {"Fn::Sub": "${Store.Arn}/*"},
                                 {"Fn::Sub": ["${Artifacts}", {"Artifacts": "local"}]}]
                }}
            }, "Outputs": {"Name": {"Value": {"Ref": "Store"}}}})
        );
    }
}
