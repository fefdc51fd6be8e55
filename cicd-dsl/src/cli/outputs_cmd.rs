//! `outputs`: the deployed stack's outputs, read-only (DescribeStacks).

use super::aws_settings::{AwsFlags, connect, stack_name};
use super::deploy_cmd::print_outputs;
use super::{CliError, OutputFormat, Settings};
use crate::StackDef;
use cicd_dsl_deploy::{DeployError, read_stack};
use std::process::ExitCode;

pub fn run(stack: &StackDef, settings: &Settings, flags: &AwsFlags) -> Result<ExitCode, CliError> {
    let reporter = super::aws_settings::reporter(flags);
    // Reading needs only the name, not a build of the assets.
    let name = stack_name(stack, settings)?;
    let session = connect(settings, flags, &reporter)?;
    let view = session
        .runtime
        .block_on(read_stack(&session.clients, &name))?
        .ok_or(DeployError::NotDeployed {
            stack: name.clone(),
        })?;
    match settings.output {
        OutputFormat::Json => session.print_json_report("outputs", &view),
        OutputFormat::Human if view.outputs.is_empty() => {
            println!("{name} ({}) has no outputs", view.stack_status);
        }
        OutputFormat::Human => print_outputs(&view.outputs),
    }
    Ok(ExitCode::SUCCESS)
}
