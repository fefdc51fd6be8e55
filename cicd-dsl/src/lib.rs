//! cicd-dsl: AWS infrastructure declared as Rust items, checked by the
//! compiler, synthesized into CloudFormation.
//!
//! A stack is a module with `#[stack]`; each item in it is a resource. See
//! the repository's `docs/writing-stacks.md` for a walk-through.

#[cfg(feature = "cli")]
pub mod cli;
pub mod handles;
pub mod kinds;

pub use cicd_dsl_core::{
    Access, AppDef, AppStack, Architecture, Attr, Bucket, Code, ComputeType, EventPattern,
    ExecutionMode, FieldPath, Function, Generic, Graph, ItemRef, Kind, LogGroup, Output, Path,
    Pipeline, PipelineAction, Project, PropValue, Removal, Repository, Resource, ResourceKind,
    Role, Rule, ServicePrincipal, StackDef, Stage, Statement, StatementResource, SubPart,
    Suppression, SynthConfig, SynthError, TagMutability, Template, Value, check_region, rules,
    synthesize,
};
pub use cicd_dsl_macros::{
    app, bucket, codebuild_project, ecr_repository, function, log_group, moved, output, pipeline,
    resource, role, rule, stack, suppress,
};
pub use handles::{Item, OutputItem};

/// Used by generated code only.
#[doc(hidden)]
pub mod __private {
    use cicd_dsl_core::StackDef;

    /// The macro checked the stack and serialized it; reading it back cannot
    /// fail unless the generated code was tampered with.
    pub fn stack_from_spec(spec: &str) -> StackDef {
        StackDef::from_json(spec).expect("the #[stack] macro wrote a valid stack model")
    }

    /// As [`stack_from_spec`], for `#[app]`.
    pub fn app_from_spec(spec: &str) -> cicd_dsl_core::AppDef {
        cicd_dsl_core::AppDef::from_json(spec).expect("the #[app] macro wrote a valid app model")
    }
}
