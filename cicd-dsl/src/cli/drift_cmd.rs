//! `drift`: what changed in the deployed stack's resources outside it,
//! per resource and property; exit 0 in sync, 2 drifted, 1 on error.

use super::aws_settings::{AwsFlags, connect, stack_name};
use super::command_line::UserCommandLine;
use super::interruption::{run_interruptible, watch_for_ctrl_c};
use super::{CliError, DriftFormat, OutputFormat, Settings};
use crate::StackDef;
use cicd_dsl_deploy::{DriftReport, StopSignal, detect_drift, show_drift};
use std::process::ExitCode;

/// Exit code of `drift` when a resource drifted (1 is an error).
pub const DRIFTED_EXIT: u8 = 2;

pub fn run(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    format: DriftFormat,
    commands: &UserCommandLine,
) -> Result<ExitCode, CliError> {
    let reporter = super::aws_settings::reporter(flags);
    // No synth: detection compares with the deployed template, not the code.
    let name = stack_name(stack, settings)?;
    let session = connect(settings, flags, &reporter)?;
    let stop = StopSignal::new();
    watch_for_ctrl_c(&session, &stop)?;
    let report = run_interruptible(
        &session,
        &stop,
        commands,
        &name,
        &reporter,
        detect_drift(&session.clients, &name, &reporter),
    )?;
    // The per-property report goes to stderr as `diff`'s does, so stdout
    // holds only the document (JSON, SARIF) or the summary line.
    show_drift(&reporter, &report);
    match (format, settings.output) {
        (DriftFormat::Sarif, _) => super::aws_settings::print_json(&sarif(&report)),
        (DriftFormat::Default, OutputFormat::Json) => session.print_json_report("drift", &report),
        (DriftFormat::Default, OutputFormat::Human) => println!("{}", summary(&report)),
    }
    Ok(if report.is_drifted() {
        ExitCode::from(DRIFTED_EXIT)
    } else {
        ExitCode::SUCCESS
    })
}

/// The one line on stdout.
fn summary(report: &DriftReport) -> String {
    if !report.is_drifted() {
        return format!("{}: in sync", report.stack_name);
    }
    let ids: Vec<&str> = report
        .drifted
        .iter()
        .map(|r| r.logical_id.as_str())
        .collect();
    format!(
        "{}: drifted ({} resource{}: {})",
        report.stack_name,
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        ids.join(", ")
    )
}

/// SARIF 2.1.0: one result per drifted property (one per deleted resource),
/// at the resource as a logical location.
fn sarif(report: &DriftReport) -> serde_json::Value {
    let render = |v: &Option<serde_json::Value>| {
        v.as_ref().map_or("(not set)".to_owned(), |v| v.to_string())
    };
    let mut results = Vec::new();
    for resource in &report.drifted {
        let location = serde_json::json!([{ "logicalLocations": [{
            "fullyQualifiedName": format!("{}.{}", report.stack_name, resource.logical_id),
            "name": resource.logical_id,
            "kind": "resource"
        }]}]);
        if resource.status == "DELETED" {
            results.push(serde_json::json!({
                "ruleId": "drift-deleted",
                "level": "error",
                "message": { "text": format!("{} ({}) was deleted outside the stack", resource.logical_id, resource.resource_type) },
                "locations": location,
            }));
        }
        for property in &resource.properties {
            results.push(serde_json::json!({
                "ruleId": "drift-modified",
                "level": "error",
                "message": { "text": format!(
                    "{} ({}) {}: the template sets {}, the resource has {}",
                    resource.logical_id, resource.resource_type, property.path,
                    render(&property.expected), render(&property.actual)
                )},
                "locations": location,
                "properties": {
                    "propertyPath": property.path,
                    "expected": property.expected,
                    "actual": property.actual,
                    "differenceType": property.difference,
                }
            }));
        }
    }
    serde_json::json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "cicd-dsl drift",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": [
                    { "id": "drift-modified", "shortDescription": { "text": "A property of a deployed resource differs from the template" } },
                    { "id": "drift-deleted", "shortDescription": { "text": "A deployed resource was deleted outside the stack" } }
                ]
            }},
            "results": results
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cicd_dsl_deploy::{PropertyDrift, ResourceDrift};
    use serde_json::json;

    fn report(drifted: Vec<ResourceDrift>) -> DriftReport {
        DriftReport {
            stack_name: "app".to_owned(),
            stack_id: "id".to_owned(),
            stack_drift_status: "DRIFTED".to_owned(),
            detection_failure: None,
            drifted,
            not_checked: Vec::new(),
            api_calls: Default::default(),
        }
    }

    #[test]
    fn sarif_has_one_result_per_drifted_property() {
        let logs = ResourceDrift {
            logical_id: "Logs".to_owned(),
            resource_type: "AWS::Logs::LogGroup".to_owned(),
            physical_id: Some("/app".to_owned()),
            status: "MODIFIED".to_owned(),
            properties: vec![
                PropertyDrift {
                    path: "RetentionInDays".to_owned(),
                    expected: Some(json!(7)),
                    actual: Some(json!(30)),
                    difference: "NOT_EQUAL".to_owned(),
                },
                PropertyDrift {
                    path: "KmsKeyId".to_owned(),
                    expected: Some(json!("k")),
                    actual: None,
                    difference: "REMOVE".to_owned(),
                },
            ],
        };
        let sarif = sarif(&report(vec![logs]));
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        assert_eq!(
            results[0]["message"]["text"],
            "Logs (AWS::Logs::LogGroup) RetentionInDays: the template sets 7, the resource has 30"
        );
        assert_eq!(
            results[1]["message"]["text"],
            "Logs (AWS::Logs::LogGroup) KmsKeyId: the template sets \"k\", the resource has (not set)"
        );
        assert_eq!(
            results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "app.Logs"
        );
        assert_eq!(sarif["version"], "2.1.0");
        assert_eq!(summary(&report(Vec::new())), "app: in sync");
    }
}
