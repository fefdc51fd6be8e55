//! Before a deploy: bring an existing stack to a state a change set can start
//! from, recovering the stuck and failed states a user can get out of here.

use std::time::Duration;

use crate::aws::AwsClients;
use crate::change_set::remove_own_leftovers;
use crate::confirm::Confirm;
use crate::error::{DeployError, FailedResource, OperationFailure, aws_error};
use crate::events::{EventPoller, events_since_phase, failures_since, follow_operation};
use crate::next_step::NextStep;
use crate::reporter::Reporter;
use crate::stack_state::{StackInfo, describe_stack, wait_until_settled};
use crate::status::Status;

/// How long to wait for someone else's operation on the stack to finish.
const BUSY_STACK_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// The stack a deploy starts from, and what was done to get there.
#[derive(Debug)]
pub(crate) struct Settled {
    /// `None` = create it; `Some` = update it.
    pub stack: Option<StackInfo>,
    /// One sentence per recovery step taken (shown and in `--output json`).
    pub recovery: Vec<String>,
}

/// Waits out operations in progress, then per status: removes the change
/// sets an interrupted deploy left (`REVIEW_IN_PROGRESS`), deletes a failed
/// first create (`ROLLBACK_COMPLETE`), continues a failed rollback
/// (`UPDATE_ROLLBACK_FAILED`), each after confirmation where it changes
/// something; refuses the states only `destroy` can end.
pub(crate) async fn settle_existing_stack(
    clients: &AwsClients,
    name: &str,
    confirm: &Confirm,
    reporter: &Reporter,
) -> Result<Settled, DeployError> {
    let cfn = &clients.cloudformation;
    let mut stack = describe_stack(cfn, name).await?;
    if let Some(busy) = stack.as_ref().filter(|s| s.in_progress())
        && busy.status != Status::ReviewInProgress
    {
        reporter.say(&format!(
            "{name} is {}; waiting for that operation to finish",
            busy.status
        ));
        stack = wait_until_settled(cfn, &busy.id, BUSY_STACK_TIMEOUT).await?;
        stack = stack.filter(|s| s.status != Status::DeleteComplete);
    }
    let Some(info) = stack else {
        return Ok(Settled {
            stack: None,
            recovery: Vec::new(),
        });
    };
    let (stack, note) = match info.status {
        Status::ReviewInProgress => {
            // An empty stack whose CREATE change set was never executed; the
            // new CREATE change set takes it over.
            let removed = remove_own_leftovers(cfn, &info.id).await?;
            let note = (!removed.is_empty()).then(|| format!(
                "{name} was REVIEW_IN_PROGRESS (an earlier deploy stopped before executing its change set); removed the change set(s) it left: {}",
                removed.join(", ")
            ));
            (None, note)
        }
        Status::RollbackComplete => {
            recreate_after_failed_create(clients, name, &info, confirm, reporter).await?;
            let note = format!(
                "{name} was ROLLBACK_COMPLETE after a failed first create; deleted it to create it again"
            );
            (None, Some(note))
        }
        Status::UpdateRollbackFailed => {
            let after = continue_rollback(clients, name, &info, confirm, reporter).await?;
            let note = format!(
                "{name} was UPDATE_ROLLBACK_FAILED; continued the rollback to UPDATE_ROLLBACK_COMPLETE"
            );
            (Some(after), Some(note))
        }
        Status::RollbackFailed | Status::DeleteFailed => {
            return Err(DeployError::StackUnusable {
                stack: name.to_owned(),
                status: info.status.clone(),
                why: "only deleting it ends this state".to_owned(),
                next: Box::new(NextStep::DestroyThenDeploy {
                    stack: name.to_owned(),
                }),
            });
        }
        _ => (Some(info), None),
    };
    if let Some(note) = &note {
        reporter.say(note);
    }
    Ok(Settled {
        stack,
        recovery: note.into_iter().collect(),
    })
}

