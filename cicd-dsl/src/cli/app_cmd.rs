//! The command line of an app binary (`cicd_dsl::cli::app_main`): `synth`
//! writes a template per stack, `graph` and `check` cover every item, and
//! the AWS commands run once per stack in `cicd-dsl-aws` (`app_runner`).

use super::assets::Packaging;
use super::command_line::{UserCommandLine, own_name};
use super::{
    Cli, CliError, Command, OutputFormat, Settings, aws_flags, check_cmd, completions_cmd,
    graph_cmd, report, resolve, usage,
};
use crate::{AppDef, StackDef};
use cicd_dsl_core::app::{AppTemplates, synthesize_app};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

/// Which stacks of an app a command runs on, and how many at once.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StackSelection {
    /// Stacks of an app to run on (default: every stack, in dependency order).
    #[arg(value_name = "STACK")]
    pub stacks: Vec<String>,
    /// How many stacks of an app run at once (only stacks that do not import from each other).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

/// The stack selection of a command that takes one.
pub fn selection(command: &Command) -> Option<&StackSelection> {
    match command {
        Command::Deploy { stacks, .. }
        | Command::Diff { stacks, .. }
        | Command::Destroy { stacks, .. } => Some(stacks),
        _ => None,
    }
}

/// A one-stack binary takes its own name (and nothing else) as a stack.
pub fn refuse_other_stack_names(stack: &StackDef, command: &Command) -> Result<(), CliError> {
    let Some(selection) = selection(command) else {
        return Ok(());
    };
    match selection.stacks.iter().find(|name| **name != stack.name) {
        Some(name) => Err(CliError::Io(format!(
            "this binary declares one stack, `{}`; there is no stack `{name}` (leave the name out)",
            stack.name
        ))),
        None => Ok(()),
    }
}

/// Parses the process arguments and runs the command for `app`.
pub fn main(app: AppDef) -> ExitCode {
    match usage::parse_process_args(&own_name()) {
        Ok(cli) => {
            let commands =
                UserCommandLine::new(&own_name(), &cli.settings, aws_flags(&cli.command));
            report(
                run(&app, &cli),
                &cli.settings,
                &commands,
                cli.command.name(),
            )
        }
        Err(error) => usage::usage_error(&error),
    }
}

fn run(app: &AppDef, cli: &Cli) -> Result<ExitCode, CliError> {
    refuse_stack_name_setting(app, &cli.settings)?;
    let chosen = chosen_stacks(app, selection(&cli.command))?;
    let settings = &cli.settings;
    match &cli.command {
        Command::Synth { stdout } => synth(app, settings, *stdout),
        Command::Graph { format } => graph_cmd::run(&app.merged, *format, settings.output),
        Command::Check { format } => check_cmd::run(&app.merged, settings, *format),
        Command::Completions { shell } => completions_cmd::run(*shell),
        _ => super::app_runner::run(app, cli, &chosen),
    }
}

/// `--stack-name` (and `stack_name` in the config) renames the one stack of
/// a stack binary; in an app it would be ambiguous.
fn refuse_stack_name_setting(app: &AppDef, settings: &Settings) -> Result<(), CliError> {
    if resolve(settings)?.synth.stack_name.is_none() {
        return Ok(());
    }
    Err(CliError::Io(format!(
        "a stack name (--stack-name or stack_name in the config) renames the one stack of a stack binary; \
         this app's stacks keep their declared names ({}): name them after the command instead, e.g. `deploy {}`",
        names(app).join(", "),
        names(app).last().map_or("", |n| n.as_str()),
    )))
}

fn names(app: &AppDef) -> Vec<String> {
    app.stacks.iter().map(|s| s.name.clone()).collect()
}

/// The stacks named on the command line (each must be one of the app's),
/// or every stack.
fn chosen_stacks(
    app: &AppDef,
    selection: Option<&StackSelection>,
) -> Result<Vec<String>, CliError> {
    let named = selection.map(|s| s.stacks.as_slice()).unwrap_or_default();
    if let Some(unknown) = named.iter().find(|n| app.stack(n).is_none()) {
        return Err(CliError::Io(format!(
            "no stack `{unknown}` in this app; its stacks are {}",
            names(app).join(", ")
        )));
    }
    Ok(if named.is_empty() {
        names(app)
    } else {
        named.to_vec()
    })
}

/// `synth`: the code assets once, then every stack's template.
fn synth(app: &AppDef, settings: &Settings, stdout: bool) -> Result<ExitCode, CliError> {
    let started = Instant::now();
    let templates = synth_to_disk(app, settings, Packaging::ForAws)?;
    let elapsed = started.elapsed();
    let out_dir = resolve(settings)?.out_dir;
    let mut out = std::io::stdout().lock();
    if stdout {
        let all: serde_json::Map<String, serde_json::Value> = templates
            .templates
            .iter()
            .map(|t| (t.stack_name.clone(), t.body.clone()))
            .collect();
        writeln!(out, "{:#}", serde_json::Value::Object(all)).ok();
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<serde_json::Value> = templates
        .templates
        .iter()
        .map(|t| {
            let exports = t
                .outputs()
                .map(|o| o.values().filter(|v| v.get("Export").is_some()).count())
                .unwrap_or(0);
            serde_json::json!({
                "stack": t.stack_name,
                "template": out_dir.join(template_file(&t.stack_name)),
                "bytes": t.to_json().len(),
                "resources": t.resources().len(),
                "imports_from": templates.imports.get(&t.stack_name).cloned().unwrap_or_default(),
                "exports": exports,
            })
        })
        .collect();
    match settings.output {
        OutputFormat::Json => {
            let json = serde_json::json!({
                "stacks": rows,
                "milliseconds": elapsed.as_secs_f64() * 1000.0,
            });
            writeln!(out, "{json:#}").ok();
        }
        OutputFormat::Human => {
            writeln!(
                out,
                "Synthesized {} stacks in {:.1} ms",
                rows.len(),
                elapsed.as_secs_f64() * 1000.0
            )
            .ok();
            for row in &rows {
                let imports: Vec<&str> = row["imports_from"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str())
                    .collect();
                let imports = if imports.is_empty() {
                    String::new()
                } else {
                    format!(", imports from {}", imports.join(", "))
                };
                writeln!(
                    out,
                    "  {}  {} ({} bytes, {} resources, {} exports{imports})",
                    row["stack"].as_str().unwrap_or_default(),
                    row["template"].as_str().unwrap_or_default(),
                    row["bytes"],
                    row["resources"],
                    row["exports"],
                )
                .ok();
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn template_file(stack: &str) -> String {
    format!("{stack}.template.json")
}

/// Builds the assets and writes every stack's template to the output folder.
pub fn synth_to_disk(
    app: &AppDef,
    settings: &Settings,
    packaging: Packaging,
) -> Result<AppTemplates, CliError> {
    let mut resolved = resolve(settings)?;
    if let Some(region) = &resolved.region {
        crate::check_region(&app.merged, region)?;
    }
    let built = super::assets::build_all(&app.merged, &resolved.out_dir, packaging)?;
    resolved.synth.assets = built
        .iter()
        .map(|(package, asset)| (package.clone(), asset.sha256.clone()))
        .collect();
    let templates = synthesize_app(app, &resolved.synth)?;
    for template in &templates.templates {
        let path = resolved.out_dir.join(template_file(&template.stack_name));
        super::synth_cmd::write_if_changed(&path, template.to_json().as_bytes())?;
    }
    Ok(templates)
}
