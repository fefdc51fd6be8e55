//! `stackset deploy|diff|destroy` and `bootstrap --stackset-admin|
//! --stackset-target`: the stack rolled out by CloudFormation StackSets to
//! accounts x regions, with self-managed permissions.
//!
//! Code assets: a function built from a cargo package gets its zip from
//! the administration account's stack set asset bucket of each target
//! region (`cicd_dsl_deploy::stackset` `code_assets`): `bootstrap
//! --stackset-admin` makes the buckets, `stackset deploy` uploads to them
//! and rewrites the template's code bucket to resolve per region.

use super::assets::Packaging;
use super::aws_settings::{AwsFlags, connect, print_json};
use super::config::load;
use super::environments::account_problem;
use super::stackset_args::{PreferenceFlags, StacksetAction, StacksetBootstrapFlags, TargetFlags};
use super::stackset_config::StacksetConfig;
use super::synth_cmd::synth_to_disk;
use super::{CliError, OutputFormat, Settings};
use crate::{ResourceKind, StackDef};
use cicd_dsl_deploy::stackset::{
    Amount, InstanceRow, InstanceVerdict, Preferences, StackSetOutcome, StackSetRequest, Targets,
    bootstrap_administration, bootstrap_asset_buckets, bootstrap_execution, deploy_stack_set,
    destroy_stack_set, plan_stack_set, publish_to_regions, template_for_stack_set,
};
use cicd_dsl_deploy::{StopSignal, assets_for_template, caller_account};
use std::process::ExitCode;

pub fn run(
    stack: &StackDef,
    settings: &Settings,
    action: &StacksetAction,
) -> Result<ExitCode, CliError> {
    let file = load(settings.config.as_deref())?
        .stackset
        .unwrap_or_default();
    match action {
        StacksetAction::Deploy {
            aws,
            targets,
            preferences,
        } => deploy(stack, settings, aws, &file, targets, preferences),
        StacksetAction::Diff { aws, targets } => diff(stack, settings, aws, &file, targets),
        StacksetAction::Destroy {
            aws,
            yes,
            retain_stacks,
            preferences,
        } => destroy(
            stack,
            settings,
            aws,
            &file,
            *yes,
            *retain_stacks,
            preferences,
        ),
    }
}

fn deploy(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    file: &StacksetConfig,
    target_flags: &TargetFlags,
    preference_flags: &PreferenceFlags,
) -> Result<ExitCode, CliError> {
    let targets = targets("stackset deploy", file, target_flags)?;
    check_target_regions(stack, &targets)?;
    let preferences = preferences(file, preference_flags)?;
    let reporter = super::aws_settings::reporter(flags);
    let session = connect(settings, flags, &reporter)?;
    let synth = synth_to_disk(stack, settings, Packaging::for_local(flags.local))?;
    let mut template_body = synth.template.to_json();
    let assets = assets_for_template(&super::resolve(settings)?.out_dir, &template_body)?;
    let mut published = Vec::new();
    if !assets.is_empty() {
        let admin = session.runtime.block_on(caller_account(&session.clients))?;
        published = session.runtime.block_on(publish_to_regions(
            &session.clients,
            &targets.regions,
            &targets.accounts,
            &assets,
            &reporter,
        ))?;
        template_body = template_for_stack_set(&template_body, &admin);
    }
    let request = StackSetRequest {
        name: synth.template.stack_name.clone(),
        template_body,
        targets,
        preferences,
    };
    let outcome =
        session
            .runtime
            .block_on(deploy_stack_set(&session.clients, &request, &reporter))?;
    report(
        &session,
        settings,
        "stackset deploy",
        &outcome,
        vec![("assets", serde_json::json!(published))],
    )
}

