//! The flags of `stackset deploy|diff|destroy` and of `bootstrap
//! --stackset-admin|--stackset-target`. Parsed by every stack binary; the
//! values of `--max-concurrent` and `--failure-tolerance` are checked where
//! the commands run (`cicd-dsl-aws`).

use super::aws_args::AwsFlags;

#[derive(Debug, clap::Subcommand)]
pub enum StacksetAction {
    /// Roll the stack out to every target account and region as a StackSet (self-managed permissions).
    Deploy {
        #[command(flatten)]
        aws: AwsFlags,
        #[command(flatten)]
        targets: TargetFlags,
        #[command(flatten)]
        preferences: PreferenceFlags,
    },
    /// Show what `stackset deploy` would change per stack instance: new, outdated or current.
    Diff {
        #[command(flatten)]
        aws: AwsFlags,
        #[command(flatten)]
        targets: TargetFlags,
    },
    /// Delete every stack instance (their stacks too), then the stack set.
    Destroy {
        #[command(flatten)]
        aws: AwsFlags,
        /// Delete without asking (for CI).
        #[arg(long)]
        yes: bool,
        /// Remove the instances from the set but keep their stacks in their accounts.
        #[arg(long)]
        retain_stacks: bool,
        #[command(flatten)]
        preferences: PreferenceFlags,
    },
}

impl StacksetAction {
    pub fn aws(&self) -> &AwsFlags {
        match self {
            StacksetAction::Deploy { aws, .. }
            | StacksetAction::Diff { aws, .. }
            | StacksetAction::Destroy { aws, .. } => aws,
        }
    }
}

/// Where the stack set goes; each overrides `[stackset]` in cicd.toml.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TargetFlags {
    /// Target account ids, comma-separated (12 digits each).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub accounts: Vec<String>,
    /// Target regions, comma-separated.
    #[arg(long, value_name = "REGION,...", value_delimiter = ',')]
    pub regions: Vec<String>,
}

/// Operation preferences; each overrides `[stackset]` in cicd.toml.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PreferenceFlags {
    /// Accounts per region worked on at once: a count (2) or a percentage (25%). Default 1.
    #[arg(long, value_name = "N|N%")]
    pub max_concurrent: Option<String>,
    /// Failed accounts per region before the operation stops there: N or N%. Default 0.
    #[arg(long, value_name = "N|N%")]
    pub failure_tolerance: Option<String>,
    /// Regions to go through first, in this order, comma-separated.
    #[arg(long, value_name = "REGION,...", value_delimiter = ',')]
    pub region_order: Vec<String>,
    /// All regions at once instead of one after another.
    #[arg(long)]
    pub parallel_regions: bool,
}

/// `bootstrap`'s StackSet roles.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StacksetBootstrapFlags {
    /// Create the StackSet administration role in this account (the one that runs `stackset deploy`).
    #[arg(long)]
    pub stackset_admin: bool,
    /// Create the StackSet execution role in this account, trusting the given administration account
    /// and allowed only the resource types of this stack.
    #[arg(long, value_name = "ADMIN_ACCOUNT")]
    pub stackset_target: Option<String>,
    /// With --stackset-admin, for a stack whose functions are built from cargo packages: the stack
    /// set's target accounts, allowed to read its code assets (else `accounts` of [stackset]).
    #[arg(
        long,
        value_name = "ID,...",
        value_delimiter = ',',
        requires = "stackset_admin"
    )]
    pub accounts: Vec<String>,
    /// With --stackset-admin: the stack set's target regions, each given an asset bucket (else
    /// `regions` of [stackset]).
    #[arg(
        long,
        value_name = "REGION,...",
        value_delimiter = ',',
        requires = "stackset_admin"
    )]
    pub regions: Vec<String>,
}

impl StacksetBootstrapFlags {
    pub fn any(&self) -> bool {
        self.stackset_admin || self.stackset_target.is_some()
    }

    /// The targets named on the command line.
    pub fn targets(&self) -> TargetFlags {
        TargetFlags {
            accounts: self.accounts.clone(),
            regions: self.regions.clone(),
        }
    }
}
