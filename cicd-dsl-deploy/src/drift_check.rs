//! `deploy --check-drift` and `deploy --revert-drift`: drift detected
//! before the change set, and what the deploy does about each drifted
//! resource. A plain change set updates only resources whose template
//! changed (CloudFormation then sends the template's properties, putting
//! drifted ones back); a drift-aware change set (DeploymentMode
//! REVERT_DRIFT) also updates every drifted resource whose type supports
//! drift detection.

use serde::Serialize;
use serde_json::Value;

use crate::aws::AwsClients;
use crate::change_set::PlannedChange;
use crate::drift::{DriftReport, detect_drift, show_drift};
use crate::error::DeployError;
use crate::reporter::{Reporter, Style};

/// What `deploy` does about drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum DriftMode {
    /// Nothing: no detection, a plain change set.
    #[default]
    Ignore,
    /// Detect drift first and say what this deploy puts back.
    Check,
    /// Detect drift first and deploy a drift-aware change set that puts
    /// drifted resources back.
    Revert,
}

/// A drifted resource this deploy leaves drifted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaysDrifted {
    pub logical_id: String,
    pub reason: String,
}

/// Drift before the deploy and what the deploy's change set does about it.
#[derive(Debug, Clone, Serialize)]
pub struct DriftPlan {
    pub mode: DriftMode,
    pub report: DriftReport,
    /// Drifted resources the change set updates, which puts their
    /// template's properties back.
    pub put_back: Vec<String>,
    pub stays_drifted: Vec<StaysDrifted>,
    /// Resources whose type CloudFormation cannot check for drift or
    /// revert (`NOT_CHECKED` in detection, `UNSUPPORTED` in a drift-aware
    /// change set), as `LogicalId (Type)`.
    pub unsupported: Vec<String>,
}

/// Detects drift of an existing stack when `mode` asks; `None` for a new
/// stack (nothing can have drifted) or without a drift flag.
pub(crate) async fn detect_before_deploy(
    clients: &AwsClients,
    stack_name: &str,
    stack_exists: bool,
    mode: DriftMode,
    reporter: &Reporter,
) -> Result<Option<DriftReport>, DeployError> {
    if mode == DriftMode::Ignore {
        return Ok(None);
    }
    if !stack_exists {
        reporter.say(&format!(
            "{stack_name} is not deployed yet: nothing can have drifted"
        ));
        return Ok(None);
    }
    let report = detect_drift(clients, stack_name, reporter).await?;
    show_drift(reporter, &report);
    Ok(Some(report))
}

/// What the reviewed change set does about each drifted resource.
pub(crate) fn plan(
    mode: DriftMode,
    report: DriftReport,
    changes: &[PlannedChange],
    proposed: &Value,
) -> DriftPlan {
    let mut put_back = Vec::new();
    let mut stays_drifted = Vec::new();
    let mut unsupported: Vec<String> = report
        .not_checked
        .iter()
        .map(|r| format!("{} ({})", r.logical_id, r.resource_type))
        .collect();
    for change in changes {
        if change.drift_status.as_deref() == Some("UNSUPPORTED") {
            let name = format!("{} ({})", change.logical_id, change.resource_type);
            if !unsupported.contains(&name) {
                unsupported.push(name);
            }
        }
    }
    for resource in &report.drifted {
        let id = &resource.logical_id;
        let change = changes.iter().find(|c| &c.logical_id == id);
        let stays = |reason: &str| StaysDrifted {
            logical_id: id.clone(),
            reason: reason.to_owned(),
        };
        if proposed["Resources"].get(id).is_none() {
            stays_drifted.push(stays(
                "the template no longer has it; the deploy removes it from the stack",
            ));
        } else if resource.status == "DELETED" {
            stays_drifted.push(stays(
                "it was deleted outside the stack, and an update does not create it again",
            ));
        } else if change.is_some_and(|c| c.action == "Modify") {
            put_back.push(id.clone());
        } else if mode == DriftMode::Revert {
            stays_drifted.push(stays("the drift-aware change set does not update it"));
        } else {
            stays_drifted.push(stays(
                "this deploy does not update it (its template is unchanged); --revert-drift puts it back",
            ));
        }
    }
    DriftPlan {
        mode,
        report,
        put_back,
        stays_drifted,
        unsupported,
    }
}

