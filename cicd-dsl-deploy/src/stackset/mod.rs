//! StackSets with self-managed permissions: one stack rolled out to
//! accounts x Regions by CloudFormation itself.
//!
//! - [`deploy_stack_set`], [`destroy_stack_set`], [`plan_stack_set`]: the
//!   `stackset` commands; each operation is followed to its end with a
//!   line per instance status change ([`watch`]).
//! - [`bootstrap_administration`], [`bootstrap_execution`]: the two roles
//!   self-managed permissions need ([`roles`]).
//!
//! - [`code_assets`]: functions' code zips in an asset bucket per target
//!   Region of the administration account, read by the target accounts.
//!
//! Service-managed permissions (AWS Organizations) are not supported.

mod code_assets;
mod instances;
mod plan;
mod preferences;
mod role_stacks;
pub mod roles;
mod rollout;
mod watch;

pub use code_assets::{
    ASSETS_STACK, RegionAssetBucket, RegionAssets, bootstrap_asset_buckets, publish_to_regions,
    stackset_asset_bucket, template_for_stack_set,
};
pub use instances::{InstanceResult, InstanceRow, Targets};
pub use plan::{InstanceVerdict, PlannedInstance, StackSetPlan, plan_stack_set};
pub use preferences::{Amount, Preferences};
pub use role_stacks::{bootstrap_administration, bootstrap_execution};
pub use rollout::{StackSetOutcome, StackSetRequest, deploy_stack_set, destroy_stack_set};
pub use watch::OperationReport;
