//! `deploy --execute <change set>`: the saved plan `deploy --no-execute`
//! left, shown again and run; no synth (the plan holds its template and
//! its assets were published when it was made).

use super::aws_settings::{AwsFlags, connect, print_json};
use super::command_line::UserCommandLine;
use super::deploy_cmd::print_outputs;
use super::interruption::{run_interruptible, watch_for_ctrl_c};
use super::outputs_file::OutputsFile;
use super::stack_lock::lock_stack;
use super::{CliError, OutputFormat, Settings};
use crate::StackDef;
use cicd_dsl_deploy::{SavedPlan, StopSignal, ToolCommand, execute_saved_plan};
use std::process::ExitCode;

#[allow(clippy::too_many_arguments)]
pub fn run(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    change_set: &str,
    yes: bool,
    allow_replace: &[String],
    outputs_file: Option<&OutputsFile>,
    commands: &UserCommandLine,
) -> Result<ExitCode, CliError> {
    let reporter = super::aws_settings::reporter(flags);
    let name = super::aws_settings::stack_name(stack, settings)?;
    let session = connect(settings, flags, &reporter)?;
    let _lock = lock_stack(&session, &name, &reporter)?;
    let stop = StopSignal::new();
    watch_for_ctrl_c(&session, &stop)?;
    let plan = SavedPlan {
        stack_name: name.clone(),
        change_set: change_set.to_owned(),
        allow_replace: allow_replace.to_vec(),
        confirm: session.confirm(yes, &stop),
    };
    let outcome = run_interruptible(
        &session,
        &stop,
        commands,
        &name,
        &reporter,
        execute_saved_plan(&session.clients, &plan, &reporter),
    )?;
    if let Some(file) = outputs_file {
        file.write(&outcome.stack_name, &outcome.outputs)?;
    }
    match settings.output {
        OutputFormat::Json => print_json(&session.json_report("deploy", &outcome, Vec::new())),
        OutputFormat::Human => {
            println!(
                "{name}: executed change set {change_set} ({}), {} resource changes",
                outcome.stack_status.as_ref().map_or("-", |s| s.as_str()),
                outcome.changes.len()
            );
            print_outputs(&outcome.outputs);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `deploy --no-execute` prints: the plan's name and how to run it.
pub fn print_planned(stack: &str, change_set: &str, changes: usize, commands: &UserCommandLine) {
    use cicd_dsl_deploy::CommandLine;
    println!(
        "{stack}: change set {change_set} is ready ({changes} resource changes) and nothing was changed; \
         run `{} --execute {change_set}` to apply it",
        commands.spell(ToolCommand::Deploy)
    );
}