pub(crate) fn show_plan(reporter: &Reporter, plan: &DriftPlan) {
    if !plan.report.is_drifted() && plan.unsupported.is_empty() {
        return;
    }
    reporter.styled(Style::Heading, "Drift and this deploy:");
    for id in &plan.put_back {
        let drifted: Vec<&str> = plan
            .report
            .find(id)
            .map(|r| r.properties.iter().map(|p| p.path.as_str()).collect())
            .unwrap_or_default();
        reporter.styled(
            Style::Added,
            &format!("  puts back {id} [{}]", drifted.join(", ")),
        );
    }
    for stays in &plan.stays_drifted {
        reporter.styled(
            Style::Changed,
            &format!("  leaves {} drifted: {}", stays.logical_id, stays.reason),
        );
    }
    if !plan.unsupported.is_empty() {
        let what = match plan.mode {
            DriftMode::Revert => "drift-aware change sets do not support",
            _ => "drift detection does not support",
        };
        reporter.say(&format!(
            "  {what} these resources, so their drift is neither seen nor reverted: {}",
            plan.unsupported.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::{NotChecked, ResourceDrift};
    use serde_json::json;

    fn drifted(id: &str, status: &str) -> ResourceDrift {
        ResourceDrift {
            logical_id: id.to_owned(),
            resource_type: "AWS::Logs::LogGroup".to_owned(),
            physical_id: None,
            status: status.to_owned(),
            properties: Vec::new(),
        }
    }

    fn modify(id: &str, drift_status: Option<&str>) -> PlannedChange {
        PlannedChange {
            action: "Modify".to_owned(),
            logical_id: id.to_owned(),
            resource_type: "AWS::Logs::LogGroup".to_owned(),
            physical_id: None,
            replacement: Some("False".to_owned()),
            changed_properties: Vec::new(),
            drift_status: drift_status.map(str::to_owned),
        }
    }

    #[test]
    fn each_drifted_resource_is_put_back_or_said_why_not() {
        let report = DriftReport {
            stack_name: "app".to_owned(),
            stack_id: "id".to_owned(),
            stack_drift_status: "DRIFTED".to_owned(),
            detection_failure: None,
            drifted: vec![
                drifted("Updated", "MODIFIED"),
                drifted("Untouched", "MODIFIED"),
                drifted("Gone", "DELETED"),
                drifted("Dropped", "MODIFIED"),
            ],
            not_checked: vec![NotChecked {
                logical_id: "Policy".to_owned(),
                resource_type: "AWS::S3::BucketPolicy".to_owned(),
                reason: None,
            }],
            api_calls: Default::default(),
        };
        let proposed = json!({"Resources": {"Updated": {}, "Untouched": {}, "Gone": {}}});
        let changes = [
            modify("Updated", None),
            modify("Other", Some("UNSUPPORTED")),
        ];
        let plan = plan(DriftMode::Check, report, &changes, &proposed);
        assert_eq!(plan.put_back, ["Updated"]);
        let stays: Vec<&str> = plan
            .stays_drifted
            .iter()
            .map(|s| s.logical_id.as_str())
            .collect();
        assert_eq!(stays, ["Untouched", "Gone", "Dropped"]);
        assert!(plan.stays_drifted[0].reason.contains("--revert-drift"));
        assert_eq!(
            plan.unsupported,
            [
                "Policy (AWS::S3::BucketPolicy)",
                "Other (AWS::Logs::LogGroup)"
            ]
        );
    }
}
