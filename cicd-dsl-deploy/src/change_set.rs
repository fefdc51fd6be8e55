//! Creating, waiting on and deleting change sets.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudformation::Client;
use aws_sdk_cloudformation::types::{
    Capability, ChangeSetStatus, ChangeSetSummary, ChangeSetType, DeploymentMode, ExecutionStatus,
    Tag,
};
use aws_smithy_types::DateTime;
use serde::Serialize;

use crate::error::{DeployError, aws_error};
use crate::template_source::TemplateSource;

/// Every change set this tool creates is named `<prefix><millis>`; the
/// prefix is how a later run recognises leftovers of its own. It names the
/// tool, not the stack binary that ran it.
pub(crate) const CHANGE_SET_PREFIX: &str = "cicd-dsl-";

/// The prefix versions before 0.2 used (named after the first stack
/// binary); their leftovers are still this tool's to remove.
const OLD_CHANGE_SET_PREFIX: &str = "cicd-stack-";

/// How long CloudFormation may take to compute a change set.
const CHANGE_SET_TIMEOUT: Duration = Duration::from_secs(600);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChangeSetKind {
    Create,
    Update,
}

/// How a change set is made and what becomes of it.
#[derive(Debug, Clone, Default)]
pub struct ChangeSetOptions {
    /// The CloudFormation service role (`--role-arn`), CreateChangeSet's RoleARN.
    pub role_arn: Option<String>,
    /// Review it and leave it for a later `deploy --execute` (`--no-execute`).
    pub leave_for_later: bool,
    /// A drift-aware change set (`--revert-drift`, on a stack that exists):
    /// it also puts drifted resources back.
    pub revert_drift: bool,
}

/// Names saved plans: not `<prefix><digits>`, so no later run takes them
/// for leftovers of an interrupted one.
pub(crate) const PLAN_PREFIX: &str = "cicd-dsl-plan-";

/// A change set this run created; whoever holds it must execute or delete it.
#[derive(Debug, Clone)]
pub(crate) struct ChangeSetHandle {
    pub id: String,
    pub name: String,
    pub stack_id: String,
    pub kind: ChangeSetKind,
}

/// One resource the change set would touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedChange {
    /// `Add`, `Modify`, `Remove` (or another action CloudFormation names).
    pub action: String,
    pub logical_id: String,
    pub resource_type: String,
    pub physical_id: Option<String>,
    /// `True`, `False` or `Conditional`; `None` when the endpoint did not say.
    pub replacement: Option<String>,
    /// Names of the properties (or other attributes) that change.
    pub changed_properties: Vec<String>,
    /// In a drift-aware change set, the resource's drift (`MODIFIED`,
    /// `IN_SYNC`, ..., `UNSUPPORTED` for types without drift detection).
    pub drift_status: Option<String>,
}

impl PlannedChange {
    pub fn may_replace(&self) -> bool {
        matches!(self.replacement.as_deref(), Some("True" | "Conditional"))
    }
}

/// What a finished change set says.
#[derive(Debug, Clone)]
pub(crate) enum ChangeSetReady {
    Changes {
        /// CloudFormation's clock: events older than this belong to earlier operations.
        creation_time: DateTime,
        changes: Vec<PlannedChange>,
    },
    NoChanges,
}

pub(crate) async fn create_change_set(
    cfn: &Client,
    stack_name: &str,
    kind: ChangeSetKind,
    source: &TemplateSource,
    tags: &BTreeMap<String, String>,
    options: &ChangeSetOptions,
) -> Result<ChangeSetHandle, DeployError> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let prefix = if options.leave_for_later {
        PLAN_PREFIX
    } else {
        CHANGE_SET_PREFIX
    };
    let name = format!("{prefix}{stamp}");
    let mut request = cfn
        .create_change_set()
        .stack_name(stack_name)
        .change_set_name(&name)
        .change_set_type(match kind {
            ChangeSetKind::Create => ChangeSetType::Create,
            ChangeSetKind::Update => ChangeSetType::Update,
        })
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityNamedIam)
        // Same token on the SDK's own retries, so a retried request cannot
        // create a second change set.
        .client_token(format!("{name}-{}", std::process::id()))
        .description("created by cicd-dsl")
        .set_role_arn(options.role_arn.clone());
    request = match source {
        TemplateSource::Body(body) => request.template_body(body),
        TemplateSource::Url(url) => request.template_url(url),
    };
    for (key, value) in tags {
        request = request.tags(Tag::builder().key(key).value(value).build());
    }
    if options.revert_drift {
        // A drift-aware change set: it also puts drifted resources back.
        request = request.deployment_mode(DeploymentMode::RevertDrift);
    }
    let created = request
        .send()
        .await
        .map_err(|err| aws_error("CreateChangeSet", err))?;
    Ok(ChangeSetHandle {
        id: created.id().unwrap_or(&name).to_owned(),
        name,
        stack_id: created.stack_id().unwrap_or(stack_name).to_owned(),
        kind,
    })
}

