//! StackSets with self-managed permissions: one stack rolled out to
//! accounts x Regions by CloudFormation itself.
//!
//! - [`deploy_stack_set`], [`destroy_stack_set`], [`plan_stack_set`]: the
//!   `stackset` commands; each operation is followed to its end with a
//!   line per instance status change ([`watch`]).
//! - [`bootstrap_administration`], [`bootstrap_execution`]: the two roles
//!   self-managed permissions need ([`roles`]).
//!
//! Service-managed permissions (AWS Organizations) are not supported.

mod instances;
mod plan;
mod preferences;
mod role_stacks;
pub mod roles;
mod rollout;
mod watch;

pub use instances::{InstanceResult, InstanceRow, Targets};
pub use plan::{InstanceVerdict, PlannedInstance, StackSetPlan, plan_stack_set};
pub use preferences::{Amount, Preferences};
pub use role_stacks::{bootstrap_administration, bootstrap_execution};
pub use rollout::{StackSetOutcome, StackSetRequest, deploy_stack_set, destroy_stack_set};
pub use watch::OperationReport;
