//! The command line every stack binary gets:
//! `fn main() -> ExitCode { cicd_dsl::cli::main(my_stack::stack()) }`.

mod adoption_flags;
mod app_cmd;
#[cfg(feature = "deploy")]
mod app_exports;
mod app_json;
pub mod app_member;
mod app_runner;
mod approval_arg;
mod asset_progress;
mod assets;
pub mod aws_args;
#[cfg(feature = "deploy")]
mod aws_main;
#[cfg(feature = "deploy")]
pub mod aws_settings;
#[cfg(feature = "deploy")]
mod bootstrap_cmd;
mod check_cmd;
pub mod command_line;
mod command_name;
mod completions_cmd;
pub mod config;
#[cfg(feature = "deploy")]
mod deploy_cmd;
pub mod deploy_flags;
#[cfg(feature = "deploy")]
mod destroy_cmd;
#[cfg(feature = "deploy")]
mod diff_cmd;
#[cfg(feature = "deploy")]
mod drift_cmd;
pub mod environments;
mod function_build;
mod graph_cmd;
pub mod hand_over;
#[cfg(feature = "deploy")]
mod hotswap_cmd;
#[cfg(feature = "deploy")]
mod interruption;
#[cfg(feature = "deploy")]
mod local_build_cmd;
#[cfg(feature = "deploy")]
pub mod local_cmd;
#[cfg(feature = "deploy")]
mod local_routes;
mod local_venv;
#[cfg(feature = "deploy")]
mod ls_cmd;
#[cfg(feature = "deploy")]
mod ls_environments;
#[cfg(feature = "deploy")]
mod outputs_cmd;
#[cfg(feature = "deploy")]
mod outputs_file;
#[cfg(feature = "deploy")]
pub mod push_source_cmd;
#[cfg(feature = "deploy")]
mod saved_plan_cmd;
#[cfg(feature = "deploy")]
mod source_zip;
#[cfg(feature = "deploy")]
pub mod stack_lock;
pub mod stackset_args;
#[cfg(feature = "deploy")]
mod stackset_cmd;
pub mod stackset_config;
mod synth_cmd;
pub mod usage;
#[cfg(feature = "deploy")]
mod watch_cmd;
#[cfg(feature = "deploy")]
mod watch_sources;
mod workspace;

use crate::StackDef;
use aws_args::{AwsFlags, LocalAction};
use clap::{Parser, Subcommand, ValueEnum};
use command_line::UserCommandLine;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(about = "Synthesize, check and deploy a cicd-dsl stack", version)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Command,
}

