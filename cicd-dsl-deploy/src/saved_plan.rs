//! `deploy --execute <change set>`: runs a change set that `deploy
//! --no-execute` left, after showing it again, and refuses one that no
//! longer matches the stack.
//!
//! Stale is what CloudFormation reports: the change set is gone (executing
//! any change set deletes the stack's others), not `CREATE_COMPLETE`, not
//! `AVAILABLE` (e.g. `OBSOLETE`), or older than the stack's last update.

use std::collections::BTreeMap;
use std::time::Instant;

use aws_sdk_cloudformation::types::{ChangeSetStatus, ExecutionStatus};
use aws_smithy_types::date_time::Format;

use crate::analysis::analyze;
use crate::assets::AssetReport;
use crate::aws::AwsClients;
use crate::change_set::{ChangeSetHandle, ChangeSetKind, ChangeSetReady, wait_for_change_set};
use crate::confirm::Confirm;
use crate::deploy::{DeployOutcome, DeployStatus, execute};
use crate::error::{DeployError, aws_error, service_code};
use crate::protection::protect_if_stateful;
use crate::reporter::Reporter;
use crate::review_screen::show_review;
use crate::stack_state::{StackInfo, deployed_template, describe_stack};
use crate::status::Status;

/// Which saved change set to run, and how.
#[derive(Debug, Clone)]
pub struct SavedPlan {
    pub stack_name: String,
    /// The name `deploy --no-execute` printed (or the change set's ARN).
    pub change_set: String,
    /// Stateful resources the user accepts to replace or remove.
    pub allow_replace: Vec<String>,
    pub confirm: Confirm,
}

/// Checks the plan is current, shows it, asks, executes and follows it.
pub async fn execute_saved_plan(
    clients: &AwsClients,
    plan: &SavedPlan,
    reporter: &Reporter,
) -> Result<DeployOutcome, DeployError> {
    let started = Instant::now();
    let calls_before = clients.api_calls();
    let cfn = &clients.cloudformation;
    let stale = |why: String| DeployError::StalePlan {
        stack: plan.stack_name.clone(),
        change_set: plan.change_set.clone(),
        why,
    };
    let stack = describe_stack(cfn, &plan.stack_name)
        .await?
        .ok_or_else(|| stale(format!("stack {} does not exist", plan.stack_name)))?;
    let handle = current_change_set(clients, plan, &stack).await?;
    let (creation_time, changes) = match wait_for_change_set(cfn, &handle).await? {
        ChangeSetReady::Changes {
            creation_time,
            changes,
        } => (creation_time, changes),
        ChangeSetReady::NoChanges => return Err(stale("it holds no changes".to_owned())),
    };
    if let Some(updated) = stack.last_updated
        && updated > creation_time
    {
        return Err(stale(format!(
            "the stack was updated at {} after the change set was made at {}",
            rfc3339(&updated),
            rfc3339(&creation_time)
        )));
    }
    let proposed = template_of_change_set(clients, &handle).await?;
    let deployed = match handle.kind {
        ChangeSetKind::Update => Some(deployed_template(cfn, &handle.stack_id).await?),
        ChangeSetKind::Create => None,
    };
    let analysis = analyze(deployed.as_ref(), &proposed, &changes, &plan.allow_replace);
    show_review(
        reporter,
        &format!("Change set {} of {}:", handle.name, plan.stack_name),
        &analysis,
    );
    let refused = analysis.refused();
    if !refused.is_empty() {
        return Err(DeployError::StatefulChangeRefused { refused });
    }
    plan.confirm.ask(
        reporter,
        &format!("Execute change set {} on {}?", handle.name, plan.stack_name),
        "deploy",
    )?;
    let finished = execute(
        clients,
        &plan.stack_name,
        &handle,
        creation_time,
        &changes,
        reporter,
    )
    .await?;
    reporter.say(&format!("{}: {}", plan.stack_name, finished.final_status));
    let on_now = finished
        .stack
        .as_ref()
        .is_some_and(|s| s.termination_protection);
    let protection_turned_on =
        protect_if_stateful(clients, &handle.stack_id, on_now, &proposed, reporter).await?;
    Ok(DeployOutcome {
        stack_name: plan.stack_name.clone(),
        stack_id: Some(handle.stack_id.clone()),
        status: match handle.kind {
            ChangeSetKind::Create => DeployStatus::Created,
            ChangeSetKind::Update => DeployStatus::Updated,
        },
        stack_status: Some(finished.final_status),
        changes,
        outputs: finished
            .stack
            .map(|s| s.outputs)
            .unwrap_or_else(BTreeMap::new),
        assets: AssetReport::default(),
        template_url: None,
        events: finished.events,
        elapsed_ms: started.elapsed().as_millis() as u64,
        api_calls: clients.api_calls().since(&calls_before),
        recovery: Vec::new(),
        review: Some(analysis),
        change_set: Some(handle.name),
        protection_turned_on,
        // Drift is checked when the plan is made (`--no-execute --check-drift`).
        drift: None,
        // A saved plan imports nothing (its making refuses when it would).
        adopted: Vec::new(),
        // Nor does it move anything (its making refuses when it would).
        moved: Vec::new(),
    })
}

