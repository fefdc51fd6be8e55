//! `bootstrap`: the toolkit stack with the bucket deploys upload assets to,
//! once per account and region.

use super::aws_settings::{AwsFlags, connect};
use super::{CliError, OutputFormat, Settings};
use cicd_dsl_deploy::bootstrap;
use std::process::ExitCode;

pub fn run(settings: &Settings, flags: &AwsFlags) -> Result<ExitCode, CliError> {
    let reporter = super::aws_settings::reporter(flags);
    let session = connect(settings, flags, &reporter)?;
    let outcome = session
        .runtime
        .block_on(bootstrap(&session.clients, &reporter))?;
    match settings.output {
        OutputFormat::Json => session.print_json_report("bootstrap", &outcome),
        OutputFormat::Human => println!(
            "asset bucket {} ({} in {})",
            outcome.bucket,
            outcome
                .deploy
                .stack_status
                .as_ref()
                .map_or("ready", |s| s.as_str()),
            session.clients.region
        ),
    }
    Ok(ExitCode::SUCCESS)
}
