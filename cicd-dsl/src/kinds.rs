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

/// Implemented by every item that is a generic CloudFormation resource.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a CloudFormation resource",
    label = "expected a CloudFormation resource here",
    note = "declare a CloudFormation resource in a `#[stack]` module with `#[resource]`"
)]
pub trait Generic: crate::Item {}

#[cfg(test)]
mod tests {
    use cicd_dsl_core::Kind;

    /// The unindented lines of this file from each `#[diagnostic...` to its
    /// `pub trait ...`: one trait's declaration, without this test's text.
    fn trait_blocks() -> Vec<String> {
        let mut blocks = Vec::new();
        let mut current: Option<String> = None;
        for line in include_str!("kinds.rs").lines() {
            if line.starts_with("#[diagnostic") {
                current = Some(String::new());
            }
            if let Some(block) = current.as_mut() {
                block.push_str(line);
                block.push('\n');
            }
            if line.starts_with("pub trait ") {
                blocks.extend(current.take());
            }
        }
        blocks
    }

    /// `on_unimplemented` takes only literal text, so this file and the
    /// attribute re-exports repeat each kind's noun and attribute; this keeps
    /// them in step with the one list of kinds in the core.
    #[test]
    fn a_marker_trait_and_an_attribute_for_every_kind_of_the_core() {
        let blocks = trait_blocks();
        assert_eq!(blocks.len(), Kind::all().count(), "one trait per kind");
        for kind in Kind::all() {
            let declaration = format!("pub trait {}: crate::Item {{}}", kind.marker());
            let block = blocks
                .iter()
                .find(|b| b.contains(&declaration))
                .unwrap_or_else(|| panic!("no `{declaration}`"));
            let message = format!("message = \"`{{Self}}` is not {}\"", kind.noun());
            let note = format!("with `#[{}]`", kind.attribute());
            assert!(block.contains(&message), "{kind:?}: {message}");
            assert!(block.contains(&note), "{kind:?}: {note}");
        }
        let lib = include_str!("lib.rs");
        let reexports = lib
            .split_once("pub use cicd_dsl_macros::{")
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(list, _)| list)
            .expect("lib.rs re-exports the attribute macros");
        let names: Vec<&str> = reexports.split(',').map(str::trim).collect();
        for kind in Kind::all() {
            assert!(
                names.contains(&kind.attribute()),
                "{kind:?} is not re-exported"
            );
        }
    }
}
