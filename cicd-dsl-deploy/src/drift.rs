//! `drift`: CloudFormation's drift detection for a deployed stack, read
//! back per resource and property (DetectStackDrift, then
//! DescribeStackDriftDetectionStatus until it finishes, then every page of
//! DescribeStackResourceDrifts).

use std::time::{Duration, Instant};

use aws_sdk_cloudformation::types::{StackDriftDetectionStatus, StackResourceDrift};
use serde::Serialize;
use serde_json::Value;

use crate::aws::AwsClients;
use crate::call_counter::ApiCallCounts;
use crate::error::{DeployError, aws_error};
use crate::reporter::{Reporter, Style};
use crate::review_screen::show_property;
use crate::stack_state::describe_stack;
use crate::template_diff::PropertyDiff;

/// How long CloudFormation may take to check every resource.
const DETECTION_TIMEOUT: Duration = Duration::from_secs(600);

/// A drifted resource: changed (`MODIFIED`) or gone (`DELETED`) outside
/// the stack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceDrift {
    pub logical_id: String,
    pub resource_type: String,
    pub physical_id: Option<String>,
    /// `MODIFIED` or `DELETED`.
    pub status: String,
    /// Each drifted property: `old` is what the template sets, `new` what
    /// the resource holds (`None` where absent).
    pub properties: Vec<PropertyDrift>,
}

/// One property CloudFormation found different.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyDrift {
    /// Dotted, as `diff` writes paths: `VersioningConfiguration.Status`.
    pub path: String,
    /// The template's value (`None`: the template does not set it).
    pub expected: Option<Value>,
    /// The resource's value (`None`: the resource no longer has it).
    pub actual: Option<Value>,
    /// `ADD`, `REMOVE` or `NOT_EQUAL`, as CloudFormation says.
    pub difference: String,
}

/// A resource CloudFormation did not check (its type has no drift
/// detection), with CloudFormation's reason when it gives one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotChecked {
    pub logical_id: String,
    pub resource_type: String,
    pub reason: Option<String>,
}

/// The result of `drift` (`--output json`).
#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    pub stack_name: String,
    pub stack_id: String,
    /// `IN_SYNC` or `DRIFTED` (CloudFormation's StackDriftStatus).
    pub stack_drift_status: String,
    /// Set when detection ended `DETECTION_FAILED`: some resources could
    /// not be checked, the others are reported.
    pub detection_failure: Option<String>,
    pub drifted: Vec<ResourceDrift>,
    pub not_checked: Vec<NotChecked>,
    pub api_calls: ApiCallCounts,
}

impl DriftReport {
    pub fn is_drifted(&self) -> bool {
        !self.drifted.is_empty()
    }

    pub fn find(&self, logical_id: &str) -> Option<&ResourceDrift> {
        self.drifted.iter().find(|r| r.logical_id == logical_id)
    }
}

/// Runs drift detection on the deployed stack `stack_name` and reads the
/// result; a stack that does not exist is [`DeployError::NotDeployed`].
pub async fn detect_drift(
    clients: &AwsClients,
    stack_name: &str,
    reporter: &Reporter,
) -> Result<DriftReport, DeployError> {
    let calls_before = clients.api_calls();
    let cfn = &clients.cloudformation;
    let stack = describe_stack(cfn, stack_name)
        .await?
        .ok_or_else(|| DeployError::NotDeployed {
            stack: stack_name.to_owned(),
        })?;
    reporter.say(&format!("detecting drift of {stack_name}"));
    let started = cfn
        .detect_stack_drift()
        .stack_name(&stack.id)
        .send()
        .await
        .map_err(|err| aws_error("DetectStackDrift", err))?;
    let detection_id = started.stack_drift_detection_id().unwrap_or_default();
    let (stack_drift_status, detection_failure) = wait_for_detection(clients, detection_id).await?;

    let mut drifts = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let page = cfn
            .describe_stack_resource_drifts()
            .stack_name(&stack.id)
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|err| aws_error("DescribeStackResourceDrifts", err))?;
        drifts.extend(page.stack_resource_drifts().iter().cloned());
        match page.next_token() {
            Some(token) => next = Some(token.to_owned()),
            None => break,
        }
    }
    let (drifted, not_checked) = sort_drifts(&drifts);
    Ok(DriftReport {
        stack_name: stack_name.to_owned(),
        stack_id: stack.id,
        stack_drift_status,
        detection_failure,
        drifted,
        not_checked,
        api_calls: clients.api_calls().since(&calls_before),
    })
}

