//! Synthesis: a checked [`StackDef`] plus configuration becomes a
//! CloudFormation template. Pure and deterministic: the same input gives
//! byte-identical output, with resources in the graph's topological order.

mod bucket;
mod context;
mod expr;
mod function;
pub mod generic;
mod log_group;
mod metadata;
mod names;
pub mod permissions;
mod pipeline;
mod project;
mod region;
mod repository;
mod role;
mod rule;
mod tags;

pub use context::SynthConfig;
pub use expr::{item_ref_expr, pipeline_arn};
pub use function::ASSET_BUCKET_SUB;
pub use names::physical_name;
pub use region::check_region;

use crate::graph::Cycle;
use crate::model::{ResourceKind, StackDef, Value};
use context::Context;
use serde_json::{Map, Value as Json, json};

/// A synthesized template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The stack name after configuration.
    pub stack_name: String,
    pub body: Json,
}

impl Template {
    /// The template as pretty JSON with a trailing newline: the exact bytes
    /// written to disk and sent to CloudFormation.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.body).expect("JSON values serialize");
        text.push('\n');
        text
    }

    pub fn resources(&self) -> &Map<String, Json> {
        self.body["Resources"]
            .as_object()
            .expect("a synthesized template has Resources")
    }

    pub fn outputs(&self) -> Option<&Map<String, Json>> {
        self.body.get("Outputs").and_then(Json::as_object)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SynthError {
    #[error(transparent)]
    Cycle(#[from] Cycle),
    #[error(
        "the app's stacks import from each other in a cycle ({0}); a stack can only refer to stacks that do not refer back to it"
    )]
    StackCycle(Cycle),
    #[error("`{from}` refers to `{item}`, which is not an item of this stack")]
    UnknownItem { from: String, item: String },
    #[error("`{from}` expects {expected} for `{property}`, but `{item}` is {found}")]
    WrongKind {
        from: String,
        property: &'static str,
        item: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("`{item}` has no `{attr}()`")]
    NoSuchAttr { item: String, attr: &'static str },
    #[error(
        "the code asset of `{function}` (cargo package `{package}`) has not been built; build assets before synth"
    )]
    MissingAsset { function: String, package: String },
    #[error("two resources would have the logical ID `{0}`")]
    DuplicateLogicalId(String),
    #[error(
        "{items}: {region} does not offer this type; deploy to a region that does ({first_type}: {offered_in})"
    )]
    NotOffered {
        region: String,
        items: String,
        first_type: String,
        offered_in: String,
    },
}

/// Builds the template for `stack` under `config`.
pub fn synthesize(stack: &StackDef, config: &SynthConfig) -> Result<Template, SynthError> {
    synthesize_with_owners(stack, config).map(|(template, _)| template)
}

/// [`synthesize`], plus the item that produced each resource (by logical
/// ID): an app splits the template by it.
pub fn synthesize_with_owners(
    stack: &StackDef,
    config: &SynthConfig,
) -> Result<(Template, std::collections::BTreeMap<String, String>), SynthError> {
    let mut owners = std::collections::BTreeMap::new();
    let cx = Context::new(stack, config)?;
    let graph = stack.graph();
    let order = graph.topological_order()?;

    let mut resources = Map::new();
    for id in order {
        let resource = cx.resource(id);
        let generated = match &resource.kind {
            ResourceKind::Bucket(b) => bucket::synth(&cx, resource, b),
            ResourceKind::Repository(r) => repository::synth(&cx, resource, r),
            ResourceKind::LogGroup(l) => log_group::synth(&cx, resource, l),
            ResourceKind::Role(r) => role::synth(&cx, resource, r),
            ResourceKind::Project(p) => project::synth(&cx, resource, p),
            ResourceKind::Function(f) => function::synth(&cx, resource, f)?,
            ResourceKind::Pipeline(p) => pipeline::synth(&cx, resource, p),
            ResourceKind::Rule(r) => rule::synth(&cx, resource, r),
            ResourceKind::Generic(g) => generic::synth(&cx, resource, g)?,
        };
        for (logical_id, body) in generated {
            owners.insert(logical_id.clone(), id.to_owned());
            if resources.insert(logical_id.clone(), body).is_some() {
                return Err(SynthError::DuplicateLogicalId(logical_id));
            }
        }
    }

    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    if let Some(description) = &stack.description {
        template.insert("Description".into(), json!(description));
    }
    template.insert("Metadata".into(), metadata::stack_metadata(&stack.moved));
    template.insert("Resources".into(), Json::Object(resources));
    if !stack.outputs.is_empty() {
        let mut outputs = Map::new();
        for output in &stack.outputs {
            let mut body = Map::new();
            if let Some(description) = &output.description {
                body.insert("Description".into(), json!(description));
            }
            let value = match &output.value {
                Value::Literal(text) => json!(text),
                Value::Ref(r) => cx.expr(&output.name, r)?,
            };
            body.insert("Value".into(), value);
            outputs.insert(output.name.clone(), Json::Object(body));
        }
        template.insert("Outputs".into(), Json::Object(outputs));
    }
    let template = Template {
        stack_name: cx.stack_name(),
        body: Json::Object(template),
    };
    Ok((template, owners))
}
