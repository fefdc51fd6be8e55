//! The entry point of `cicd-dsl-aws`: every command in this process, for the
//! stack a stack binary handed over (see [`super::hand_over`]).

use super::command_line::{UserCommandLine, program_name};
use super::hand_over::MODEL_ENV;
use super::{
    Cli, CliError, Command, aws_flags, bootstrap_cmd, deploy_cmd, destroy_cmd, diff_cmd, drift_cmd,
    local_cmd, ls_cmd, outputs_cmd, push_source_cmd, report, run_without_aws, stackset_cmd,
    usage_error, watch_cmd,
};
use crate::StackDef;
use std::process::ExitCode;

/// Reads the handed-over stack, parses the same arguments the stack binary
/// got (errors and `--help` name that binary) and runs the command.
pub fn main() -> ExitCode {
    let stack = match take_model() {
        Ok(stack) => stack,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let program = program_name();
    match super::usage::parse(&program, std::env::args_os()) {
        Ok(cli) => run(stack, cli, &program),
        Err(error) => usage_error(&error),
    }
}

/// The model file is the stack binary's hand-over to this process alone, so
/// it is removed as soon as it is read.
fn take_model() -> Result<StackDef, CliError> {
    let path = std::env::var_os(MODEL_ENV)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| {
            CliError::Io(
                "cicd-dsl-aws runs the AWS commands of a stack binary; run those through the \
                 stack binary, e.g. `cargo run -p <your stack's package> -- deploy`"
                    .to_owned(),
            )
        })?;
    let text = std::fs::read_to_string(&path).map_err(|e| {
        CliError::Io(format!(
            "cannot read the stack model {}: {e}",
            std::path::Path::new(&path).display()
        ))
    })?;
    let _ = std::fs::remove_file(&path);
    let model: super::app_member::Model = serde_json::from_str(&text).map_err(|e| {
        CliError::Io(format!(
            "the stack model {} does not match this cicd-dsl-aws ({e}); rebuild both from the same cicd-dsl",
            std::path::Path::new(&path).display()
        ))
    })?;
    match model {
        super::app_member::Model::Stack(stack) => Ok(stack),
        super::app_member::Model::Member { app, member } => super::app_member::enter(app, member)
            .ok_or_else(|| CliError::Io("the app model names a stack it does not have".to_owned())),
    }
}

fn run(stack: StackDef, cli: Cli, program: &str) -> ExitCode {
    let settings = &cli.settings;
    cicd_dsl_deploy::verbose::init_tracing(settings.verbose);
    let commands = UserCommandLine::new(program, settings, aws_flags(&cli.command));
    let result = run_without_aws(&stack, &cli).unwrap_or_else(|| match &cli.command {
        Command::Synth { .. }
        | Command::Graph { .. }
        | Command::Check { .. }
        | Command::Completions { .. } => {
            unreachable!("run_without_aws runs these")
        }
        Command::Bootstrap { aws, stackset } if stackset.any() => {
            stackset_cmd::bootstrap(&stack, settings, aws, stackset)
        }
        Command::Bootstrap { aws, .. } => bootstrap_cmd::run(settings, aws),
        Command::Stackset { action } => stackset_cmd::run(&stack, settings, action),
        Command::Deploy {
            aws,
            yes,
            allow_replace,
            require_approval,
            plan,
            ..
        } => deploy_cmd::run(
            &stack,
            settings,
            aws,
            *yes,
            (*require_approval).into(),
            allow_replace,
            plan,
            &commands,
        ),
        Command::Diff { aws, fail, .. } => diff_cmd::run(&stack, settings, aws, *fail, &commands),
        Command::Drift { aws, format } => drift_cmd::run(&stack, settings, aws, *format, &commands),
        Command::Destroy {
            aws, yes, role_arn, ..
        } => destroy_cmd::run(&stack, settings, aws, *yes, role_arn.as_deref(), &commands),
        Command::Outputs { aws } => outputs_cmd::run(&stack, settings, aws),
        Command::Ls { aws } => ls_cmd::run(&stack, settings, aws),
        Command::Watch { aws } => watch_cmd::run(&stack, settings, aws, &commands),
        Command::PushSource {
            aws,
            dir,
            pipeline,
            wait_seconds,
            follow,
        } => push_source_cmd::run(
            &stack,
            settings,
            aws,
            dir,
            pipeline.as_deref(),
            *wait_seconds,
            *follow,
        ),
        Command::Local { action } => local_cmd::run(action, settings),
    });
    report(result, settings, &commands, cli.command.name())
}
