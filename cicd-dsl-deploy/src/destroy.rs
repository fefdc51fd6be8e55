//! `destroy`: delete the stack and say what stays behind.

use aws_sdk_cloudformation::types::StackResource;
use serde::Serialize;

use crate::aws::AwsClients;
use crate::call_counter::ApiCallCounts;
use crate::change_set::change_sets_of;
use crate::confirm::Confirm;
use crate::destroy_plan::{RetainedResource, plan_destroy};
use crate::error::{DeployError, FailedResource, OperationFailure, aws_error};
use crate::events::{
    EventPoller, Finished, StackEventView, failures_since, first_failure, follow_operation,
};
use crate::next_step::NextStep;
use crate::protection::set_protection;
use crate::reporter::{Reporter, Style};
use crate::stack_state::{StackInfo, deployed_template, describe_stack};
use crate::status::Status;

#[derive(Debug, Clone, Serialize)]
pub struct DestroyOutcome {
    pub stack_name: String,
    /// `false` when there was no such stack (nothing was done).
    pub existed: bool,
    pub final_status: Option<Status>,
    /// `true` when the stack held no resource (never created, or a first
    /// create rolled back): only the empty stack record was deleted.
    pub nothing_to_destroy: bool,
    /// How many existing resources the deletion removed.
    pub deleted_count: usize,
    /// How many existing resources stay in the account (`retained`).
    pub kept_count: usize,
    /// The existing resources that stay (DeletionPolicy Retain).
    pub retained: Vec<RetainedResource>,
    /// Termination protection was on and the user agreed to turn it off.
    pub protection_turned_off: bool,
    /// Resources CloudFormation could not delete, kept in the account (and
    /// no longer in any stack) on the user's say-so.
    pub kept_after_failed_delete: Vec<KeptResource>,
    /// What was done beyond a plain delete, one sentence each.
    pub recovery: Vec<String>,
    pub events: Vec<StackEventView>,
    pub api_calls: ApiCallCounts,
}

/// A resource left in the account because deleting it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptResource {
    pub logical_id: String,
    pub resource_type: String,
    pub physical_id: Option<String>,
    /// AWS's reason the deletion failed, verbatim.
    pub reason: String,
}

/// Deletes `stack_name` after confirmation and follows it to the end.
///
/// A `DELETE_FAILED` stack is deleted again; if resources still cannot be
/// deleted, they are listed and, after confirmation, kept in the account
/// while the stack goes (DeleteStack's RetainResources). A stack left in
/// `REVIEW_IN_PROGRESS` by an abandoned change set is deleted with its
/// change sets.
pub async fn destroy(
    clients: &AwsClients,
    stack_name: &str,
    confirm: Confirm,
    reporter: &Reporter,
) -> Result<DestroyOutcome, DeployError> {
    destroy_with(
        clients,
        stack_name,
        confirm,
        &DestroyOptions::default(),
        reporter,
    )
    .await
}

/// How `destroy` deletes.
#[derive(Debug, Clone, Default)]
pub struct DestroyOptions {
    /// The CloudFormation service role DeleteStack uses (`--role-arn`).
    pub role_arn: Option<String>,
}

