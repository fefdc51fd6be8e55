//! `deploy`: assets, change set, review, execute, events, outputs.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;

use crate::adoption::{Adoption, adopt_before_deploy};
use crate::analysis::{ChangeAnalysis, analyze};
use crate::approval::RequireApproval;
use crate::asset_bucket::find_asset_bucket;
use crate::assets::{AssetReport, LocalAsset, publish_assets};
use crate::aws::AwsClients;
use crate::call_counter::ApiCallCounts;
use crate::change_set::{
    ChangeSetHandle, ChangeSetKind, ChangeSetOptions, ChangeSetReady, PlannedChange,
    create_change_set, discard_change_set, wait_for_change_set,
};
use crate::confirm::Confirm;
use crate::drift::DriftReport;
use crate::drift_check::{self, DriftMode, DriftPlan, detect_before_deploy};
use crate::error::{DeployError, OperationFailure, aws_error};
use crate::events::{EventPoller, Finished, StackEventView, first_failure, follow_operation};
use crate::next_step::NextStep;
use crate::protection::protect_if_stateful;
use crate::recover::settle_existing_stack;
use crate::reporter::Reporter;
use crate::review_screen::show_review;
use crate::stack_state::{StackInfo, deployed_template};
use crate::status::Status;
use crate::template_source::{TemplateSource, needs_upload, upload_template};

