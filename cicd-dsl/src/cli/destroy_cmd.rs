//! `destroy`: delete the stack after confirmation; retained resources stay.

use super::aws_settings::{AwsFlags, connect, stack_name};
use super::command_line::UserCommandLine;
use super::interruption::{run_interruptible, watch_for_ctrl_c};
use super::stack_lock::lock_stack;
use super::{CliError, OutputFormat, Settings};
use crate::StackDef;
use cicd_dsl_deploy::{DestroyOptions, StopSignal, destroy_with};
use std::process::ExitCode;

pub fn run(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    yes: bool,
    role_arn: Option<&str>,
    commands: &UserCommandLine,
) -> Result<ExitCode, CliError> {
    let reporter = super::aws_settings::reporter(flags);
    // No synth: deleting needs only the name, not a build of the assets.
    let name = stack_name(stack, settings)?;
    let session = connect(settings, flags, &reporter)?;
    super::app_exports::before_destroy(&session, &name, commands)?;
    let _lock = lock_stack(&session, &name, &reporter)?;
    let stop = StopSignal::new();
    watch_for_ctrl_c(&session, &stop)?;
    let confirm = session.confirm(yes, &stop);
    let outcome = run_interruptible(
        &session,
        &stop,
        commands,
        &name,
        &reporter,
        destroy_with(
            &session.clients,
            &name,
            confirm,
            &DestroyOptions {
                role_arn: role_arn.map(str::to_owned),
            },
            &reporter,
        ),
    )?;
    match settings.output {
        OutputFormat::Json => session.print_json_report("destroy", &outcome),
        OutputFormat::Human => {
            if !outcome.existed {
                println!("{name}: does not exist; nothing to destroy");
            } else if outcome.nothing_to_destroy {
                println!(
                    "{name}: held no resources; nothing to destroy (the empty stack is deleted)"
                );
            } else {
                println!(
                    "{name}: {} ({} deleted, {} kept)",
                    outcome
                        .final_status
                        .as_ref()
                        .map_or("deleted", |status| status.as_str()),
                    outcome.deleted_count,
                    outcome.kept_count
                );
                if !outcome.retained.is_empty() || !outcome.kept_after_failed_delete.is_empty() {
                    println!("Left in the account:");
                }
                for kept in &outcome.retained {
                    println!(
                        "  kept  {:<24} {:<12} {}",
                        kept.resource_type,
                        kept.logical_id,
                        kept.physical_id.as_deref().unwrap_or("(never created)")
                    );
                }
                // Resources whose deletion failed and that the user chose to keep.
                for kept in &outcome.kept_after_failed_delete {
                    println!(
                        "  kept  {:<24} {:<12} {}  (could not be deleted: {})",
                        kept.resource_type,
                        kept.logical_id,
                        kept.physical_id.as_deref().unwrap_or("(no physical id)"),
                        kept.reason
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