/// [`destroy`] with options.
pub async fn destroy_with(
    clients: &AwsClients,
    stack_name: &str,
    confirm: Confirm,
    options: &DestroyOptions,
    reporter: &Reporter,
) -> Result<DestroyOutcome, DeployError> {
    let calls_before = clients.api_calls();
    let mut outcome = DestroyOutcome {
        stack_name: stack_name.to_owned(),
        existed: false,
        final_status: None,
        nothing_to_destroy: false,
        deleted_count: 0,
        kept_count: 0,
        retained: Vec::new(),
        protection_turned_off: false,
        kept_after_failed_delete: Vec::new(),
        recovery: Vec::new(),
        events: Vec::new(),
        api_calls: ApiCallCounts::default(),
    };
    // A missing stack, the final status and what stays in the account are
    // the result, the caller's to print (once, on stdout).
    let Some(stack) = describe_stack(&clients.cloudformation, stack_name).await? else {
        outcome.api_calls = clients.api_calls().since(&calls_before);
        return Ok(outcome);
    };
    outcome.existed = true;
    if stack.in_progress() && stack.status != Status::ReviewInProgress {
        return Err(DeployError::StackBusy {
            stack: stack_name.to_owned(),
            status: stack.status,
        });
    }
    let total = announce(clients, stack_name, &stack, &mut outcome, reporter).await?;
    if stack.termination_protection {
        // Turned on by deploy because the stack holds data: the question
        // says so, and only a yes turns it off.
        reporter.styled(Style::Danger, &protection_note(stack_name, &outcome));
        // A deletion: in a protected environment, the stack name is typed.
        confirm.ask_hard(
            reporter,
            &format!("Turn off termination protection and delete stack {stack_name}?"),
            "turn off termination protection and destroy",
            stack_name,
        )?;
        set_protection(clients, &stack.id, false).await?;
        outcome.protection_turned_off = true;
    } else if !outcome.nothing_to_destroy {
        // An empty stack record loses nothing when deleted: no question then.
        confirm.ask_hard(
            reporter,
            &format!("Delete stack {stack_name}?"),
            "destroy",
            stack_name,
        )?;
    }

    let finished = delete_and_follow(
        clients,
        &stack.id,
        stack_name,
        &[],
        options,
        total,
        reporter,
    )
    .await?;
    outcome.events = finished.events;
    if finished.final_status == Status::DeleteFailed && stack.status == Status::DeleteFailed {
        // The second failure in a row: offer to let the stack go without them.
        let blockers = failures_since(&outcome.events, stack_name, &Status::DeleteInProgress);
        let kept = keep_blockers(
            clients, stack_name, &stack.id, &blockers, &confirm, options, reporter,
        )
        .await?;
        outcome.events.extend(kept.events);
        outcome.kept_after_failed_delete = kept.resources;
        outcome.recovery.push(format!(
            "{stack_name} could not be deleted twice; deleted it and kept in the account: {}",
            outcome
                .kept_after_failed_delete
                .iter()
                .map(|k| k.logical_id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    } else if finished.final_status != Status::DeleteComplete {
        return Err(failed_delete(
            stack_name,
            &outcome.events,
            finished.final_status,
        ));
    }
    outcome.final_status = Some(Status::DeleteComplete);
    outcome.api_calls = clients.api_calls().since(&calls_before);
    Ok(outcome)
}

/// Says what the deletion removes and what stays (filling in
/// `outcome.retained` and `recovery`); returns how many resources go.
async fn announce(
    clients: &AwsClients,
    stack_name: &str,
    stack: &StackInfo,
    outcome: &mut DestroyOutcome,
    reporter: &Reporter,
) -> Result<u64, DeployError> {
    let cfn = &clients.cloudformation;
    if stack.status == Status::ReviewInProgress {
        // No template was ever applied: nothing to list but the change sets.
        let change_sets = change_set_names(cfn, &stack.id).await?;
        let note = format!(
            "{stack_name} is REVIEW_IN_PROGRESS: an empty stack left by a change set that was never executed ({}); deleting it removes them",
            if change_sets.is_empty() {
                "none left".to_owned()
            } else {
                change_sets.join(", ")
            }
        );
        reporter.styled(Style::Danger, &note);
        outcome.recovery.push(note);
        return Ok(0);
    }
    let template = deployed_template(cfn, &stack.id).await?;
    let resources = stack_resources(cfn, &stack.id).await?;
    let plan = plan_destroy(&template, &resources);
    outcome.deleted_count = plan.deletes;
    outcome.kept_count = plan.keeps.len();
    outcome.retained = plan.keeps.clone();
    let total = resources.len() as u64;
    if plan.is_empty() {
        outcome.nothing_to_destroy = true;
        reporter.say(&format!(
            "{stack_name} is {} and holds no resources: nothing to destroy; deleting the empty stack",
            stack.status
        ));
        return Ok(total);
    }
    if stack.status == Status::DeleteFailed {
        let note =
            format!("{stack_name} is DELETE_FAILED from an earlier destroy; deleting it again");
        outcome.recovery.push(note);
    }
    reporter.styled(
        Style::Danger,
        &format!("Destroying {stack_name} {}.", plan.sentence()),
    );
    show_retained(
        reporter,
        &outcome.retained,
        "These stay (DeletionPolicy Retain):",
    );
    Ok(total)
}

/// Why the stack is protected and what turning protection off costs.
fn protection_note(stack_name: &str, outcome: &DestroyOutcome) -> String {
    let kept: Vec<&str> = outcome
        .retained
        .iter()
        .map(|r| r.logical_id.as_str())
        .collect();
    let stays = if kept.is_empty() {
        String::new()
    } else {
        format!("; {} stay in the account either way", kept.join(", "))
    };
    format!(
        "{stack_name} has termination protection on (deploy turns it on for stacks that hold buckets, repositories or log groups){stays}"
    )
}

/// A delete that ended in `status` instead of `DELETE_COMPLETE`.
fn failed_delete(stack_name: &str, events: &[StackEventView], status: Status) -> DeployError {
    DeployError::StackOperationFailed(Box::new(OperationFailure {
        stack: stack_name.to_owned(),
        first_failure: first_failure(events, stack_name),
        next_step: NextStep::AfterFailure {
            stack: stack_name.to_owned(),
            status: status.clone(),
        },
        status,
    }))
}

/// DeleteStack (keeping `retain`), followed to the end.
async fn delete_and_follow(
    clients: &AwsClients,
    stack_id: &str,
    stack_name: &str,
    retain: &[String],
    options: &DestroyOptions,
    total: u64,
    reporter: &Reporter,
) -> Result<Finished, DeployError> {
    let cfn = &clients.cloudformation;
    let poller = EventPoller::starting_now(cfn, stack_id).await?;
    cfn.delete_stack()
        .stack_name(stack_id)
        .set_retain_resources((!retain.is_empty()).then(|| retain.to_vec()))
        .set_role_arn(options.role_arn.clone())
        .send()
        .await
        .map_err(|err| aws_error("DeleteStack", err))?;
    follow_operation(cfn, poller, stack_id, stack_name, total, reporter).await
}

struct Kept {
    resources: Vec<KeptResource>,
    events: Vec<StackEventView>,
}

/// Lists what blocks the deletion and, if the user agrees, deletes the stack
/// while keeping those resources.
async fn keep_blockers(
    clients: &AwsClients,
    stack_name: &str,
    stack_id: &str,
    blockers: &[FailedResource],
    confirm: &Confirm,
    options: &DestroyOptions,
    reporter: &Reporter,
) -> Result<Kept, DeployError> {
    let cfn = &clients.cloudformation;
    let resources = stack_resources(cfn, stack_id).await?;
    let kept: Vec<KeptResource> = blockers
        .iter()
        .map(|b| KeptResource {
            logical_id: b.logical_id.clone(),
            resource_type: b.resource_type.clone(),
            physical_id: physical_id(&resources, &b.logical_id),
            reason: b.reason.clone(),
        })
        .collect();
    let failure = || {
        DeployError::StackOperationFailed(Box::new(OperationFailure {
            stack: stack_name.to_owned(),
            status: Status::DeleteFailed,
            first_failure: blockers.first().cloned(),
            next_step: NextStep::DeleteStillBlocked {
                stack: stack_name.to_owned(),
                blockers: kept.iter().map(|k| k.logical_id.clone()).collect(),
            },
        }))
    };
    if kept.is_empty() {
        return Err(failure());
    }
    reporter.styled(
        Style::Danger,
        &format!("{stack_name} is still DELETE_FAILED; these resources cannot be deleted:"),
    );
    show_kept(reporter, &kept);
    let question = format!(
        "Delete stack {stack_name} and keep these {} resources in the account (CloudFormation no longer manages them)?",
        kept.len()
    );
    confirm
        .ask_hard(
            reporter,
            &question,
            "delete the stack and keep them",
            stack_name,
        )
        .map_err(|err| match err {
            DeployError::Declined | DeployError::NeedsYes { .. } => failure(),
            other => other,
        })?;
    let retain: Vec<String> = kept.iter().map(|k| k.logical_id.clone()).collect();
    let finished = delete_and_follow(
        clients,
        stack_id,
        stack_name,
        &retain,
        options,
        resources.len() as u64,
        reporter,
    )
    .await?;
    if finished.final_status != Status::DeleteComplete {
        return Err(failed_delete(
            stack_name,
            &finished.events,
            finished.final_status,
        ));
    }
    Ok(Kept {
        resources: kept,
        events: finished.events,
    })
}

/// The stack's resources as DescribeStackResources lists them.
async fn stack_resources(
    cfn: &aws_sdk_cloudformation::Client,
    stack_id: &str,
) -> Result<Vec<StackResource>, DeployError> {
    let answer = cfn
        .describe_stack_resources()
        .stack_name(stack_id)
        .send()
        .await
        .map_err(|err| aws_error("DescribeStackResources", err))?;
    Ok(answer.stack_resources().to_vec())
}

fn physical_id(resources: &[StackResource], logical_id: &str) -> Option<String> {
    resources
        .iter()
        .find(|r| r.logical_resource_id() == Some(logical_id))
        .and_then(|r| r.physical_resource_id())
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
}

async fn change_set_names(
    cfn: &aws_sdk_cloudformation::Client,
    stack_id: &str,
) -> Result<Vec<String>, DeployError> {
    Ok(change_sets_of(cfn, stack_id)
        .await?
        .iter()
        .filter_map(|s| s.change_set_name().map(str::to_owned))
        .collect())
}

fn show_kept(reporter: &Reporter, kept: &[KeptResource]) {
    if kept.is_empty() {
        return;
    }
    reporter.say("Kept in the account (delete them yourself when no longer needed):");
    for k in kept {
        reporter.say(&format!(
            "  {} {} {}  ({})",
            k.resource_type,
            k.logical_id,
            k.physical_id.as_deref().unwrap_or("(no physical id)"),
            k.reason
        ));
    }
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
