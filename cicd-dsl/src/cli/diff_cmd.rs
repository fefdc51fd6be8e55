//! `diff`: what `deploy` would change, resource by resource and property
//! by property, with CloudFormation's replacement verdicts.

use super::assets::Packaging;
use super::aws_settings::{AwsFlags, connect};
use super::command_line::UserCommandLine;
use super::interruption::{run_interruptible, watch_for_ctrl_c};
use super::stack_lock::lock_stack;
use super::synth_cmd::synth_to_disk;
use super::{CliError, OutputFormat, Settings};
use crate::StackDef;
use cicd_dsl_deploy::{StopSignal, diff};
use std::process::ExitCode;

pub fn run(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    fail_on_difference: bool,
    commands: &UserCommandLine,
) -> Result<ExitCode, CliError> {
    let reporter = super::aws_settings::reporter(flags);
    let mut synth = synth_to_disk(stack, settings, Packaging::for_local(flags.local))?;
    let session = connect(settings, flags, &reporter)?;
    super::app_exports::before_deploy(&session, &mut synth.template)?;
    // The region may come from the environment or the profile: only the
    // session knows it, and a type it does not offer fails here, by name.
    crate::check_region(stack, &session.clients.region)?;
    let _lock = lock_stack(&session, &synth.template.stack_name, &reporter)?;
    let stop = StopSignal::new();
    watch_for_ctrl_c(&session, &stop)?;
    let name = &synth.template.stack_name;
    let outcome = run_interruptible(
        &session,
        &stop,
        commands,
        name,
        &reporter,
        diff(&session.clients, name, &synth.template.to_json(), &reporter),
    )?;
    let counts = &outcome.diff.counts;
    match settings.output {
        OutputFormat::Json => session.print_json_report("diff", &outcome),
        OutputFormat::Human => println!(
            "{}: {} to add, {} to modify ({} replaced), {} to remove{}",
            outcome.stack_name,
            counts.added,
            counts.modified,
            counts.replaced,
            counts.removed,
            match counts.refused {
                0 => String::new(),
                n => format!("; deploy would refuse {n} (see --allow-replace)"),
            },
        ),
    }
    // `--fail` turns "the stack differs" into the exit code a CI gate reads.
    Ok(if fail_on_difference && !outcome.diff.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