/// CloudFormation's wording for an empty change set (both spellings are in
/// use). A failed change set carries only a status reason, no error code,
/// so its text is the one thing to go by (the AWS CDK reads it the same way).
pub(crate) fn is_no_change_reason(reason: &str) -> bool {
    reason.contains("didn't contain changes") || reason.contains("No updates are to be performed")
}

/// Waits for `CREATE_COMPLETE` or `FAILED`, then reads every page of changes.
pub(crate) async fn wait_for_change_set(
    cfn: &Client,
    handle: &ChangeSetHandle,
) -> Result<ChangeSetReady, DeployError> {
    let started = Instant::now();
    let mut delay = Duration::from_millis(500);
    loop {
        let answer = cfn
            .describe_change_set()
            .change_set_name(&handle.id)
            .send()
            .await
            .map_err(|err| aws_error("DescribeChangeSet", err))?;
        match answer.status() {
            Some(ChangeSetStatus::CreateComplete) => {
                let creation_time = answer
                    .creation_time()
                    .copied()
                    .unwrap_or_else(|| DateTime::from(SystemTime::now()));
                let mut changes: Vec<PlannedChange> =
                    answer.changes().iter().filter_map(planned_change).collect();
                let mut next = answer.next_token().map(str::to_owned);
                while let Some(token) = next {
                    let page = cfn
                        .describe_change_set()
                        .change_set_name(&handle.id)
                        .next_token(token)
                        .send()
                        .await
                        .map_err(|err| aws_error("DescribeChangeSet", err))?;
                    changes.extend(page.changes().iter().filter_map(planned_change));
                    next = page.next_token().map(str::to_owned);
                }
                return Ok(ChangeSetReady::Changes {
                    creation_time,
                    changes,
                });
            }
            Some(ChangeSetStatus::Failed) => {
                let reason = answer.status_reason().unwrap_or("(no reason given)");
                if is_no_change_reason(reason) {
                    return Ok(ChangeSetReady::NoChanges);
                }
                return Err(DeployError::ChangeSetFailed {
                    name: handle.name.clone(),
                    reason: reason.to_owned(),
                });
            }
            _ => {}
        }
        if started.elapsed() > CHANGE_SET_TIMEOUT {
            return Err(DeployError::Timeout {
                what: format!("change set {}", handle.name),
                seconds: CHANGE_SET_TIMEOUT.as_secs(),
            });
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

fn planned_change(change: &aws_sdk_cloudformation::types::Change) -> Option<PlannedChange> {
    let rc = change.resource_change()?;
    let mut changed_properties: Vec<String> = Vec::new();
    for detail in rc.details() {
        let Some(target) = detail.target() else {
            continue;
        };
        let name = match (target.attribute().map(|a| a.as_str()), target.name()) {
            (Some("Properties"), Some(name)) => name.to_owned(),
            (Some(attribute), Some(name)) => format!("{attribute}.{name}"),
            (Some(attribute), None) => attribute.to_owned(),
            (None, Some(name)) => name.to_owned(),
            (None, None) => continue,
        };
        if !changed_properties.contains(&name) {
            changed_properties.push(name);
        }
    }
    Some(PlannedChange {
        action: rc
            .action()
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default(),
        logical_id: rc.logical_resource_id().unwrap_or_default().to_owned(),
        resource_type: rc.resource_type().unwrap_or_default().to_owned(),
        physical_id: rc.physical_resource_id().map(str::to_owned),
        replacement: rc.replacement().map(|r| r.as_str().to_owned()),
        changed_properties,
        drift_status: rc.resource_drift_status().map(|s| s.as_str().to_owned()),
    })
}

/// Deletes a change set this run will not execute. For a CREATE change set
/// the stack it made (empty, `REVIEW_IN_PROGRESS`) goes too, so nothing is
/// left behind. Best effort: the first error is returned after trying both.
pub(crate) async fn discard_change_set(
    cfn: &Client,
    handle: &ChangeSetHandle,
) -> Result<(), DeployError> {
    let deleted = cfn
        .delete_change_set()
        .change_set_name(&handle.id)
        .send()
        .await
        .map(|_| ())
        .map_err(|err| aws_error("DeleteChangeSet", err));
    if handle.kind == ChangeSetKind::Create {
        cfn.delete_stack()
            .stack_name(&handle.stack_id)
            .send()
            .await
            .map_err(|err| aws_error("DeleteStack", err))?;
    }
    deleted
}

/// A change set of ours that a run neither executed nor deleted (it was
/// killed, or lost its connection, between CreateChangeSet and the end).
pub(crate) fn is_own_leftover(name: &str, execution_status: Option<&ExecutionStatus>) -> bool {
    let ours = [CHANGE_SET_PREFIX, OLD_CHANGE_SET_PREFIX]
        .iter()
        .any(|prefix| {
            name.strip_prefix(prefix)
                .is_some_and(|stamp| !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit()))
        });
    ours && !has_run(execution_status)
}

/// An executed (or superseded) change set is history, not pending work:
/// AWS drops them, some endpoints keep listing them.
pub(crate) fn has_run(execution_status: Option<&ExecutionStatus>) -> bool {
    matches!(
        execution_status,
        Some(
            ExecutionStatus::ExecuteComplete
                | ExecutionStatus::ExecuteInProgress
                | ExecutionStatus::ExecuteFailed
                | ExecutionStatus::Obsolete
        )
    )
}

/// Every change set of `stack_id` (all pages of ListChangeSets), whoever
/// made it and whether or not it ran.
pub(crate) async fn change_sets_of(
    cfn: &Client,
    stack_id: &str,
) -> Result<Vec<ChangeSetSummary>, DeployError> {
    let mut summaries = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = cfn
            .list_change_sets()
            .stack_name(stack_id)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|err| aws_error("ListChangeSets", err))?;
        summaries.extend_from_slice(page.summaries());
        match page.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => return Ok(summaries),
        }
    }
}

