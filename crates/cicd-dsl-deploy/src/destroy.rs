//! `destroy`: delete the stack and say what stays behind.

use serde::Serialize;
use serde_json::Value;

use crate::aws::AwsClients;
use crate::call_counter::ApiCallCounts;
use crate::confirm::Confirm;
use crate::deploy::next_step_after_failure;
use crate::diff::deployed_template;
use crate::error::{DeployError, OperationFailure, aws_error};
use crate::events::{EventPoller, StackEventView, first_failure, follow_operation};
use crate::reporter::{Reporter, Style};
use crate::stack_state::describe_stack;

/// A resource CloudFormation keeps when the stack is deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetainedResource {
    pub logical_id: String,
    pub resource_type: String,
    /// Bucket name, repository name, …; `None` if it was never created.
    pub physical_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DestroyOutcome {
    pub stack_name: String,
    /// `false` when there was no such stack (nothing was done).
    pub existed: bool,
    pub final_status: Option<String>,
    pub retained: Vec<RetainedResource>,
    pub events: Vec<StackEventView>,
    pub api_calls: ApiCallCounts,
}

/// Logical ids and types whose `DeletionPolicy` keeps them on stack deletion.
pub fn retained_in_template(template: &Value) -> Vec<(String, String)> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| {
            matches!(
                r.get("DeletionPolicy").and_then(Value::as_str),
                Some("Retain" | "RetainExceptOnCreate")
            )
        })
        .map(|(id, r)| {
            let ty = r.get("Type").and_then(Value::as_str).unwrap_or("?");
            (id.clone(), ty.to_owned())
        })
        .collect()
}

/// Deletes `stack_name` after confirmation and follows it to the end.
pub async fn destroy(
    clients: &AwsClients,
    stack_name: &str,
    confirm: Confirm,
    reporter: &Reporter,
) -> Result<DestroyOutcome, DeployError> {
    let calls_before = clients.api_calls();
    let cfn = &clients.cloudformation;
    let Some(stack) = describe_stack(cfn, stack_name).await? else {
        reporter.say(&format!("{stack_name} does not exist; nothing to destroy"));
        return Ok(DestroyOutcome {
            stack_name: stack_name.to_owned(),
            existed: false,
            final_status: None,
            retained: Vec::new(),
            events: Vec::new(),
            api_calls: clients.api_calls().since(&calls_before),
        });
    };
    if stack.in_progress() && stack.status != "REVIEW_IN_PROGRESS" {
        return Err(DeployError::StackBusy {
            stack: stack_name.to_owned(),
            status: stack.status,
        });
    }

    let template = deployed_template(cfn, &stack.id).await?;
    let keep = retained_in_template(&template);
    let resources = cfn
        .describe_stack_resources()
        .stack_name(&stack.id)
        .send()
        .await
        .map_err(|err| aws_error("DescribeStackResources", err))?;
    let total = resources.stack_resources().len() as u64;
    let retained: Vec<RetainedResource> = keep
        .into_iter()
        .map(|(logical_id, resource_type)| {
            let physical_id = resources
                .stack_resources()
                .iter()
                .find(|r| r.logical_resource_id() == Some(logical_id.as_str()))
                .and_then(|r| r.physical_resource_id())
                .map(str::to_owned);
            RetainedResource {
                logical_id,
                resource_type,
                physical_id,
            }
        })
        .collect();

    reporter.styled(
        Style::Danger,
        &format!("Destroying {stack_name} deletes {total} resources."),
    );
    show_retained(reporter, &retained, "These stay (DeletionPolicy Retain):");
    confirm.ask(reporter, &format!("Delete stack {stack_name}?"), "destroy")?;

    // Events before the deletion belong to earlier operations: start at the
    // newest one CloudFormation has now (its clock, not ours) and skip it.
    let before = cfn
        .describe_stack_events()
        .stack_name(&stack.id)
        .send()
        .await
        .map_err(|err| aws_error("DescribeStackEvents", err))?;
    let since = before
        .stack_events()
        .first()
        .and_then(|e| e.timestamp().copied())
        .unwrap_or_else(|| aws_smithy_types::DateTime::from_secs(0));
    let mut poller = EventPoller::new(&stack.id, since);
    poller.mark_seen(before.stack_events().iter().filter_map(|e| e.event_id()));
    cfn.delete_stack()
        .stack_name(&stack.id)
        .send()
        .await
        .map_err(|err| aws_error("DeleteStack", err))?;
    let finished = follow_operation(cfn, poller, &stack.id, stack_name, total, reporter).await?;

    if finished.final_status != "DELETE_COMPLETE" {
        return Err(DeployError::StackOperationFailed(Box::new(
            OperationFailure {
                stack: stack_name.to_owned(),
                first_failure: first_failure(&finished.events, stack_name),
                next_step: next_step_after_failure(stack_name, &finished.final_status),
                status: finished.final_status,
            },
        )));
    }
    reporter.styled(Style::Added, &format!("{stack_name}: DELETE_COMPLETE"));
    show_retained(reporter, &retained, "Left in the account:");
    Ok(DestroyOutcome {
        stack_name: stack_name.to_owned(),
        existed: true,
        final_status: Some(finished.final_status),
        retained,
        events: finished.events,
        api_calls: clients.api_calls().since(&calls_before),
    })
}

fn show_retained(reporter: &Reporter, retained: &[RetainedResource], heading: &str) {
    if retained.is_empty() {
        return;
    }
    reporter.say(heading);
    for r in retained {
        reporter.say(&format!(
            "  {} {} {}",
            r.resource_type,
            r.logical_id,
            r.physical_id.as_deref().unwrap_or("(not created)")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn retain_policies_are_read_from_the_template() {
        let t = json!({"Resources": {
            "Kept": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
            "KeptToo": {"Type": "AWS::ECR::Repository", "DeletionPolicy": "RetainExceptOnCreate"},
            "Snap": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot"},
            "Gone": {"Type": "AWS::Logs::LogGroup"}
        }});
        let kept = retained_in_template(&t);
        assert_eq!(
            kept,
            [
                ("Kept".to_owned(), "AWS::S3::Bucket".to_owned()),
                ("KeptToo".to_owned(), "AWS::ECR::Repository".to_owned())
            ]
        );
    }
}
