//! `diff`: what a deploy would change, without changing anything.

use serde::Serialize;
use serde_json::Value;

use crate::analysis::{ChangeAnalysis, analyze};
use crate::asset_bucket::find_asset_bucket;
use crate::aws::AwsClients;
use crate::call_counter::ApiCallCounts;
use crate::change_set::{
    ChangeSetKind, ChangeSetReady, PlannedChange, create_change_set, discard_change_set,
    wait_for_change_set,
};
use crate::error::DeployError;
use crate::reporter::Reporter;
use crate::review_screen::{show_guard_verdict, show_review};
use crate::stack_state::{deployed_template, describe_stack};
use crate::status::Status;
use crate::template_source::{TemplateSource, needs_upload, upload_template};

#[derive(Debug, Clone, Serialize)]
pub struct DiffOutcome {
    pub stack_name: String,
    pub stack_exists: bool,
    /// The analysis `deploy` would draw (with no `--allow-replace`): what
    /// changes, what is replaced and why, what the guard refuses, the
    /// security changes.
    pub diff: ChangeAnalysis,
    /// What CloudFormation's change set said (empty for a new stack, where
    /// everything is an addition).
    pub change_set: Vec<PlannedChange>,
    pub api_calls: ApiCallCounts,
}

/// Diffs `template_body` against the deployed stack and asks CloudFormation
/// for a change set to learn about replacements; the change set is deleted.
pub async fn diff(
    clients: &AwsClients,
    stack_name: &str,
    template_body: &str,
    reporter: &Reporter,
) -> Result<DiffOutcome, DeployError> {
    let calls_before = clients.api_calls();
    let cfn = &clients.cloudformation;
    crate::template_source::check_template_size(template_body)?;
    let proposed: Value = serde_json::from_str(template_body)
        .map_err(|err| DeployError::Template(format!("not valid JSON: {err}")))?;
    let existing = describe_stack(cfn, stack_name)
        .await?
        .filter(|s| s.status != Status::ReviewInProgress);

    let Some(stack) = existing else {
        let diff = analyze(None, &proposed, &[], &[]);
        show(reporter, stack_name, &diff);
        return Ok(DiffOutcome {
            stack_name: stack_name.to_owned(),
            stack_exists: false,
            diff,
            change_set: Vec::new(),
            api_calls: clients.api_calls().since(&calls_before),
        });
    };

    let deployed = deployed_template(cfn, &stack.id).await?;
    let source = if needs_upload(template_body) {
        let bucket = find_asset_bucket(clients, stack.account_id()).await?;
        upload_template(clients, &bucket, stack_name, template_body).await?
    } else {
        TemplateSource::Body(template_body.to_owned())
    };
    let handle = create_change_set(
        cfn,
        stack_name,
        ChangeSetKind::Update,
        &source,
        &Default::default(),
        &Default::default(),
    )
    .await?;
    let waited = wait_for_change_set(cfn, &handle).await;
    let discarded = discard_change_set(cfn, &handle).await;
    let change_set = match waited? {
        ChangeSetReady::NoChanges => Vec::new(),
        ChangeSetReady::Changes { changes, .. } => changes,
    };
    discarded?;
    // Renames in the code are moved by deploy before its change set: shown
    // as such, and compared against the stack as it will be after them.
    let moves = crate::stack_moves::pending(&proposed, &deployed)?;
    let deployed = crate::stack_moves::moved_template(&deployed, &moves);
    let change_set = crate::stack_moves::without_moved_pairs(change_set, &moves);
    if !moves.is_empty() {
        reporter.styled(
            crate::reporter::Style::Heading,
            &format!("Renamed in the code, moved by deploy before its changes ({stack_name}):"),
        );
        crate::stack_moves::show(reporter, &moves);
    }
    let diff = analyze(Some(&deployed), &proposed, &change_set, &[]);
    show(reporter, stack_name, &diff);
    Ok(DiffOutcome {
        stack_name: stack_name.to_owned(),
        stack_exists: true,
        diff,
        change_set,
        api_calls: clients.api_calls().since(&calls_before),
    })
}

fn show(reporter: &Reporter, stack_name: &str, analysis: &ChangeAnalysis) {
    show_review(reporter, &format!("Stack {stack_name}"), analysis);
    show_guard_verdict(reporter, analysis);
}
