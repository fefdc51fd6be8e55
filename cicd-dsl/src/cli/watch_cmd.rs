//! `watch`: on each save of a file a cargo function's build reads, rebuild
//! the code assets and hotswap the functions whose code changed (the
//! `deploy --hotswap` path: UpdateFunctionCode, no change set), printing
//! one line per cycle. A build or hotswap error is printed and the watch
//! goes on to the next save; Ctrl-C ends it (exit 130).

use super::assets::Packaging;
use super::aws_settings::{AwsFlags, connect};
use super::command_line::UserCommandLine;
use super::interruption::{run_interruptible, watch_for_ctrl_c};
use super::stack_lock::lock_stack;
use super::synth_cmd::synth_to_disk;
use super::watch_sources::{POLL, SETTLE, Sources};
use super::workspace::workspace_root;
use super::{CliError, Settings, resolve};
use crate::{Code, ResourceKind, StackDef};
use cicd_dsl_deploy::{
    ChangeSetOptions, DeployRequest, DriftMode, Hotswap, RequireApproval, StopSignal,
    assets_for_template, hotswap,
};
use std::process::ExitCode;
use std::time::Instant;

pub fn run(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    commands: &UserCommandLine,
) -> Result<ExitCode, CliError> {
    let packages: std::collections::BTreeSet<String> = stack
        .resources
        .iter()
        .filter_map(|r| match &r.kind {
            ResourceKind::Function(f) => match &f.code {
                Code::Cargo { package, .. } => Some(package.clone()),
                Code::Inline(_) => None,
            },
            _ => None,
        })
        .collect();
    if packages.is_empty() {
        return Err(CliError::Io(
            "watch: the stack has no function built from a cargo package (`code = cargo(...)`), so there is nothing to rebuild".to_owned(),
        ));
    }
    let reporter = super::aws_settings::reporter(flags);
    let session = connect(settings, flags, &reporter)?;
    crate::check_region(stack, &session.clients.region)?;
    let sources = Sources {
        workspace_root: workspace_root()?,
        packages,
    };
    let stop = StopSignal::new();
    watch_for_ctrl_c(&session, &stop)?;
    let mut current = sources.snapshot();
    reporter.say(&format!(
        "watching {} files of {} for saves: each rebuilds and hotswaps the functions' code (the stack then differs from its template until a deploy); Ctrl-C stops",
        Sources::count(&current),
        sources
            .packages
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    ));
    // The runtime's workers keep watching for Ctrl-C while this thread sleeps.
    let wait = std::thread::sleep;
    loop {
        // Poll until the files change, then until they hold still.
        let mut changed = sources.snapshot();
        while changed == current {
            if stop.is_requested() {
                return Err(CliError::Interrupted("stopped watching".to_owned()));
            }
            wait(POLL);
            changed = sources.snapshot();
        }
        loop {
            wait(SETTLE);
            let again = sources.snapshot();
            if again == changed {
                break;
            }
            changed = again;
        }
        if stop.is_requested() {
            return Err(CliError::Interrupted("stopped watching".to_owned()));
        }
        let what = sources.describe_change(&current, &changed);
        current = changed;
        let line = cycle(stack, settings, &session, &stop, commands, &reporter, &what)?;
        println!("{line}");
    }
}

/// One rebuild and hotswap; the line that reports it. Errors of the build
/// and of the hotswap are printed and become the line; only Ctrl-C ends
/// the watch.
fn cycle(
    stack: &StackDef,
    settings: &Settings,
    session: &super::aws_settings::Session,
    stop: &StopSignal,
    commands: &UserCommandLine,
    reporter: &cicd_dsl_deploy::Reporter,
    what: &str,
) -> Result<String, CliError> {
    let build_started = Instant::now();
    let built = synth_to_disk(
        stack,
        settings,
        Packaging::for_local(session.local.is_some()),
    )
    .and_then(|synth| {
        let resolved = resolve(settings)?;
        let body = synth.template.to_json();
        let assets = assets_for_template(&resolved.out_dir, &body)?;
        let mut tags = stack.tags.clone();
        tags.extend(resolved.synth.extra_tags.clone());
        Ok(DeployRequest {
            stack_name: synth.template.stack_name.clone(),
            template_body: body,
            assets,
            tags,
            allow_replace: Vec::new(),
            require_approval: RequireApproval::Never,
            confirm: session.confirm(false, stop),
            change_set: ChangeSetOptions {
                role_arn: None,
                leave_for_later: false,
                revert_drift: false,
            },
            drift: DriftMode::Ignore,
        })
    });
    let build_s = build_started.elapsed().as_secs_f64();
    if stop.is_requested() {
        return Err(CliError::Interrupted("stopped watching".to_owned()));
    }
    let request = match built {
        Ok(request) => request,
        Err(error) => {
            eprintln!("error: {}", error.message(commands));
            return Ok(format!(
                "{what} changed: build failed after {build_s:.1} s; waiting for the next save"
            ));
        }
    };
    let hotswap_started = Instant::now();
    let result = lock_stack(session, &request.stack_name, reporter).and_then(|_lock| {
        run_interruptible(
            session,
            stop,
            commands,
            &request.stack_name,
            reporter,
            hotswap(&session.clients, &request, reporter),
        )
    });
    let hotswap_s = hotswap_started.elapsed().as_secs_f64();
    Ok(match result {
        Ok(Hotswap::Swapped(outcome)) => {
            let functions: Vec<&str> = outcome
                .functions
                .iter()
                .map(|f| f.logical_id.as_str())
                .collect();
            format!(
                "{what} changed: built in {build_s:.1} s, hotswapped {} in {hotswap_s:.1} s",
                functions.join(", ")
            )
        }
        Ok(Hotswap::NoChanges(_)) => format!(
            "{what} changed: built in {build_s:.1} s, same code as deployed: nothing to hotswap"
        ),
        Ok(Hotswap::NeedsFullDeploy(why)) => format!(
            "{what} changed: built in {build_s:.1} s, not hotswapped ({why}); run {}",
            commands.spell_subcommand("deploy", true)
        ),
        Err(CliError::Interrupted(summary)) => return Err(CliError::Interrupted(summary)),
        Err(error) => {
            eprintln!("error: {}", error.message(commands));
            format!(
                "{what} changed: built in {build_s:.1} s, hotswap failed after {hotswap_s:.1} s; waiting for the next save"
            )
        }
    })
}
