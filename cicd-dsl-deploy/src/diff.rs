//! `diff`: what a deploy would change, without changing anything.

use serde::Serialize;
use serde_json::Value;

use crate::asset_bucket::find_asset_bucket;
use crate::aws::AwsClients;
use crate::call_counter::ApiCallCounts;
use crate::change_set::{
    ChangeSetKind, ChangeSetReady, PlannedChange, create_change_set, discard_change_set,
    wait_for_change_set,
};
use crate::error::DeployError;
use crate::reporter::{Reporter, Style};
use crate::stack_state::{deployed_template, describe_stack};
use crate::status::Status;
use crate::template_diff::{
    DiffKind, PropertyDiff, ResourceDiff, TemplateDiff, create_only_note, diff_templates,
};
use crate::template_source::{TemplateSource, needs_upload, upload_template};

#[derive(Debug, Clone, Serialize)]
pub struct DiffOutcome {
    pub stack_name: String,
    pub stack_exists: bool,
    /// Template difference, with `replacement` taken from the change set.
    pub diff: TemplateDiff,
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
        let diff = diff_templates(&Value::Null, &proposed);
        show_diff(reporter, stack_name, &diff);
        return Ok(DiffOutcome {
            stack_name: stack_name.to_owned(),
            stack_exists: false,
            diff,
            change_set: Vec::new(),
            api_calls: clients.api_calls().since(&calls_before),
        });
    };

    let deployed = deployed_template(cfn, &stack.id).await?;
    let mut diff = diff_templates(&deployed, &proposed);
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
    )
    .await?;
    let waited = wait_for_change_set(cfn, &handle).await;
    let discarded = discard_change_set(cfn, &handle).await;
    let change_set = match waited? {
        ChangeSetReady::NoChanges => Vec::new(),
        ChangeSetReady::Changes { changes, .. } => changes,
    };
    discarded?;
    merge_change_set(&mut diff, &change_set);
    show_diff(reporter, stack_name, &diff);
    Ok(DiffOutcome {
        stack_name: stack_name.to_owned(),
        stack_exists: true,
        diff,
        change_set,
        api_calls: clients.api_calls().since(&calls_before),
    })
}

/// Adds the change set's replacement verdicts, and resources it would touch
/// that the template text does not show (e.g. a changed parameter value).
fn merge_change_set(diff: &mut TemplateDiff, changes: &[PlannedChange]) {
    for change in changes {
        match diff
            .resources
            .iter_mut()
            .find(|r| r.logical_id == change.logical_id)
        {
            Some(resource) => resource.replacement = change.replacement.clone(),
            None => diff.resources.push(ResourceDiff {
                logical_id: change.logical_id.clone(),
                resource_type: change.resource_type.clone(),
                kind: match change.action.as_str() {
                    "Add" => DiffKind::Added,
                    "Remove" => DiffKind::Removed,
                    _ => DiffKind::Modified,
                },
                replacement: change.replacement.clone(),
                create_only_changed: cicd_dsl_core::replacement::create_only_touched(
                    &change.resource_type,
                    &change.changed_properties,
                ),
                properties: Vec::new(),
            }),
        }
    }
}

fn show_diff(reporter: &Reporter, stack_name: &str, diff: &TemplateDiff) {
    reporter.styled(Style::Heading, &format!("Stack {stack_name}"));
    if diff.is_empty() {
        reporter.say("  no differences");
        return;
    }
    for resource in &diff.resources {
        let (sign, mut style) = match resource.kind {
            DiffKind::Added => ("+", Style::Added),
            DiffKind::Removed => ("-", Style::Removed),
            DiffKind::Modified => ("~", Style::Changed),
        };
        let mut line = format!(
            "[{sign}] {} {}",
            resource.resource_type, resource.logical_id
        );
        if let Some(replacement) = resource.replacement.as_deref().filter(|r| *r != "False") {
            line.push_str(&format!(" (replacement: {replacement})"));
            style = Style::Danger;
        }
        if let Some(note) = create_only_note(&resource.create_only_changed) {
            line.push_str(&note);
            style = Style::Danger;
        }
        reporter.styled(style, &line);
        for property in &resource.properties {
            show_property(reporter, property);
        }
    }
    if !diff.outputs.is_empty() {
        reporter.styled(Style::Heading, "Outputs");
        for output in &diff.outputs {
            show_property(reporter, output);
        }
    }
}

fn show_property(reporter: &Reporter, property: &PropertyDiff) {
    let render = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    match (&property.old, &property.new) {
        (None, Some(new)) => reporter.styled(
            Style::Added,
            &format!("    + {}: {}", property.path, render(new)),
        ),
        (Some(old), None) => reporter.styled(
            Style::Removed,
            &format!("    - {}: {}", property.path, render(old)),
        ),
        (Some(old), Some(new)) => reporter.styled(
            Style::Changed,
            &format!(
                "    ~ {}: {} -> {}",
                property.path,
                render(old),
                render(new)
            ),
        ),
        (None, None) => {}
    }
}