/// Settings shared by every command; flags override the config file.
#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// Config file (default: ./cicd.toml when it exists).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Environment from the config's `[environments.<name>]`: its account, region,
    /// profile, name prefix and tags (flags still override).
    #[arg(long = "env", global = true, value_name = "NAME")]
    pub env: Option<String>,
    /// Stack name (overrides the one the stack declares).
    #[arg(long, global = true, value_parser = config::parse_stack_name)]
    pub stack_name: Option<String>,
    /// AWS region.
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Prefix for every explicit physical name, so two copies can share an account.
    #[arg(long, global = true, value_name = "PREFIX")]
    pub name_prefix: Option<String>,
    /// Extra tag for every resource (repeatable).
    #[arg(long = "tag", global = true, value_name = "KEY=VALUE", value_parser = config::parse_tag)]
    pub tags: Vec<(String, String)>,
    /// Output folder for `synth` (default: cicd.out).
    #[arg(long, global = true, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// How results are printed.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Human)]
    pub output: OutputFormat,
    /// Log what the AWS commands do on stderr: -v each AWS call (service,
    /// operation, status, attempts, time), -vv also the AWS SDK's debug logs.
    /// RUST_LOG (a tracing filter) overrides both. Secrets are never printed.
    #[arg(short = 'v', long = "verbose", global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the CloudFormation template and assets to the output folder.
    Synth {
        /// Print the template JSON to stdout instead of a summary.
        #[arg(long)]
        stdout: bool,
    },
    /// Print the deployment graph.
    Graph {
        /// Graph language: mermaid (renders in GitHub Markdown) or dot (Graphviz).
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// Run the policy rules over the stack.
    Check {
        /// How findings are printed: human, json, or sarif (for code-scanning tools).
        #[arg(long, value_enum, default_value_t = check_cmd::CheckFormat::Human)]
        format: check_cmd::CheckFormat,
    },
    /// Create (or update) the toolkit stack holding the asset bucket, once per account and region.
    Bootstrap {
        #[command(flatten)]
        aws: AwsFlags,
        #[command(flatten)]
        stackset: stackset_args::StacksetBootstrapFlags,
    },
    /// Synthesize, publish assets, review the change set and deploy it.
    Deploy {
        #[command(flatten)]
        aws: AwsFlags,
        /// Deploy without asking (for CI).
        #[arg(long)]
        yes: bool,
        /// Accept that this stateful resource (logical id) is replaced or removed (repeatable).
        #[arg(long = "allow-replace", value_name = "LOGICAL_ID")]
        allow_replace: Vec<String>,
        /// When to ask before deploying (--yes skips the question).
        #[arg(long, value_enum, value_name = "WHEN", default_value_t)]
        require_approval: approval_arg::RequireApproval,
        #[command(flatten)]
        plan: deploy_flags::DeployFlags,
        #[command(flatten)]
        stacks: app_cmd::StackSelection,
    },
    /// Show what a deploy would change, without changing anything.
    Diff {
        #[command(flatten)]
        aws: AwsFlags,
        /// Exit 1 when the deployed stack differs from the code (a CI gate); 0 when in sync.
        #[arg(long)]
        fail: bool,
        #[command(flatten)]
        stacks: app_cmd::StackSelection,
    },
    /// Detect drift: which deployed resources were changed outside the stack, property by property (exit 2 when any).
    Drift {
        #[command(flatten)]
        aws: AwsFlags,
        /// `sarif`: SARIF 2.1.0 on stdout, one result per drifted property (for CI).
        #[arg(long, value_enum, default_value = "default")]
        format: DriftFormat,
    },
    /// Delete the stack; buckets, repositories and log groups are kept.
    Destroy {
        #[command(flatten)]
        aws: AwsFlags,
        /// Delete without asking (for CI).
        #[arg(long)]
        yes: bool,
        /// IAM role CloudFormation assumes to delete the stack (its service role).
        #[arg(long, value_name = "ARN", value_parser = deploy_flags::parse_role_arn)]
        role_arn: Option<String>,
        #[command(flatten)]
        stacks: app_cmd::StackSelection,
    },
    /// Print the deployed stack's outputs (read-only).
    Outputs {
        #[command(flatten)]
        aws: AwsFlags,
    },
    /// List the stacks this binary declares, with their status where deployed.
    Ls {
        #[command(flatten)]
        aws: AwsFlags,
    },
    /// Zip a directory and upload it as the pipeline's source object, which starts the pipeline.
    PushSource {
        #[command(flatten)]
        aws: AwsFlags,
        /// The directory to upload (zipped reproducibly; `.git` is left out).
        dir: PathBuf,
        /// Logical id of the pipeline, when the stack has several S3 sources.
        #[arg(long, value_name = "LOGICAL_ID")]
        pipeline: Option<String>,
        /// How long to look for the pipeline execution the upload starts.
        #[arg(long, value_name = "SECONDS", default_value_t = 20)]
        wait_seconds: u64,
        /// Follow the execution stage by stage until it ends; exit 1 unless it succeeds.
        #[arg(long)]
        follow: bool,
    },
    /// Roll the stack out to several accounts and regions with CloudFormation StackSets.
    Stackset {
        #[command(subcommand)]
        action: stackset_args::StacksetAction,
    },
    /// Rebuild the cargo functions on each save of their sources and hotswap their code (Ctrl-C stops).
    Watch {
        #[command(flatten)]
        aws: AwsFlags,
    },
    /// Start, inspect or stop the local AWS endpoint that `--local` uses.
    Local {
        #[command(subcommand)]
        action: LocalAction,
    },
    /// Print the shell completion script for this binary (see README for installing it).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `drift --format`; kept here so stack binaries without the AWS SDK parse it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    /// As `--output` says (human or json).
    Default,
    /// SARIF 2.1.0, one result per drifted property.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

/// Parses the process arguments and runs the command: `synth`, `graph` and
/// `check` in this process, the AWS commands in `cicd-dsl-aws` (see
/// [`hand_over`]), so that a stack binary links no AWS SDK.
pub fn main(stack: StackDef) -> ExitCode {
    match usage::parse_process_args(&command_line::own_name()) {
        Ok(cli) => run(stack, cli),
        Err(error) => usage_error(&error),
    }
}

#[cfg(feature = "deploy")]
pub use aws_main::main as aws_main;

pub use app_cmd::main as app_main;

use usage::usage_error;

/// Runs a parsed command line; errors print as one line on stderr.
pub fn run(stack: StackDef, cli: Cli) -> ExitCode {
    let result = match app_cmd::refuse_other_stack_names(&stack, &cli.command) {
        Err(error) => Err(error),
        Ok(()) => run_without_aws(&stack, &cli)
            .unwrap_or_else(|| hand_over::hand_over(&stack, local_venv::wanted_by(&cli.command))),
    };
    let commands = UserCommandLine::new(
        &command_line::own_name(),
        &cli.settings,
        aws_flags(&cli.command),
    );
    report(result, &cli.settings, &commands, cli.command.name())
}

/// The AWS flags of an AWS command; `None` for the others.
fn aws_flags(command: &Command) -> Option<&AwsFlags> {
    match command {
        Command::Stackset { action } => Some(action.aws()),
        Command::Bootstrap { aws, .. }
        | Command::Deploy { aws, .. }
        | Command::Diff { aws, .. }
        | Command::Drift { aws, .. }
        | Command::Destroy { aws, .. }
        | Command::PushSource { aws, .. }
        | Command::Outputs { aws }
        | Command::Watch { aws }
        | Command::Ls { aws } => Some(aws),
        Command::Synth { .. }
        | Command::Graph { .. }
        | Command::Check { .. }
        | Command::Completions { .. }
        | Command::Local { .. } => None,
    }
}

/// `synth`, `graph` and `check`, which both binaries run themselves;
/// `None` for an AWS command.
fn run_without_aws(stack: &StackDef, cli: &Cli) -> Option<Result<ExitCode, CliError>> {
    Some(match &cli.command {
        Command::Synth { stdout } => synth_cmd::run(stack, &cli.settings, *stdout),
        Command::Graph { format } => graph_cmd::run(stack, *format, cli.settings.output),
        Command::Check { format } => check_cmd::run(stack, &cli.settings, *format),
        Command::Completions { shell } => completions_cmd::run(*shell),
        _ => return None,
    })
}

/// The exit code of a finished command; an error is one line on stderr,
/// with any command it suggests spelled as `commands` says.
fn report(
    result: Result<ExitCode, CliError>,
    settings: &Settings,
    commands: &UserCommandLine,
    command: &str,
) -> ExitCode {
    match result {
        Ok(code) => code,
        #[cfg(feature = "deploy")]
        Err(CliError::Interrupted(summary)) => {
            eprintln!("{summary}");
            if settings.output == OutputFormat::Json {
                println!(
                    "{}",
                    serde_json::json!({ "command": command, "interrupted": summary })
                );
            }
            ExitCode::from(interruption::INTERRUPTED_EXIT)
        }
        Err(error) => {
            let line = error.message(commands);
            eprintln!("error: {line}");
            // A script reading stdout gets a document it can parse, too.
            if settings.output == OutputFormat::Json {
                println!(
                    "{}",
                    serde_json::json!({ "command": command, "error": line })
                );
            }
            ExitCode::FAILURE
        }
    }
}

/// A command's failure, as the one line the user sees.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Synth(#[from] crate::SynthError),
    #[error("building the code asset of `{function}`: {source}")]
    Asset {
        function: String,
        source: Box<cicd_dsl_assets::AssetError>,
    },
    #[error("{0}")]
    Io(String),
    #[cfg(feature = "deploy")]
    #[error(transparent)]
    Deploy(#[from] cicd_dsl_deploy::DeployError),
    /// The local endpoint could not be provided.
    #[cfg(feature = "deploy")]
    #[error("{0}")]
    Local(String),
    /// Ctrl-C stopped the command; the text says where the stack stands.
    #[cfg(feature = "deploy")]
    #[error("{0}")]
    Interrupted(String),
    /// `push-source` could not find or read what to upload.
    #[cfg(feature = "deploy")]
    #[error("push-source: {0}")]
    Source(String),
    /// A `stackset` command or `bootstrap --stackset-*` refused its input.
    #[cfg(feature = "deploy")]
    #[error("{0}")]
    StackSet(String),
}

impl CliError {
    /// The error as the user reads it, with the commands it suggests
    /// spelled by `commands`.
    #[cfg_attr(not(feature = "deploy"), allow(unused_variables))]
    pub fn message(&self, commands: &UserCommandLine) -> String {
        match self {
            #[cfg(feature = "deploy")]
            CliError::Deploy(error) => error.message(commands),
            other => other.to_string(),
        }
    }
}

/// The configuration after the file and the flags are merged.
pub struct Resolved {
    pub synth: crate::SynthConfig,
    pub region: Option<String>,
    pub out_dir: PathBuf,
    /// The environment `--env` chose.
    pub environment: Option<environments::SelectedEnvironment>,
}

pub fn resolve(settings: &Settings) -> Result<Resolved, CliError> {
    let (file, environment) =
        environments::apply(config::load(settings.config.as_deref())?, settings)?;
    let mut tags = file.tags;
    tags.extend(settings.tags.iter().cloned());
    Ok(Resolved {
        synth: crate::SynthConfig {
            stack_name: settings.stack_name.clone().or(file.stack_name),
            name_prefix: settings
                .name_prefix
                .clone()
                .or(file.name_prefix)
                .unwrap_or_default(),
            extra_tags: tags,
            assets: Default::default(),
        },
        region: settings.region.clone().or(file.region),
        out_dir: settings
            .out
            .clone()
            .or(file.out_dir)
            .unwrap_or_else(|| PathBuf::from("cicd.out")),
        environment,
    })
}
