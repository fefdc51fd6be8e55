//! Ctrl-C during `deploy`, `diff` or `destroy`. The first one stops the
//! command's own work at its next step (or at the prompt), then removes the
//! change set it made if that never ran and reports the stack's status with
//! the command to follow, exiting 130. A second Ctrl-C exits at once.

use super::CliError;
use super::aws_settings::Session;
use super::command_line::UserCommandLine;
use cicd_dsl_deploy::{DeployError, NextStep, Reporter, StopSignal, clean_up_after_interrupt};
use std::future::Future;

/// Exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells use.
pub const INTERRUPTED_EXIT: u8 = 130;

/// Takes over Ctrl-C for the life of the session's runtime, turning the
/// first one into a request on `stop`; call before the command changes
/// anything.
pub fn watch_for_ctrl_c(session: &Session, stop: &StopSignal) -> Result<(), CliError> {
    let _context = session.runtime.enter();
    let mut signals = ctrl_c_stream()?;
    let stop = stop.clone();
    session.runtime.spawn(async move {
        signals.recv().await;
        stop.request();
        eprintln!("\nCtrl-C: stopping after the current AWS call (Ctrl-C again to quit at once)");
        signals.recv().await;
        eprintln!(
            "stopped without cleaning up: the next `deploy` removes the change set this run left"
        );
        std::process::exit(i32::from(INTERRUPTED_EXIT));
    });
    Ok(())
}

#[cfg(unix)]
fn ctrl_c_stream() -> Result<tokio::signal::unix::Signal, CliError> {
    use tokio::signal::unix::{SignalKind, signal};
    signal(SignalKind::interrupt())
        .map_err(|e| CliError::Io(format!("cannot watch for Ctrl-C: {e}")))
}

#[cfg(not(unix))]
fn ctrl_c_stream() -> Result<CtrlC, CliError> {
    Ok(CtrlC)
}

#[cfg(not(unix))]
struct CtrlC;

#[cfg(not(unix))]
impl CtrlC {
    async fn recv(&mut self) -> Option<()> {
        tokio::signal::ctrl_c().await.ok()
    }
}

/// Runs `operation` on `stack` until it ends or `stop` is requested; after
/// a stop, cleans up and returns [`CliError::Interrupted`] with the summary
/// (its next step spelled by `commands`). Dropping the operation at the
/// stop cancels its in-flight call, so it sends nothing more.
pub fn run_interruptible<T>(
    session: &Session,
    stop: &StopSignal,
    commands: &UserCommandLine,
    stack: &str,
    reporter: &Reporter,
    operation: impl Future<Output = Result<T, DeployError>>,
) -> Result<T, CliError> {
    let finished = session.runtime.block_on(async {
        tokio::select! {
            result = operation => Some(result),
            () = stop.requested() => None,
        }
    });
    match finished {
        Some(Ok(value)) => Ok(value),
        Some(Err(DeployError::Interrupted)) | None => {
            Err(clean_up(session, stack, reporter, commands))
        }
        Some(Err(error)) => Err(error.into()),
    }
}

fn clean_up(
    session: &Session,
    stack: &str,
    reporter: &Reporter,
    commands: &UserCommandLine,
) -> CliError {
    reporter.say(&format!(
        "checking {stack} and removing what this run left unused"
    ));
    match session
        .runtime
        .block_on(clean_up_after_interrupt(&session.clients, stack))
    {
        Ok(after) => CliError::Interrupted(after.message(commands)),
        Err(error) => CliError::Interrupted(format!(
            "interrupted, and checking {stack} afterwards failed ({}). Next: {}",
            error.message(commands),
            NextStep::DeployToCleanUp.describe(commands)
        )),
    }
}
