//! The flags of the AWS commands. They are parsed by every stack binary (so
//! `--help` and mistakes look the same everywhere), while the commands
//! themselves run in `cicd-dsl-aws`.

/// Flags every AWS command takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AwsFlags {
    /// Named profile from ~/.aws/config (default: the standard chain's choice).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Use the local AWS endpoint on 127.0.0.1 (started on first use, then reused).
    /// It has its own credentials, so `--profile` with it is refused rather
    /// than silently ignored.
    #[arg(long, global = true, conflicts_with = "profile")]
    pub local: bool,
    /// How a stack operation's progress shows: a bar (with failures as lines)
    /// or every stack event as a line (default: bar on a terminal, events otherwise).
    #[arg(long, global = true, value_enum, value_name = "bar|events")]
    pub progress: Option<ProgressDisplay>,
}

/// The values of `--progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProgressDisplay {
    Bar,
    Events,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Subcommand)]
pub enum LocalAction {
    /// Start the endpoint (or find the running one) and print its address.
    Start,
    /// Say whether the endpoint runs, and where.
    Status,
    /// Stop the endpoint; its state (every stack and resource) is lost.
    Stop,
}
