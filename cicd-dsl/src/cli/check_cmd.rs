//! `check`: the compile-time rules, run again over the stack at runtime,
//! for people and for CI tools.

use super::{CliError, OutputFormat, Settings};
use crate::StackDef;
use crate::rules::{self, Finding, Severity};
use clap::ValueEnum;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
}

pub fn run(
    stack: &StackDef,
    settings: &Settings,
    format: CheckFormat,
) -> Result<ExitCode, CliError> {
    // `--output json` asks every command for JSON; `--format` picks among
    // check's own formats, SARIF included.
    let format = match (format, settings.output) {
        (CheckFormat::Human, OutputFormat::Json) => CheckFormat::Json,
        (format, _) => format,
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    let findings = rules::check(
        stack,
        rules::Date::from_unix_seconds(now.map_or(0, |d| d.as_secs())),
    );
    match format {
        CheckFormat::Human => print_human(&findings),
        CheckFormat::Json => println!(
            "{:#}",
            serde_json::json!({ "findings": findings, "command": "check" })
        ),
        CheckFormat::Sarif => println!("{:#}", sarif(&findings)),
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_human(findings: &[Finding]) {
    if findings.is_empty() {
        println!("No findings.");
        return;
    }
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = match &f.field {
            Some(field) => format!("{}.{field}", f.item),
            None => f.item.clone(),
        };
        println!("{level}[{}]: {place}: {}", f.rule, f.message);
        if let Some(help) = &f.help {
            println!("  help: {help}");
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    println!("{errors} error(s), {} warning(s)", findings.len() - errors);
}

/// SARIF 2.1.0, the format code-scanning tools read.
fn sarif(findings: &[Finding]) -> serde_json::Value {
    let mut rule_ids: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    rule_ids.sort();
    rule_ids.dedup();
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let place = match &f.field {
                Some(field) => format!("{}.{field}", f.item),
                None => f.item.clone(),
            };
            let text = match &f.help {
                Some(help) => format!("{} (help: {help})", f.message),
                None => f.message.clone(),
            };
            serde_json::json!({
                "ruleId": f.rule,
                "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": text },
                "locations": [{ "logicalLocations": [{ "fullyQualifiedName": place, "kind": "resource" }] }]
            })
        })
        .collect();
    serde_json::json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "cicd-dsl",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_ids.iter().map(|id| serde_json::json!({ "id": id })).collect::<Vec<_>>()
            }},
            "results": results
        }]
    })
}