/// What to deploy.
#[derive(Debug, Clone)]
pub struct DeployRequest {
    pub stack_name: String,
    /// The synthesized template (JSON).
    pub template_body: String,
    /// Assets the template refers to (see [`crate::load_asset_manifest`]).
    pub assets: Vec<LocalAsset>,
    /// Stack-level tags; CloudFormation propagates them to resources.
    pub tags: BTreeMap<String, String>,
    /// Logical ids of stateful resources the user accepts to replace or remove.
    pub allow_replace: Vec<String>,
    /// When to ask before executing (`--require-approval`).
    pub require_approval: RequireApproval,
    pub confirm: Confirm,
    /// How the change set is made and whether it runs now (saved plans,
    /// the service role).
    pub change_set: ChangeSetOptions,
    /// `--check-drift` / `--revert-drift`.
    pub drift: DriftMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeployStatus {
    Created,
    Updated,
    NoChanges,
    /// `--no-execute`: the reviewed change set is left for a later `--execute`.
    Planned,
}

/// The result of a successful deploy (`--output json`).
#[derive(Debug, Clone, Serialize)]
pub struct DeployOutcome {
    pub stack_name: String,
    pub stack_id: Option<String>,
    pub status: DeployStatus,
    /// Final stack status, e.g. `CREATE_COMPLETE`.
    pub stack_status: Option<Status>,
    pub changes: Vec<PlannedChange>,
    /// The reviewed analysis (what the review showed); `None` when nothing
    /// changed.
    pub review: Option<ChangeAnalysis>,
    pub outputs: BTreeMap<String, String>,
    pub assets: AssetReport,
    /// `Some` when the template went through S3 (over 51,200 bytes).
    pub template_url: Option<String>,
    pub events: Vec<StackEventView>,
    pub elapsed_ms: u64,
    pub api_calls: ApiCallCounts,
    /// What was done to a stuck or failed stack before deploying, one
    /// sentence each (empty when the stack was usable as it was).
    pub recovery: Vec<String>,
    /// The change set left for later (`Planned`), by name.
    pub change_set: Option<String>,
    /// Whether termination protection was turned on by this deploy.
    pub protection_turned_on: bool,
    /// With `--check-drift` or `--revert-drift` on an existing stack: the
    /// drift found first and what this deploy does about it.
    pub drift: Option<DriftPlan>,
    /// Existing resources imported into the stack before its change set.
    pub adopted: Vec<crate::adoption::AdoptedResource>,
    /// Resources renamed in the code, moved (stack refactor) before it.
    pub moved: Vec<crate::stack_moves::MovedResource>,
}

/// Deploys `request` through a change set; see the crate docs for the steps.
pub async fn deploy(
    clients: &AwsClients,
    request: &DeployRequest,
    reporter: &Reporter,
) -> Result<DeployOutcome, DeployError> {
    deploy_adopting(clients, request, &Adoption::default(), reporter).await
}

/// As [`deploy`], first importing the existing resources `adoption` allows
/// (see [`Adoption`]).
pub async fn deploy_adopting(
    clients: &AwsClients,
    request: &DeployRequest,
    adoption: &Adoption,
    reporter: &Reporter,
) -> Result<DeployOutcome, DeployError> {
    let started = Instant::now();
    let waited_before = reporter.time_at_prompts();
    let calls_before = clients.api_calls();
    let cfn = &clients.cloudformation;
    // Refused before any call, so an oversized template changes nothing.
    crate::template_source::check_template_size(&request.template_body)?;
    let proposed: Value = serde_json::from_str(&request.template_body)
        .map_err(|err| DeployError::Template(format!("not valid JSON: {err}")))?;

    let settled =
        settle_existing_stack(clients, &request.stack_name, &request.confirm, reporter).await?;
    let (existing, adopted) = adopt_before_deploy(
        clients,
        request,
        &proposed,
        settled.stack,
        adoption,
        reporter,
    )
    .await?;
    let moved = crate::stack_moves::move_before_deploy(
        clients,
        &request.stack_name,
        &proposed,
        existing.as_ref(),
        request.change_set.leave_for_later,
        &request.confirm,
        reporter,
    )
    .await?;
    let kind = match &existing {
        Some(_) => ChangeSetKind::Update,
        None => ChangeSetKind::Create,
    };
    let (assets, source) = publish(clients, request, existing.as_ref(), reporter).await?;
    let mut outcome = DeployOutcome {
        stack_name: request.stack_name.clone(),
        stack_id: existing.as_ref().map(|s| s.id.clone()),
        status: DeployStatus::NoChanges,
        stack_status: existing.as_ref().map(|s| s.status.clone()),
        changes: Vec::new(),
        review: None,
        outputs: BTreeMap::new(),
        assets,
        template_url: match &source {
            TemplateSource::Url(url) => Some(url.clone()),
            TemplateSource::Body(_) => None,
        },
        events: Vec::new(),
        elapsed_ms: 0,
        api_calls: ApiCallCounts::default(),
        recovery: settled.recovery,
        change_set: None,
        protection_turned_on: false,
        drift: None,
        adopted,
        moved,
    };

    let drift = detect_before_deploy(
        clients,
        &request.stack_name,
        existing.is_some(),
        request.drift,
        reporter,
    )
    .await?;
    let options = ChangeSetOptions {
        revert_drift: request.drift == DriftMode::Revert && drift.is_some(),
        ..request.change_set.clone()
    };
    let handle = create_change_set(
        cfn,
        &request.stack_name,
        kind,
        &source,
        &request.tags,
        &options,
    )
    .await?;
    let reviewed = review(clients, request, &handle, &proposed, drift, reporter).await;
    let reviewed = reviewed.map(|(plan, reviewed)| {
        outcome.drift = plan;
        reviewed
    });
    // Whether termination protection is on, as last described.
    let mut protected = existing.as_ref().is_some_and(|s| s.termination_protection);
    match reviewed {
        Ok(Some(Reviewed {
            changes, analysis, ..
        })) if request.change_set.leave_for_later => {
            outcome.stack_id = Some(handle.stack_id.clone());
            outcome.status = DeployStatus::Planned;
            outcome.change_set = Some(handle.name.clone());
            outcome.changes = changes;
            outcome.review = Some(analysis);
        }
        Ok(Some(Reviewed {
            creation_time,
            changes,
            analysis,
        })) => {
            let finished = execute(
                clients,
                &request.stack_name,
                &handle,
                creation_time,
                &changes,
                reporter,
            )
            .await?;
            outcome.review = Some(analysis);
            outcome.stack_id = Some(handle.stack_id.clone());
            outcome.status = match kind {
                ChangeSetKind::Create => DeployStatus::Created,
                ChangeSetKind::Update => DeployStatus::Updated,
            };
            protected = finished
                .stack
                .as_ref()
                .is_some_and(|s| s.termination_protection);
            outcome.outputs = finished.stack.map(|s| s.outputs).unwrap_or_default();
            outcome.stack_status = Some(finished.final_status);
            outcome.events = finished.events;
            outcome.changes = changes;
        }
        Ok(None) => {
            discard_change_set(cfn, &handle).await?;
            // "no changes" is the result, the caller's to print (once, on stdout).
            outcome.outputs = existing.map(|s| s.outputs).unwrap_or_default();
        }
        Err(err) => {
            // Leave nothing behind; the original error is what the user needs.
            let _ = discard_change_set(cfn, &handle).await;
            return Err(err);
        }
    }
    if outcome.status != DeployStatus::Planned
        && let Some(stack_id) = &outcome.stack_id
    {
        outcome.protection_turned_on =
            protect_if_stateful(clients, stack_id, protected, &proposed, reporter).await?;
    }
    // The minutes a user spends reading the review are not the deploy's.
    outcome.elapsed_ms = started
        .elapsed()
        .saturating_sub(reporter.time_at_prompts() - waited_before)
        .as_millis() as u64;
    outcome.api_calls = clients.api_calls().since(&calls_before);
    Ok(outcome)
}

/// Uploads the assets and, when it is too large to send inline, the
/// template; says how CloudFormation gets the template.
async fn publish(
    clients: &AwsClients,
    request: &DeployRequest,
    existing: Option<&StackInfo>,
    reporter: &Reporter,
) -> Result<(AssetReport, TemplateSource), DeployError> {
    let body = &request.template_body;
    if request.assets.is_empty() && !needs_upload(body) {
        return Ok((AssetReport::default(), TemplateSource::Body(body.clone())));
    }
    let account = existing.and_then(|s| s.account_id());
    let bucket = find_asset_bucket(clients, account).await?;
    let assets = publish_assets(clients, &bucket, &request.assets, reporter).await?;
    let source = if needs_upload(body) {
        upload_template(clients, &bucket, &request.stack_name, body).await?
    } else {
        TemplateSource::Body(body.clone())
    };
    Ok((assets, source))
}

/// Executes a change set (discarding it when CloudFormation refuses to
/// start) and follows the stack's events until the operation ends.
pub(crate) async fn execute_and_follow(
    cfn: &aws_sdk_cloudformation::Client,
    stack_name: &str,
    handle: &ChangeSetHandle,
    creation_time: aws_smithy_types::DateTime,
    expected_changes: u64,
    reporter: &Reporter,
) -> Result<Finished, DeployError> {
    if let Err(err) = cfn
        .execute_change_set()
        .change_set_name(&handle.id)
        .send()
        .await
    {
        let _ = discard_change_set(cfn, handle).await;
        return Err(aws_error("ExecuteChangeSet", err));
    }
    follow_operation(
        cfn,
        EventPoller::new(&handle.stack_id, creation_time),
        &handle.stack_id,
        stack_name,
        expected_changes,
        reporter,
    )
    .await
}

/// Executes a reviewed change set and follows the stack to the end; a
/// stack that does not end deployed is the error, with its next step.
pub(crate) async fn execute(
    clients: &AwsClients,
    stack_name: &str,
    handle: &ChangeSetHandle,
    creation_time: aws_smithy_types::DateTime,
    changes: &[PlannedChange],
    reporter: &Reporter,
) -> Result<Finished, DeployError> {
    let finished = execute_and_follow(
        &clients.cloudformation,
        stack_name,
        handle,
        creation_time,
        changes.len() as u64,
        reporter,
    )
    .await?;
    if finished.final_status.is_deployed() {
        return Ok(finished);
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

/// Waits for the change set, shows the review (and what it does about
/// `drift`), applies the stateful guard and asks when `--require-approval`
/// says so. Returns the drift plan (with a drift flag) and the reviewed
/// change set (`None` when it is empty).
async fn review(
    clients: &AwsClients,
    request: &DeployRequest,
    handle: &ChangeSetHandle,
    proposed: &Value,
    drift: Option<DriftReport>,
    reporter: &Reporter,
) -> Result<(Option<DriftPlan>, Option<Reviewed>), DeployError> {
    let cfn = &clients.cloudformation;
    let ready = wait_for_change_set(cfn, handle).await?;
    let planned = match &ready {
        ChangeSetReady::NoChanges => &[][..],
        ChangeSetReady::Changes { changes, .. } => changes.as_slice(),
    };
    let plan = drift.map(|report| drift_check::plan(request.drift, report, planned, proposed));
    let (creation_time, changes) = match ready {
        ChangeSetReady::NoChanges => {
            if let Some(plan) = &plan {
                drift_check::show_plan(reporter, plan);
            }
            return Ok((plan, None));
        }
        ChangeSetReady::Changes {
            creation_time,
            changes,
        } => (creation_time, changes),
    };
    let deployed = match handle.kind {
        ChangeSetKind::Update => Some(deployed_template(cfn, &handle.stack_id).await?),
        ChangeSetKind::Create => None,
    };
    let analysis = analyze(
        deployed.as_ref(),
        proposed,
        &changes,
        &request.allow_replace,
    );
    show_review(
        reporter,
        &format!("Changes to {}:", request.stack_name),
        &analysis,
    );
    if let Some(plan) = &plan {
        drift_check::show_plan(reporter, plan);
    }
    let refused = analysis.refused();
    if !refused.is_empty() {
        return Err(DeployError::StatefulChangeRefused { refused });
    }
    let question = format!("Deploy these changes to {}?", request.stack_name);
    let loses_data = analysis.resources.iter().any(|r| r.guard.is_some());
    if request.change_set.leave_for_later {
        // A saved plan is only reviewed now; `--execute` asks before it runs.
    } else if loses_data && matches!(request.confirm, Confirm::PromptForName(_)) {
        // Accepted with --allow-replace, yet data is lost: a protected
        // environment asks for the stack name.
        request
            .confirm
            .ask_hard(reporter, &question, "deploy", &request.stack_name)?;
    } else if request.require_approval.requires(&analysis) {
        request.confirm.ask(reporter, &question, "deploy")?;
    }
    Ok((
        plan,
        Some(Reviewed {
            creation_time,
            changes,
            analysis,
        }),
    ))
}

/// A change set that passed the review.
struct Reviewed {
    creation_time: aws_smithy_types::DateTime,
    changes: Vec<PlannedChange>,
    analysis: ChangeAnalysis,
}
