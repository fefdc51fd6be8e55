//! `deploy --hotswap`: try the hotswap first; report it, or hand back why
//! a full deploy is needed (which `deploy` then runs, saying so).

use super::aws_settings::{Session, print_json};
use super::command_line::UserCommandLine;
use super::interruption::run_interruptible;
use super::{CliError, OutputFormat};
use cicd_dsl_deploy::{DeployRequest, Hotswap, HotswapOutcome, Reporter, StopSignal, hotswap};

/// What the hotswap attempt came to.
pub enum Attempt {
    /// Done (or nothing to do), reported.
    Done,
    /// A change set is needed; the reason is said on stderr and returned
    /// for `--output json`.
    FullDeploy(String),
}

/// Runs the hotswap of `request` and prints its result.
pub fn run(
    session: &Session,
    stop: &StopSignal,
    commands: &UserCommandLine,
    request: &DeployRequest,
    reporter: &Reporter,
    output: OutputFormat,
) -> Result<Attempt, CliError> {
    let name = &request.stack_name;
    let result = run_interruptible(session, stop, commands, name, reporter, async {
        hotswap(&session.clients, request, reporter).await
    })?;
    let (outcome, status) = match result {
        Hotswap::NeedsFullDeploy(why) => {
            reporter.say(&format!(
                "--hotswap: deploying through a change set, because not only function code changes: {why}"
            ));
            return Ok(Attempt::FullDeploy(why));
        }
        Hotswap::Swapped(outcome) => (outcome, "hotswapped"),
        Hotswap::NoChanges(outcome) => (outcome, "no changes"),
    };
    match output {
        OutputFormat::Json => {
            let json = session.json_report(
                "deploy",
                &outcome,
                vec![("status", status.into()), ("hotswap", true.into())],
            );
            print_json(&json);
        }
        OutputFormat::Human => print_human(&outcome, status),
    }
    Ok(Attempt::Done)
}

fn print_human(outcome: &HotswapOutcome, status: &str) {
    println!(
        "{}: {status} in {:.1} s, {} functions, {} AWS API calls",
        outcome.stack_name,
        outcome.elapsed_ms as f64 / 1000.0,
        outcome.functions.len(),
        outcome.api_calls.0.values().sum::<u64>(),
    );
    for function in &outcome.functions {
        println!(
            "  {} ({}): code {} in {:.1} s",
            function.logical_id,
            function.function_name,
            function.code_sha256,
            function.elapsed_ms as f64 / 1000.0
        );
    }
    if outcome.template_differs {
        println!(
            "hotswapped; the stack's template still names the old code; run deploy without --hotswap to reconcile"
        );
    }
}
