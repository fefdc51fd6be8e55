//! `ls`: the stacks this binary declares (one per binary today) and, where
//! deployed, their status; then the environments `cicd.toml` declares
//! ([`super::ls_environments`]). As `cdk ls`, the names never need AWS: when no
//! session can be made (no credentials, no endpoint) or AWS cannot be
//! asked, each name is still listed, with the status unknown and the
//! reason on stderr; the exit is 0 either way.

use super::aws_settings::{AwsFlags, connect, print_json, stack_name};
use super::{CliError, OutputFormat, Settings};
use crate::StackDef;
use cicd_dsl_deploy::{StackView, read_stack};
use serde::Serialize;
use std::process::ExitCode;

/// One declared stack and what AWS says about it.
#[derive(Debug, Serialize)]
struct Listed {
    stack_name: String,
    /// `Some(true)` deployed, `Some(false)` not deployed, `None` unknown.
    deployed: Option<bool>,
    /// Why the status is unknown, when it is.
    unknown_because: Option<String>,
    stack: Option<StackView>,
}

pub fn run(stack: &StackDef, settings: &Settings, flags: &AwsFlags) -> Result<ExitCode, CliError> {
    let reporter = super::aws_settings::reporter(flags);
    let name = stack_name(stack, settings)?;
    let environments = super::ls_environments::declared(settings, &stack.name)?;
    let looked_up = connect(settings, flags, &reporter).and_then(|session| {
        let view = session
            .runtime
            .block_on(read_stack(&session.clients, &name))?;
        Ok((view, session.local))
    });
    let (listed, local) = match looked_up {
        Ok((view, local)) => (
            Listed {
                stack_name: name,
                deployed: Some(view.is_some()),
                unknown_because: None,
                stack: view,
            },
            local,
        ),
        Err(error) => {
            let why = error.to_string();
            eprintln!("status unknown: {why}");
            (
                Listed {
                    stack_name: name,
                    deployed: None,
                    unknown_because: Some(why),
                    stack: None,
                },
                None,
            )
        }
    };
    match settings.output {
        OutputFormat::Json => print_json(&serde_json::json!({
            "stacks": [listed],
            "environments": environments,
            "command": "ls",
            "local": local,
        })),
        OutputFormat::Human => {
            println!("{}", line(&listed));
            let origin = super::config::origin(settings.config.as_deref());
            for line in super::ls_environments::human_lines(&origin, &environments) {
                println!("{line}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `cicd-pipeline  UPDATE_COMPLETE  last updated 2026-12-04T20:31:07Z`.
fn line(listed: &Listed) -> String {
    let status = match (&listed.stack, listed.deployed) {
        (Some(view), _) => match &view.last_updated {
            Some(when) => format!("{}  last updated {when}", view.stack_status),
            None => view.stack_status.to_string(),
        },
        (None, Some(false)) => "not deployed".to_owned(),
        (None, _) => "status unknown".to_owned(),
    };
    format!("{}  {status}", listed.stack_name)
}