/// Deletes the change sets of `stack_id` that earlier runs of this tool left
/// behind, and returns their names. Others' change sets are left alone.
pub(crate) async fn remove_own_leftovers(
    cfn: &Client,
    stack_id: &str,
) -> Result<Vec<String>, DeployError> {
    let leftovers: Vec<(String, String)> = change_sets_of(cfn, stack_id)
        .await?
        .iter()
        .filter_map(|summary| {
            let name = summary.change_set_name().unwrap_or_default();
            is_own_leftover(name, summary.execution_status()).then(|| {
                (
                    name.to_owned(),
                    summary.change_set_id().unwrap_or(name).to_owned(),
                )
            })
        })
        .collect();
    for (_, id) in &leftovers {
        cfn.delete_change_set()
            .change_set_name(id)
            .send()
            .await
            .map_err(|err| aws_error("DeleteChangeSet", err))?;
    }
    Ok(leftovers.into_iter().map(|(name, _)| name).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unexecuted_change_sets_named_by_this_tool_are_leftovers() {
        let available = Some(&ExecutionStatus::Available);
        assert!(is_own_leftover("cicd-dsl-1764168000123", available));
        assert!(is_own_leftover(
            "cicd-dsl-1764168000123",
            Some(&ExecutionStatus::Unavailable)
        ));
        assert!(is_own_leftover("cicd-dsl-1764168000123", None));
        assert!(!is_own_leftover(
            "cicd-dsl-1764168000123",
            Some(&ExecutionStatus::ExecuteComplete)
        ));
        assert!(!is_own_leftover("cicd-dsl-", available));
        assert!(!is_own_leftover("cicd-dsl-review", available));
        assert!(!is_own_leftover("someone-elses-1764168000123", available));
        // Named by earlier versions.
        assert!(is_own_leftover("cicd-stack-1764168000123", available));
        assert!(!is_own_leftover("cicd-stack-review", available));
    }

    #[test]
    fn both_wordings_of_an_empty_change_set_count_as_no_changes() {
        assert!(is_no_change_reason(
            "The submitted information didn't contain changes. Submit different information to create a change set."
        ));
        assert!(is_no_change_reason("No updates are to be performed."));
        assert!(!is_no_change_reason(
            "Template format error: unresolved resource"
        ));
    }
}
