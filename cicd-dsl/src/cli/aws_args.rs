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

#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum LocalAction {
    /// Start the endpoint (or find the running one) and print its address.
    Start,
    /// Say whether the endpoint runs, and where.
    Status,
    /// Stop the endpoint; its state (every stack and resource) is lost.
    Stop,
    /// Stand in for the Docker build a pipeline execution waits at (the endpoint runs no Docker):
    /// push an image manifest to the build's repository, tagged as the buildspec tags it, and end the build.
    CompleteBuild(CompleteBuildArgs),
}

/// `local complete-build`'s flags.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct CompleteBuildArgs {
    /// The build to complete (default: the only build waiting).
    #[arg(long, value_name = "BUILD_ID")]
    pub build: Option<String>,
    /// Push this image manifest (JSON, e.g. from `docker manifest inspect`) instead of one made for the build.
    #[arg(long, value_name = "FILE", conflicts_with = "fail")]
    pub manifest: Option<std::path::PathBuf>,
    /// End the build FAILED with this message instead; nothing is pushed.
    #[arg(long, value_name = "MESSAGE")]
    pub fail: Option<String>,
    /// End the build SUCCEEDED without pushing an image (as a buildspec that pushes nothing).
    #[arg(long, conflicts_with_all = ["fail", "manifest"])]
    pub no_image: bool,
}