async fn recreate_after_failed_create(
    clients: &AwsClients,
    name: &str,
    info: &StackInfo,
    confirm: &Confirm,
    reporter: &Reporter,
) -> Result<(), DeployError> {
    let cfn = &clients.cloudformation;
    let question = format!(
        "{name} is ROLLBACK_COMPLETE after a failed first create and holds no resources. Delete it and create it again?"
    );
    confirm
        .ask(reporter, &question, "delete and re-create it")
        .map_err(|err| match err {
            DeployError::Declined => DeployError::NeedsRecreate {
                stack: name.to_owned(),
            },
            other => other,
        })?;
    cfn.delete_stack()
        .stack_name(&info.id)
        .send()
        .await
        .map_err(|err| aws_error("DeleteStack", err))?;
    match wait_until_settled(cfn, &info.id, BUSY_STACK_TIMEOUT).await? {
        Some(s) if s.status != Status::DeleteComplete => Err(DeployError::StackUnusable {
            stack: name.to_owned(),
            status: s.status,
            why: "deleting the failed stack did not finish".to_owned(),
            next: Box::new(NextStep::DestroyThenDeploy {
                stack: name.to_owned(),
            }),
        }),
        _ => Ok(()),
    }
}

/// ContinueUpdateRollback after confirmation, followed to its end.
async fn continue_rollback(
    clients: &AwsClients,
    name: &str,
    info: &StackInfo,
    confirm: &Confirm,
    reporter: &Reporter,
) -> Result<StackInfo, DeployError> {
    let cfn = &clients.cloudformation;
    let phase = Status::UpdateRollbackInProgress;
    let history = events_since_phase(cfn, &info.id, name, &phase).await?;
    let blockers = failures_since(&history, name, &phase);
    let question = format!(
        "{name} is UPDATE_ROLLBACK_FAILED: the rollback of its last update could not put back {}. Try the rollback again (ContinueUpdateRollback), then deploy?",
        describe_all(&blockers)
    );
    confirm
        .ask(reporter, &question, "continue the rollback")
        .map_err(|err| match err {
            DeployError::Declined | DeployError::NeedsYes { .. } => DeployError::StackUnusable {
                stack: name.to_owned(),
                status: info.status.clone(),
                why: format!(
                    "the rollback of its last update could not put back {}",
                    describe_all(&blockers)
                ),
                next: Box::new(NextStep::ContinueRollback {
                    stack: name.to_owned(),
                }),
            },
            other => other,
        })?;

    let poller = EventPoller::starting_now(cfn, &info.id).await?;
    cfn.continue_update_rollback()
        .stack_name(&info.id)
        .send()
        .await
        .map_err(|err| aws_error("ContinueUpdateRollback", err))?;
    let finished =
        follow_operation(cfn, poller, &info.id, name, blockers.len() as u64, reporter).await?;
    match finished.stack {
        Some(after) if after.status == Status::UpdateRollbackComplete => Ok(after),
        _ => {
            let still = failures_since(&finished.events, name, &phase);
            Err(DeployError::StackOperationFailed(Box::new(
                OperationFailure {
                    stack: name.to_owned(),
                    next_step: NextStep::RollbackStillBlocked {
                        stack: name.to_owned(),
                        blockers: still.iter().map(|b| b.logical_id.clone()).collect(),
                    },
                    first_failure: still.into_iter().next(),
                    status: finished.final_status,
                },
            )))
        }
    }
}

/// `Logs (AWS::Logs::LogGroup): reason; Data (...)` for a one-line message.
fn describe_all(failures: &[FailedResource]) -> String {
    if failures.is_empty() {
        return "a resource (CloudFormation named none)".to_owned();
    }
    failures
        .iter()
        .map(|f| format!("{} ({}): {}", f.logical_id, f.resource_type, f.reason))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(id: &str) -> FailedResource {
        FailedResource {
            logical_id: id.to_owned(),
            resource_type: "AWS::Logs::LogGroup".to_owned(),
            status: Status::UpdateFailed,
            reason: "throttled".to_owned(),
            error_code: None,
        }
    }

    #[test]
    fn blockers_read_as_one_line() {
        assert_eq!(
            describe_all(&[failed("Logs"), failed("Data")]),
            "Logs (AWS::Logs::LogGroup): throttled; Data (AWS::Logs::LogGroup): throttled"
        );
        assert_eq!(describe_all(&[]), "a resource (CloudFormation named none)");
    }
}