/// Polls until detection ends; returns the stack's drift status and, for
/// a failed detection, CloudFormation's reason.
async fn wait_for_detection(
    clients: &AwsClients,
    detection_id: &str,
) -> Result<(String, Option<String>), DeployError> {
    let started = Instant::now();
    let mut delay = Duration::from_millis(500);
    loop {
        let status = clients
            .cloudformation
            .describe_stack_drift_detection_status()
            .stack_drift_detection_id(detection_id)
            .send()
            .await
            .map_err(|err| aws_error("DescribeStackDriftDetectionStatus", err))?;
        let drift_status = status
            .stack_drift_status()
            .map_or("UNKNOWN", |s| s.as_str())
            .to_owned();
        match status.detection_status() {
            Some(StackDriftDetectionStatus::DetectionComplete) => return Ok((drift_status, None)),
            Some(StackDriftDetectionStatus::DetectionFailed) => {
                let reason = status
                    .detection_status_reason()
                    .unwrap_or("(no reason given)");
                return Ok((drift_status, Some(reason.to_owned())));
            }
            _ => {}
        }
        if started.elapsed() > DETECTION_TIMEOUT {
            return Err(DeployError::Timeout {
                what: format!("drift detection {detection_id}"),
                seconds: DETECTION_TIMEOUT.as_secs(),
            });
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

/// Drifted resources (with their properties) and unchecked ones, each by
/// logical id; resources in sync are left out.
fn sort_drifts(drifts: &[StackResourceDrift]) -> (Vec<ResourceDrift>, Vec<NotChecked>) {
    let mut drifted = Vec::new();
    let mut not_checked = Vec::new();
    for drift in drifts {
        let logical_id = drift.logical_resource_id().unwrap_or_default().to_owned();
        let resource_type = drift.resource_type().unwrap_or_default().to_owned();
        match drift.stack_resource_drift_status().map(|s| s.as_str()) {
            Some(status @ ("MODIFIED" | "DELETED")) => drifted.push(ResourceDrift {
                logical_id,
                resource_type,
                physical_id: drift.physical_resource_id().map(str::to_owned),
                status: status.to_owned(),
                properties: drift
                    .property_differences()
                    .iter()
                    .map(|d| PropertyDrift {
                        path: dotted(d.property_path().unwrap_or_default()),
                        expected: value_of(d.expected_value()),
                        actual: value_of(d.actual_value()),
                        difference: d
                            .difference_type()
                            .map_or("NOT_EQUAL", |t| t.as_str())
                            .to_owned(),
                    })
                    .collect(),
            }),
            Some("NOT_CHECKED") => not_checked.push(NotChecked {
                logical_id,
                resource_type,
                reason: drift.drift_status_reason().map(str::to_owned),
            }),
            _ => {}
        }
    }
    drifted.sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
    not_checked.sort_by(|a, b| a.logical_id.cmp(&b.logical_id));
    (drifted, not_checked)
}

/// `/Rules/0/ExpirationInDays` as `diff` writes paths: `Rules.0.ExpirationInDays`.
fn dotted(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

/// CloudFormation gives values as text: JSON for structures and numbers,
/// the bare string otherwise, `null` (or nothing) for an absent value.
fn value_of(text: Option<&str>) -> Option<Value> {
    let text = text?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Null) => None,
        Ok(value) => Some(value),
        Err(_) => Some(Value::String(text.to_owned())),
    }
}

/// Prints the report in `diff`'s layout: a line per drifted resource, then
/// `~ path: expected -> actual` (`-` where the resource lost a value the
/// template sets, `+` where it has one the template does not).
pub fn show_drift(reporter: &Reporter, report: &DriftReport) {
    reporter.styled(
        Style::Heading,
        &format!("Stack {} drift", report.stack_name),
    );
    if let Some(reason) = &report.detection_failure {
        reporter.styled(
            Style::Danger,
            &format!("  detection did not check every resource: {reason}"),
        );
    }
    if report.drifted.is_empty() {
        reporter.say("  no drift: every checked resource matches the template");
    }
    for resource in &report.drifted {
        let (sign, action, style) = match resource.status.as_str() {
            "DELETED" => ("-", "Deleted", Style::Removed),
            _ => ("~", "Drifted", Style::Changed),
        };
        reporter.styled(
            style,
            &format!(
                "  [{sign}] {action:<8} {:<32} {}",
                resource.resource_type, resource.logical_id
            ),
        );
        for property in &resource.properties {
            show_property(
                reporter,
                &PropertyDiff {
                    path: property.path.clone(),
                    old: property.expected.clone(),
                    new: property.actual.clone(),
                },
            );
        }
    }
    if !report.not_checked.is_empty() {
        let names: Vec<String> = report
            .not_checked
            .iter()
            .map(|r| format!("{} ({})", r.logical_id, r.resource_type))
            .collect();
        reporter.say(&format!(
            "  not checked (no drift detection for the type): {}",
            names.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_as_json_where_they_are_json() {
        assert_eq!(value_of(Some("Enabled")), Some(json!("Enabled")));
        assert_eq!(value_of(Some("7")), Some(json!(7)));
        assert_eq!(value_of(Some("{\"a\":1}")), Some(json!({"a": 1})));
        assert_eq!(value_of(Some("null")), None);
        assert_eq!(value_of(None), None);
        assert_eq!(
            dotted("/LifecycleConfiguration/Rules/0/ExpirationInDays"),
            "LifecycleConfiguration.Rules.0.ExpirationInDays"
        );
    }
}