fn diff(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    file: &StacksetConfig,
    target_flags: &TargetFlags,
) -> Result<ExitCode, CliError> {
    let targets = targets("stackset diff", file, target_flags)?;
    let reporter = super::aws_settings::reporter(flags);
    let session = connect(settings, flags, &reporter)?;
    let synth = synth_to_disk(stack, settings, Packaging::for_local(flags.local))?;
    let mut template_body = synth.template.to_json();
    // Compared as `stackset deploy` would send it.
    if !code_asset_functions(stack).is_empty() {
        let admin = session.runtime.block_on(caller_account(&session.clients))?;
        template_body = template_for_stack_set(&template_body, &admin);
    }
    let plan = session.runtime.block_on(plan_stack_set(
        &session.clients,
        &synth.template.stack_name,
        &template_body,
        &targets,
    ))?;
    match settings.output {
        OutputFormat::Json => session.print_json_report("stackset diff", &plan),
        OutputFormat::Human => {
            if !plan.exists {
                println!(
                    "stack set {} does not exist yet: every instance is new",
                    plan.stack_set
                );
            }
            for change in &plan.template_changes.resources {
                println!(
                    "template: {:?} {} ({})",
                    change.kind, change.logical_id, change.resource_type
                );
            }
            println!("{:<14}{:<16}{:<10}NOTE", "ACCOUNT", "REGION", "INSTANCE");
            for instance in &plan.instances {
                let verdict = match instance.verdict {
                    InstanceVerdict::New => "new",
                    InstanceVerdict::Outdated => "outdated",
                    InstanceVerdict::Current => "current",
                };
                println!(
                    "{:<14}{:<16}{:<10}{}",
                    instance.account,
                    instance.region,
                    verdict,
                    instance.note.as_deref().unwrap_or("")
                );
            }
            for other in &plan.outside_targets {
                println!(
                    "{:<14}{:<16}{:<10}outside the targets: stackset deploy leaves it",
                    other.account, other.region, other.status
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
fn destroy(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    file: &StacksetConfig,
    yes: bool,
    retain_stacks: bool,
    preference_flags: &PreferenceFlags,
) -> Result<ExitCode, CliError> {
    let preferences = preferences(file, preference_flags)?;
    let name = super::aws_settings::stack_name(stack, settings)?;
    let reporter = super::aws_settings::reporter(flags);
    let session = connect(settings, flags, &reporter)?;
    let stop = StopSignal::new();
    let confirm = session.confirm(yes, &stop);
    let outcome = session.runtime.block_on(destroy_stack_set(
        &session.clients,
        &name,
        &preferences,
        retain_stacks,
        &confirm,
        &reporter,
    ))?;
    report(&session, settings, "stackset destroy", &outcome, Vec::new())
}

/// The table of instances, then the verdict: exit 1 with one line when an
/// operation failed (failures beyond the tolerance, or stopped), a warning
/// for failures within the tolerance.
fn report(
    session: &super::aws_settings::Session,
    settings: &Settings,
    command: &str,
    outcome: &StackSetOutcome,
    extra: Vec<(&str, serde_json::Value)>,
) -> Result<ExitCode, CliError> {
    match settings.output {
        OutputFormat::Json => print_json(&session.json_report(command, outcome, extra)),
        OutputFormat::Human => print_table(&outcome.instances),
    }
    let failed: Vec<String> = outcome
        .operations
        .iter()
        .flat_map(|op| op.failed())
        .map(|r| {
            format!(
                "{}/{}: {}",
                r.account,
                r.region,
                r.reason.as_deref().unwrap_or("no reason given")
            )
        })
        .collect();
    if outcome.succeeded {
        if !failed.is_empty() {
            eprintln!(
                "warning: {} instance(s) failed within the failure tolerance: {}",
                failed.len(),
                failed.join("; ")
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let last = outcome.operations.last();
    eprintln!(
        "error: stack set {}: {} operation {} {}{}; {} instance(s) failed{}{}",
        outcome.stack_set,
        last.map_or("", |op| op.action.as_str()),
        last.map_or("", |op| op.operation_id.as_str()),
        last.map_or("did not finish", |op| op.status.as_str()),
        last.and_then(|op| op.reason.as_deref())
            .map(|r| format!(" ({r})"))
            .unwrap_or_default(),
        failed.len(),
        if failed.is_empty() { "" } else { ": " },
        failed.join("; "),
    );
    Ok(ExitCode::FAILURE)
}

fn print_table(rows: &[InstanceRow]) {
    println!(
        "{:<14}{:<16}{:<12}{:<11}REASON",
        "ACCOUNT", "REGION", "STATUS", "DETAIL"
    );
    for row in rows {
        println!(
            "{:<14}{:<16}{:<12}{:<11}{}",
            row.account,
            row.region,
            row.status,
            row.detailed_status.as_deref().unwrap_or(""),
            row.reason.as_deref().unwrap_or("")
        );
    }
}

/// The flags' targets, else `[stackset]`'s; both must name at least one.
fn targets(command: &str, file: &StacksetConfig, flags: &TargetFlags) -> Result<Targets, CliError> {
    let pick = |flag: &Vec<String>, config: &Vec<String>| {
        if flag.is_empty() {
            config.clone()
        } else {
            flag.clone()
        }
    };
    let targets = Targets {
        accounts: pick(&flags.accounts, &file.accounts),
        regions: pick(&flags.regions, &file.regions),
    };
    if targets.accounts.is_empty() || targets.regions.is_empty() {
        return Err(CliError::StackSet(format!(
            "{command}: no target {}: pass --accounts ID,... and --regions REGION,..., or set accounts and regions in [stackset] of cicd.toml",
            if targets.accounts.is_empty() {
                "accounts"
            } else {
                "regions"
            }
        )));
    }
    for account in &targets.accounts {
        if let Some(problem) = account_problem(account) {
            return Err(CliError::StackSet(format!("--accounts: {problem}")));
        }
    }
    for region in &targets.regions {
        cicd_dsl_deploy::check_region(region).map_err(|reason| {
            CliError::StackSet(format!("--regions: invalid region {region:?}: {reason}"))
        })?;
    }
    Ok(targets)
}

/// A region that does not offer one of the stack's resource types fails
/// every instance there; it is refused by name before anything starts.
fn check_target_regions(stack: &StackDef, targets: &Targets) -> Result<(), CliError> {
    for region in &targets.regions {
        crate::check_region(stack, region)?;
    }
    Ok(())
}

fn preferences(file: &StacksetConfig, flags: &PreferenceFlags) -> Result<Preferences, CliError> {
    let amount = |flag: &Option<String>, config: Option<String>, name: &str| {
        flag.clone()
            .or(config)
            .map(|text| {
                text.parse::<Amount>()
                    .map_err(|problem| CliError::StackSet(format!("{name}: {problem}")))
            })
            .transpose()
    };
    let preferences = Preferences {
        max_concurrent: amount(
            &flags.max_concurrent,
            file.max_concurrent.as_ref().map(|a| a.as_text()),
            "--max-concurrent",
        )?,
        failure_tolerance: amount(
            &flags.failure_tolerance,
            file.failure_tolerance.as_ref().map(|a| a.as_text()),
            "--failure-tolerance",
        )?,
        region_order: if flags.region_order.is_empty() {
            file.region_order.clone()
        } else {
            flags.region_order.clone()
        },
        parallel_regions: flags.parallel_regions || file.parallel_regions,
    };
    if let Some(problem) = preferences.problem() {
        return Err(CliError::StackSet(format!("--max-concurrent: {problem}")));
    }
    Ok(preferences)
}

/// The functions whose code is built from a cargo package: their zips
/// must reach every target region.
fn code_asset_functions(stack: &StackDef) -> Vec<&str> {
    stack
        .resources
        .iter()
        .filter(|r| matches!(&r.kind, ResourceKind::Function(f) if f.asset_name().is_some()))
        .map(|r| r.id.as_str())
        .collect()
}

/// `bootstrap --stackset-admin` / `--stackset-target ADMIN_ACCOUNT`.
pub fn bootstrap(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    roles: &StacksetBootstrapFlags,
) -> Result<ExitCode, CliError> {
    if let Some(problem) = roles.stackset_target.as_deref().and_then(account_problem) {
        return Err(CliError::StackSet(format!("--stackset-target: {problem}")));
    }
    // A stack with cargo-built functions needs its targets' asset buckets:
    // refused before anything is made when no targets are known.
    let with_assets = code_asset_functions(stack);
    let asset_targets = if roles.stackset_admin && !with_assets.is_empty() {
        let file = load(settings.config.as_deref())?
            .stackset
            .unwrap_or_default();
        Some(
            targets("bootstrap --stackset-admin", &file, &roles.targets()).map_err(|err| {
                CliError::StackSet(format!(
                    "{err}; the code of {} is built from a cargo package, so each target region needs an asset bucket the target accounts may read",
                    with_assets.join(", ")
                ))
            })?,
        )
    } else {
        None
    };
    let reporter = super::aws_settings::reporter(flags);
    let session = connect(settings, flags, &reporter)?;
    let account = session.runtime.block_on(caller_account(&session.clients))?;
    let mut lines = Vec::new();
    let mut outcomes = Vec::new();
    let mut asset_buckets = Vec::new();
    if roles.stackset_admin {
        let outcome = session
            .runtime
            .block_on(bootstrap_administration(&session.clients, &reporter))?;
        lines.push(format!(
            "StackSet administration role {} in account {account} ({})",
            cicd_dsl_deploy::stackset::roles::ADMINISTRATION_ROLE,
            outcome
                .stack_status
                .as_ref()
                .map_or("ready", |s| s.as_str())
        ));
        outcomes.push(outcome);
        if let Some(targets) = &asset_targets {
            let buckets = session.runtime.block_on(bootstrap_asset_buckets(
                &session.clients,
                &targets.regions,
                &targets.accounts,
                &reporter,
            ))?;
            for made in &buckets {
                lines.push(format!(
                    "stack set asset bucket {} in {}, readable by {}",
                    made.bucket,
                    made.region,
                    made.readers.join(", ")
                ));
            }
            asset_buckets = buckets;
        }
    }
    if let Some(administration_account) = &roles.stackset_target {
        let synth = synth_to_disk(stack, settings, Packaging::for_local(flags.local))?;
        let outcome = session.runtime.block_on(bootstrap_execution(
            &session.clients,
            administration_account,
            &synth.template.to_json(),
            &reporter,
        ))?;
        lines.push(format!(
            "StackSet execution role {} in account {account}, trusting account {administration_account} ({})",
            cicd_dsl_deploy::stackset::roles::EXECUTION_ROLE,
            outcome.stack_status.as_ref().map_or("ready", |s| s.as_str())
        ));
        outcomes.push(outcome);
    }
    match settings.output {
        OutputFormat::Json => print_json(&session.json_report(
            "bootstrap",
            &serde_json::json!({
                "stackset_role_stacks": outcomes,
                "stackset_asset_buckets": asset_buckets,
            }),
            Vec::new(),
        )),
        OutputFormat::Human => lines.iter().for_each(|line| println!("{line}")),
    }
    Ok(ExitCode::SUCCESS)
}
