//! `stackset diff`: what a `stackset deploy` would change, per stack
//! instance, without changing anything: the template difference, and for
//! each target account and Region whether its instance would be created
//! (new), updated (outdated: the template changes, or its last operation
//! did not bring it up to date) or left as it is (current).

use super::instances::{InstanceRow, Targets, list_instances};
use super::rollout::{current_template, same_template};
use crate::error::DeployError;
use crate::template_diff::{TemplateDiff, diff_templates};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceVerdict {
    New,
    Outdated,
    Current,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlannedInstance {
    pub account: String,
    pub region: String,
    pub verdict: InstanceVerdict,
    /// Why an existing instance is outdated when the template is not the
    /// cause (its status and reason).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StackSetPlan {
    pub stack_set: String,
    pub exists: bool,
    pub template_changes: TemplateDiff,
    pub instances: Vec<PlannedInstance>,
    /// Instances outside the targets: `stackset deploy` leaves them alone.
    pub outside_targets: Vec<InstanceRow>,
}

impl StackSetPlan {
    pub fn changes_anything(&self) -> bool {
        self.instances
            .iter()
            .any(|i| i.verdict != InstanceVerdict::Current)
    }
}

pub async fn plan_stack_set(
    clients: &crate::AwsClients,
    name: &str,
    template_body: &str,
    targets: &Targets,
) -> Result<StackSetPlan, DeployError> {
    let deployed = current_template(clients, name).await?;
    let existing = match deployed {
        Some(_) => list_instances(clients, name).await?,
        None => Vec::new(),
    };
    let new: Value = serde_json::from_str(template_body)
        .map_err(|e| DeployError::Template(format!("the stack's template is not JSON: {e}")))?;
    let old: Value = deployed
        .as_deref()
        .and_then(|body| serde_json::from_str(body).ok())
        .unwrap_or_else(|| serde_json::json!({}));
    let template_changed = deployed
        .as_deref()
        .is_none_or(|body| !same_template(body, template_body));
    Ok(StackSetPlan {
        stack_set: name.to_owned(),
        exists: deployed.is_some(),
        template_changes: diff_templates(&old, &new),
        instances: plan_instances(targets, &existing, template_changed),
        outside_targets: existing
            .iter()
            .filter(|i| {
                !(targets.accounts.contains(&i.account) && targets.regions.contains(&i.region))
            })
            .cloned()
            .collect(),
    })
}

fn plan_instances(
    targets: &Targets,
    existing: &[InstanceRow],
    template_changed: bool,
) -> Vec<PlannedInstance> {
    targets
        .pairs()
        .map(|(account, region)| {
            let instance = existing
                .iter()
                .find(|i| i.account == account && i.region == region);
            let (verdict, note) = match instance {
                None => (InstanceVerdict::New, None),
                Some(_) if template_changed => (InstanceVerdict::Outdated, None),
                Some(i) if i.status != "CURRENT" => (
                    InstanceVerdict::Outdated,
                    Some(match &i.reason {
                        Some(reason) => format!("{}: {reason}", i.status),
                        None => i.status.clone(),
                    }),
                ),
                Some(_) => (InstanceVerdict::Current, None),
            };
            PlannedInstance {
                account,
                region,
                verdict,
                note,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(account: &str, region: &str, status: &str) -> InstanceRow {
        InstanceRow {
            account: account.into(),
            region: region.into(),
            status: status.into(),
            detailed_status: None,
            reason: Some("because".into()).filter(|_| status != "CURRENT"),
            stack_id: None,
        }
    }

    #[test]
    fn each_target_is_new_outdated_or_current() {
        let targets = Targets {
            accounts: vec!["1".into(), "2".into()],
            regions: vec!["a".into()],
        };
        let existing = [row("1", "a", "CURRENT")];
        let verdicts = |changed| {
            plan_instances(&targets, &existing, changed)
                .into_iter()
                .map(|p| p.verdict)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            verdicts(false),
            [InstanceVerdict::Current, InstanceVerdict::New]
        );
        assert_eq!(
            verdicts(true),
            [InstanceVerdict::Outdated, InstanceVerdict::New]
        );
        let failed = [row("1", "a", "OUTDATED")];
        let plan = plan_instances(&targets, &failed, false);
        assert_eq!(plan[0].verdict, InstanceVerdict::Outdated);
        assert_eq!(plan[0].note.as_deref(), Some("OUTDATED: because"));
    }
}
