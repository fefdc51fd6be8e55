//! One marker trait per kind of item, so that code outside a stack module
//! can require "a bucket" or "a role" and get a clear error otherwise.
//! (`on_unimplemented` takes only literal strings, hence no macro here.)

/// Implemented by every item that is an S3 bucket.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an S3 bucket",
    label = "expected an S3 bucket here",
    note = "declare an S3 bucket in a `#[stack]` module with `#[bucket]`"
)]
pub trait Bucket: crate::Item {}

/// Implemented by every item that is an ECR repository.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an ECR repository",
    label = "expected an ECR repository here",
    note = "declare an ECR repository in a `#[stack]` module with `#[ecr_repository]`"
)]
pub trait Repository: crate::Item {}

/// Implemented by every item that is a log group.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a log group",
    label = "expected a log group here",
    note = "declare a log group in a `#[stack]` module with `#[log_group]`"
)]
pub trait LogGroup: crate::Item {}

/// Implemented by every item that is an IAM role.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an IAM role",
    label = "expected an IAM role here",
    note = "declare an IAM role in a `#[stack]` module with `#[role]`"
)]
pub trait Role: crate::Item {}

/// Implemented by every item that is a CodeBuild project.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a CodeBuild project",
    label = "expected a CodeBuild project here",
    note = "declare a CodeBuild project in a `#[stack]` module with `#[codebuild_project]`"
)]
pub trait Project: crate::Item {}

/// Implemented by every item that is a Lambda function.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Lambda function",
    label = "expected a Lambda function here",
    note = "declare a Lambda function in a `#[stack]` module with `#[function]`"
)]
pub trait Function: crate::Item {}

/// Implemented by every item that is a CodePipeline pipeline.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a CodePipeline pipeline",
    label = "expected a CodePipeline pipeline here",
    note = "declare a CodePipeline pipeline in a `#[stack]` module with `#[pipeline]`"
)]
pub trait Pipeline: crate::Item {}

/// Implemented by every item that is an EventBridge rule.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an EventBridge rule",
    label = "expected an EventBridge rule here",
    note = "declare an EventBridge rule in a `#[stack]` module with `#[rule]`"
)]
pub trait Rule: crate::Item {}
