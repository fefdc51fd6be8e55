//! The CloudFormation catalog's tests, one binary: the embedded catalog,
//! the validator, and the project's own templates through it.

mod catalog;
mod snapshot_templates;
mod validate;
