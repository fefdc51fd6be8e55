//! Ctrl-C. CloudFormation goes on with whatever it was already given, so an
//! interrupted command stops its own work (no further calls), removes what
//! it made that nothing uses yet (a change set not executed, and the empty
//! stack a first change set creates) and says where the stack stands.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use serde::Serialize;

use crate::aws::AwsClients;
use crate::change_set::{has_run, remove_own_leftovers};
use crate::error::{DeployError, aws_error};
use crate::stack_state::describe_stack;

static STOP_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Called by the CLI's signal handler: the next prompt gives up.
pub fn request_stop() {
    STOP_REQUESTED.store(true, Ordering::SeqCst);
}

pub fn stop_requested() -> bool {
    STOP_REQUESTED.load(Ordering::SeqCst)
}

/// One line from stdin, or `Interrupted` once a stop is requested: the
/// blocking read runs on its own thread so that a prompt cannot hold up
/// Ctrl-C (the signal handler keeps the process alive to clean up).
pub(crate) fn read_line_unless_stopped() -> io::Result<String> {
    let (sender, answer) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = io::stdin().read_line(&mut line).map(|_| line);
        let _ = sender.send(read);
    });
    loop {
        match answer.recv_timeout(Duration::from_millis(100)) {
            Ok(read) => return read,
            Err(RecvTimeoutError::Timeout) if stop_requested() => {
                return Err(io::Error::from(io::ErrorKind::Interrupted));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the terminal reader stopped"));
            }
        }
    }
}

/// Where an interrupted command left the stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AfterInterrupt {
    pub stack: String,
    /// `None` when the stack does not exist (or no longer does).
    pub status: Option<String>,
    /// This tool's change sets that never ran, now deleted.
    pub removed_change_sets: Vec<String>,
    /// The stack only held such a change set (`REVIEW_IN_PROGRESS`), so it
    /// was deleted too.
    pub removed_empty_stack: bool,
    pub next_step: String,
}

impl std::fmt::Display for AfterInterrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "interrupted: ")?;
        match &self.status {
            Some(status) => write!(f, "{} is {status}", self.stack)?,
            None => write!(f, "{} does not exist", self.stack)?,
        }
        if !self.removed_change_sets.is_empty() {
            write!(
                f,
                "; removed the change set {} that never ran",
                self.removed_change_sets.join(", ")
            )?;
            if self.removed_empty_stack {
                write!(f, " and the empty stack it had created")?;
            }
        }
        write!(f, ". Next: {}", self.next_step)
    }
}

/// Removes this tool's unexecuted change sets of `stack_name` (and the
/// stack, when that leaves it an empty `REVIEW_IN_PROGRESS` shell), then
/// reports the stack's status with the command to follow.
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
    if stack.status == "REVIEW_IN_PROGRESS"
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
            .filter(|s| s != "DELETE_COMPLETE")
    };
    Ok(after(stack_name, status, removed, removed_empty_stack))
}

fn after(
    stack: &str,
    status: Option<String>,
    removed_change_sets: Vec<String>,
    removed_empty_stack: bool,
) -> AfterInterrupt {
    AfterInterrupt {
        next_step: next_step_after_interrupt(stack, status.as_deref()),
        stack: stack.to_owned(),
        status,
        removed_change_sets,
        removed_empty_stack,
    }
}

/// Someone else's change set still under review keeps the stack alive.
/// `stack_id` is the stack's ARN, as ListChangeSets reports it.
async fn has_change_sets(clients: &AwsClients, stack_id: &str) -> Result<bool, DeployError> {
    let page = clients
        .cloudformation
        .list_change_sets()
        .stack_name(stack_id)
        .send()
        .await
        .map_err(|err| aws_error("ListChangeSets", err))?;
    Ok(page.summaries().iter().any(|summary| {
        summary.stack_id() == Some(stack_id)
            && !has_run(summary.execution_status().map_or("", |e| e.as_str()))
    }))
}

/// What to run after an interrupt, by the status the stack is in.
pub fn next_step_after_interrupt(stack: &str, status: Option<&str>) -> String {
    match status {
        None | Some("REVIEW_IN_PROGRESS") => {
            "nothing was deployed; run `cicd-stack deploy` when ready".to_owned()
        }
        Some("CREATE_IN_PROGRESS") => format!(
            "CloudFormation goes on creating {stack}: `cicd-stack deploy` waits for it and then applies your template; `cicd-stack destroy` removes it once it settles"
        ),
        Some("UPDATE_IN_PROGRESS" | "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS") => format!(
            "CloudFormation goes on updating {stack}: `cicd-stack deploy` waits for it and shows the result; to roll the update back now run `aws cloudformation cancel-update-stack --stack-name {stack}`"
        ),
        Some("DELETE_IN_PROGRESS") => format!(
            "CloudFormation goes on deleting {stack}: `cicd-stack destroy` follows it to the end"
        ),
        Some(status) if status.ends_with("_IN_PROGRESS") => format!(
            "CloudFormation goes on with {stack} ({status}): `cicd-stack deploy` waits for it to settle"
        ),
        Some(
            status @ ("ROLLBACK_COMPLETE"
            | "ROLLBACK_FAILED"
            | "UPDATE_ROLLBACK_FAILED"
            | "DELETE_FAILED"),
        ) => crate::deploy::next_step_after_failure(stack, status),
        Some(_) => {
            "nothing is running on the stack; run `cicd-stack deploy` again when ready".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_an_interrupt_can_leave_names_a_command() {
        for status in [
            None,
            Some("REVIEW_IN_PROGRESS"),
            Some("CREATE_IN_PROGRESS"),
            Some("UPDATE_IN_PROGRESS"),
            Some("UPDATE_ROLLBACK_IN_PROGRESS"),
            Some("DELETE_IN_PROGRESS"),
            Some("CREATE_COMPLETE"),
            Some("UPDATE_ROLLBACK_FAILED"),
        ] {
            let step = next_step_after_interrupt("app", status);
            assert!(
                step.contains("`cicd-stack deploy`")
                    || step.contains("`cicd-stack destroy`")
                    || step.contains("`aws cloudformation"),
                "{status:?}: {step}"
            );
        }
        assert!(
            next_step_after_interrupt("app", Some("UPDATE_IN_PROGRESS"))
                .contains("cancel-update-stack --stack-name app")
        );
    }

    #[test]
    fn the_summary_says_what_was_removed_and_what_to_do() {
        let summary = after(
            "app",
            None,
            vec!["cicd-stack-1700000000000".to_owned()],
            true,
        );
        assert_eq!(
            summary.to_string(),
            "interrupted: app does not exist; removed the change set cicd-stack-1700000000000 \
             that never ran and the empty stack it had created. Next: nothing was deployed; \
             run `cicd-stack deploy` when ready"
        );
        let running = after(
            "app",
            Some("UPDATE_IN_PROGRESS".to_owned()),
            Vec::new(),
            false,
        );
        assert!(
            running.to_string().starts_with(
                "interrupted: app is UPDATE_IN_PROGRESS. Next: CloudFormation goes on"
            )
        );
    }
}
