//! The `tag-production-image` Lambda function: invoked by CodePipeline's
//! Deploy stage, it tags the most recently pushed ECR image `production` and
//! reports the job result back to CodePipeline.
//!
//! `main.rs` is only the Lambda runtime glue; everything here takes SDK
//! clients, so it runs the same against AWS or a local endpoint.

pub mod event;
pub mod function;
pub mod job;
pub mod promote;
pub mod report;

pub use event::{EventError, job_id};
pub use function::{InvocationError, TagProductionFunction};
pub use job::{JobFailure, JobOutcome, ReportError, run_job};
pub use promote::{
    PRODUCTION_TAG, PromoteError, Promotion, TagChange, newest_image, promote_newest_image,
    tag_image,
};
pub use report::ReportCallError;

/// The environment variable naming the ECR repository to tag.
pub const REPOSITORY_ENV: &str = "REPOSITORY_NAME";
