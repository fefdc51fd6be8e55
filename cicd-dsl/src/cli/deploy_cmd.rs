//! `deploy`: synth (template and assets), publish the assets, then the
//! change set: review, confirm, execute, follow, outputs.

use super::assets::Packaging;
use super::aws_settings::{AwsFlags, connect, print_json};
use super::command_line::UserCommandLine;
use super::deploy_flags::DeployFlags;
use super::hotswap_cmd;
use super::interruption::{run_interruptible, watch_for_ctrl_c};
use super::outputs_file::OutputsFile;
use super::stack_lock::lock_stack;
use super::synth_cmd::synth_to_disk;
use super::{CliError, OutputFormat, Settings, resolve};
use crate::StackDef;
use cicd_dsl_deploy::{
    Adoption, ChangeSetOptions, DeployError, DeployOutcome, DeployRequest, DeployStatus, DriftMode,
    RequireApproval, StopSignal, assets_for_template, bootstrap, deploy_adopting,
};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

#[allow(clippy::too_many_arguments)]
pub fn run(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    yes: bool,
    require_approval: RequireApproval,
    allow_replace: &[String],
    plan: &DeployFlags,
    commands: &UserCommandLine,
) -> Result<ExitCode, CliError> {
    let started = Instant::now();
    let reporter = super::aws_settings::reporter(flags);
    // A path that cannot be written is refused before anything is deployed.
    let outputs_file = plan
        .outputs_file
        .as_deref()
        .map(OutputsFile::check)
        .transpose()?;
    if let Some(change_set) = &plan.execute {
        return super::saved_plan_cmd::run(
            stack,
            settings,
            flags,
            change_set,
            yes,
            allow_replace,
            outputs_file.as_ref(),
            commands,
        );
    }
    // A wrong region, missing credentials or an unreachable endpoint is
    // reported before the (slower) synth.
    let session = connect(settings, flags, &reporter)?;
    // The region may come from the environment or the profile: only the
    // session knows it, and a type it does not offer fails here, by name,
    // before the assets are built.
    crate::check_region(stack, &session.clients.region)?;
    let synth_started = Instant::now();
    let mut synth = synth_to_disk(stack, settings, Packaging::for_local(flags.local))?;
    super::app_exports::before_deploy(&session, &mut synth.template)?;
    let synth_ms = synth_started.elapsed().as_millis() as u64;
    // What `created in N s` reports: the deploy, not the function builds
    // the synth may have done (those print their own time).
    let deploy_started = Instant::now();
    let resolved = resolve(settings)?;
    let template_body = synth.template.to_json();
    let assets = assets_for_template(&resolved.out_dir, &template_body)?;
    let stop = StopSignal::new();
    let mut tags = stack.tags.clone();
    tags.extend(resolved.synth.extra_tags.clone());
    let request = DeployRequest {
        stack_name: synth.template.stack_name.clone(),
        template_body,
        assets,
        tags,
        allow_replace: allow_replace.to_vec(),
        require_approval,
        confirm: session.confirm(yes, &stop),
        change_set: ChangeSetOptions {
            role_arn: plan.role_arn.clone(),
            leave_for_later: plan.no_execute,
            // The engine makes it drift-aware (`drift`) when the stack exists.
            revert_drift: false,
        },
        drift: drift_mode(plan),
    };

    let adoption = Adoption {
        adopt_existing: plan.adopt_existing,
        imports: plan.imports.clone(),
    };

    let _lock = lock_stack(&session, &request.stack_name, &reporter)?;
    watch_for_ctrl_c(&session, &stop)?;
    // `--hotswap`: only function code changed, or the reason it was not.
    let hotswap_fallback = match plan.hotswap {
        true => match hotswap_cmd::run(
            &session,
            &stop,
            commands,
            &request,
            &reporter,
            settings.output,
        )? {
            hotswap_cmd::Attempt::Done => return Ok(ExitCode::SUCCESS),
            hotswap_cmd::Attempt::FullDeploy(why) => Some(why),
        },
        false => None,
    };
    let clients = &session.clients;
    let mut bootstrapped = None;
    let name = &request.stack_name;
    let outcome = run_interruptible(&session, &stop, commands, name, &reporter, async {
        match deploy_adopting(clients, &request, &adoption, &reporter).await {
            // Locally there is no account to protect, so the asset bucket is
            // simply made; on AWS the user decides (`bootstrap`).
            Err(DeployError::NotBootstrapped { .. }) if session.is_local() => {
                reporter.say("local endpoint has no asset bucket yet: running bootstrap first");
                let toolkit = bootstrap(clients, &reporter).await?;
                bootstrapped = Some(toolkit.bucket);
                deploy_adopting(clients, &request, &adoption, &reporter).await
            }
            other => other,
        }
    })?;
    if let Some(file) = &outputs_file {
        file.write(&outcome.stack_name, &outcome.outputs)?;
    }
    // The time at the prompt is the user's, not the deploy's.
    let without_prompts = |since: Instant| {
        since
            .elapsed()
            .saturating_sub(reporter.time_at_prompts())
            .as_millis() as u64
    };
    let elapsed_ms = without_prompts(started);
    let deploy_ms = without_prompts(deploy_started);
    let total_calls = clients.api_calls();

    match settings.output {
        OutputFormat::Json => {
            let mut json = session.json_report(
                "deploy",
                &outcome,
                vec![
                    ("bootstrapped_asset_bucket", serde_json::json!(bootstrapped)),
                    ("hotswap_fallback", serde_json::json!(hotswap_fallback)),
                ],
            );
            json["template"] = serde_json::json!(synth.template_path);
            json["synth_ms"] = synth_ms.into();
            json["deploy_ms"] = deploy_ms.into();
            json["total_ms"] = elapsed_ms.into();
            json["api_calls_total"] = serde_json::json!(total_calls);
            print_json(&json);
        }
        OutputFormat::Human => match &outcome.change_set {
            Some(change_set) if outcome.status == DeployStatus::Planned => {
                super::saved_plan_cmd::print_planned(
                    &outcome.stack_name,
                    change_set,
                    outcome.changes.len(),
                    commands,
                )
            }
            _ => print_human(&outcome, deploy_ms, total_calls.0.values().sum()),
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// `--revert-drift` checks drift too; `--check-drift` alone only reports.
fn drift_mode(flags: &DeployFlags) -> DriftMode {
    match (flags.check_drift, flags.revert_drift) {
        (_, true) => DriftMode::Revert,
        (true, false) => DriftMode::Check,
        (false, false) => DriftMode::Ignore,
    }
}

fn print_human(outcome: &DeployOutcome, deploy_ms: u64, calls: u64) {
    let what = match outcome.status {
        DeployStatus::Created => "created",
        DeployStatus::Updated => "updated",
        DeployStatus::NoChanges => "no changes",
        DeployStatus::Planned => "planned",
    };
    println!(
        "{}: {what} ({}) in {:.1} s, {} resource changes, {calls} AWS API calls",
        outcome.stack_name,
        outcome.stack_status.as_ref().map_or("-", |s| s.as_str()),
        deploy_ms as f64 / 1000.0,
        outcome.changes.len(),
    );
    for moved in &outcome.moved {
        println!(
            "moved {} -> {} ({}; not replaced)",
            moved.from, moved.to, moved.resource_type
        );
    }
    for adopted in &outcome.adopted {
        println!(
            "imported {} ({} {})",
            adopted.logical_id, adopted.resource_type, adopted.identifier
        );
    }
    print_outputs(&outcome.outputs);
}

/// The stack's outputs as an aligned block.
pub fn print_outputs(outputs: &BTreeMap<String, String>) {
    if outputs.is_empty() {
        return;
    }
    let width = outputs.keys().map(String::len).max().unwrap_or(0);
    println!("Outputs:");
    for (key, value) in outputs {
        println!("  {key:<width$}  {value}");
    }
}
