//! After Ctrl-C. CloudFormation goes on with whatever it was already given,
//! so an interrupted command stops its own work (the CLI drops it at its
//! next AWS call, see [`crate::StopSignal`]), removes what it made that
//! nothing uses yet (a change set not executed, and the empty stack a
//! first change set creates) and says where the stack stands.

use serde::Serialize;

use crate::aws::AwsClients;
use crate::change_set::{change_sets_of, has_run, remove_own_leftovers};
use crate::error::{DeployError, aws_error};
use crate::next_step::{CommandLine, NextStep, Subcommand};
use crate::stack_state::describe_stack;
use crate::status::Status;

/// Where an interrupted command left the stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AfterInterrupt {
    pub stack: String,
    /// `None` when the stack does not exist (or no longer does).
    pub status: Option<Status>,
    /// This tool's change sets that never ran, now deleted.
    pub removed_change_sets: Vec<String>,
    /// The stack only held such a change set (`REVIEW_IN_PROGRESS`), so it
    /// was deleted too.
    pub removed_empty_stack: bool,
    pub next_step: NextStep,
}

impl AfterInterrupt {
    /// The one line the user reads, with commands as `commands` spells them.
    pub fn message(&self, commands: &dyn CommandLine) -> String {
        let mut line = String::from("interrupted: ");
        match &self.status {
            Some(status) => line.push_str(&format!("{} is {status}", self.stack)),
            None => line.push_str(&format!("{} does not exist", self.stack)),
        }
        if !self.removed_change_sets.is_empty() {
            line.push_str(&format!(
                "; removed the change set {} that never ran",
                self.removed_change_sets.join(", ")
            ));
            if self.removed_empty_stack {
                line.push_str(" and the empty stack it had created");
            }
        }
        line.push_str(&format!(". Next: {}", self.next_step.describe(commands)));
        line
    }
}

impl std::fmt::Display for AfterInterrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(&Subcommand))
    }
}

/// Removes this tool's unexecuted change sets of `stack_name` (and the
/// stack, when that leaves it an empty `REVIEW_IN_PROGRESS` shell), then
/// reports the stack's status with the step to follow.
pub async fn clean_up_after_interrupt(
    clients: &AwsClients,
    stack_name: &str,
) -> Result<AfterInterrupt, DeployError> {
    let cfn = &clients.cloudformation;
    let Some(stack) = describe_stack(cfn, stack_name).await? else {
        return Ok(after(stack_name, None, Vec::new(), false));
    };
    let removed = remove_own_leftovers(cfn, &stack.id).await?;
    let mut removed_empty_stack = false;
    if stack.status == Status::ReviewInProgress
        && !removed.is_empty()
        && !has_change_sets(clients, &stack.id).await?
    {
        cfn.delete_stack()
            .stack_name(&stack.id)
            .send()
            .await
            .map_err(|err| aws_error("DeleteStack", err))?;
        removed_empty_stack = true;
    }
    let status = if removed_empty_stack {
        None
    } else {
        describe_stack(cfn, &stack.id)
            .await?
            .map(|s| s.status)
            .filter(|s| *s != Status::DeleteComplete)
    };
    Ok(after(stack_name, status, removed, removed_empty_stack))
}

fn after(
    stack: &str,
    status: Option<Status>,
    removed_change_sets: Vec<String>,
    removed_empty_stack: bool,
) -> AfterInterrupt {
    AfterInterrupt {
        next_step: NextStep::AfterInterrupt {
            stack: stack.to_owned(),
            status: status.clone(),
        },
        stack: stack.to_owned(),
        status,
        removed_change_sets,
        removed_empty_stack,
    }
}

/// Someone else's change set still under review keeps the stack alive.
/// `stack_id` is the stack's ARN, as ListChangeSets reports it.
async fn has_change_sets(clients: &AwsClients, stack_id: &str) -> Result<bool, DeployError> {
    let summaries = change_sets_of(&clients.cloudformation, stack_id).await?;
    Ok(summaries.iter().any(|summary| {
        summary.stack_id() == Some(stack_id) && !has_run(summary.execution_status())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::next_step::Job;

    #[test]
    fn the_summary_says_what_was_removed_and_what_to_do() {
        let summary = after("app", None, vec!["cicd-dsl-1700000000000".to_owned()], true);
        assert_eq!(
            summary.message(&Job("")),
            "interrupted: app does not exist; removed the change set cicd-dsl-1700000000000 \
             that never ran and the empty stack it had created. Next: nothing was deployed; \
             run `job deploy` when ready"
        );
        let running = after("app", Some(Status::UpdateInProgress), Vec::new(), false);
        assert!(
            running.to_string().starts_with(
                "interrupted: app is UPDATE_IN_PROGRESS. Next: CloudFormation goes on"
            ),
            "{running}"
        );
    }
}