/// The change set, if CloudFormation still has it ready to execute.
async fn current_change_set(
    clients: &AwsClients,
    plan: &SavedPlan,
    stack: &StackInfo,
) -> Result<ChangeSetHandle, DeployError> {
    let stale = |why: String| DeployError::StalePlan {
        stack: plan.stack_name.clone(),
        change_set: plan.change_set.clone(),
        why,
    };
    let answer = match clients
        .cloudformation
        .describe_change_set()
        .stack_name(&stack.id)
        .change_set_name(&plan.change_set)
        .send()
        .await
    {
        Ok(answer) => answer,
        Err(err) if service_code(&err).is_some_and(|c| c.starts_with("ChangeSetNotFound")) => {
            return Err(stale(
                "it no longer exists (executing any change set deletes a stack's others, so the stack changed since it was made, or it was deleted)".to_owned(),
            ));
        }
        Err(err) => return Err(aws_error("DescribeChangeSet", err)),
    };
    match answer.status() {
        Some(ChangeSetStatus::CreateComplete) => {}
        other => {
            return Err(stale(format!(
                "its status is {}{}",
                other.map_or("unknown", |s| s.as_str()),
                answer
                    .status_reason()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            )));
        }
    }
    match answer.execution_status() {
        Some(ExecutionStatus::Available) => {}
        other => {
            return Err(stale(format!(
                "its execution status is {} (the stack changed since it was made, or it already ran)",
                other.map_or("unknown", |s| s.as_str())
            )));
        }
    }
    Ok(ChangeSetHandle {
        id: answer
            .change_set_id()
            .unwrap_or(&plan.change_set)
            .to_owned(),
        name: answer
            .change_set_name()
            .unwrap_or(&plan.change_set)
            .to_owned(),
        stack_id: stack.id.clone(),
        // A plan for a new stack holds it in REVIEW_IN_PROGRESS.
        kind: if stack.status == Status::ReviewInProgress {
            ChangeSetKind::Create
        } else {
            ChangeSetKind::Update
        },
    })
}

/// The template the change set would apply (GetTemplate of the change set).
async fn template_of_change_set(
    clients: &AwsClients,
    handle: &ChangeSetHandle,
) -> Result<serde_json::Value, DeployError> {
    let answer = clients
        .cloudformation
        .get_template()
        .stack_name(&handle.stack_id)
        .change_set_name(&handle.id)
        .send()
        .await
        .map_err(|err| aws_error("GetTemplate", err))?;
    serde_json::from_str(answer.template_body().unwrap_or("{}")).map_err(|err| {
        DeployError::Template(format!(
            "the template of change set {} is not JSON: {err}",
            handle.name
        ))
    })
}

fn rfc3339(time: &aws_smithy_types::DateTime) -> String {
    time.fmt(Format::DateTime).unwrap_or_default()
}
