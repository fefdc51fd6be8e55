//! The resource model: what a stack declares, independent of how it was
//! written (macro attributes or plain Rust) and of the template it becomes.
//!
//! Items refer to each other by their item name (the Rust identifier), which
//! is also the CloudFormation logical ID of the item's main resource.

mod bucket;
mod function;
mod generic;
mod log_group;
mod path;
mod pipeline;
mod project;
mod reference;
mod repository;
mod role;
mod rule;

pub use bucket::{Bucket, Encryption};
pub use function::{Architecture, Code, Function, Runtime};
pub use generic::{Generic, PropValue, STATEFUL_TYPES, SubPart, is_stateful_type};
pub use log_group::LogGroup;
pub use path::{FieldPath, Path, Step};
pub use pipeline::{ExecutionMode, Pipeline, PipelineAction, Stage};
pub use project::{ComputeType, Project};
pub use reference::{Attr, ItemRef, Reference, Value};
pub use repository::{Repository, TagMutability};
pub use role::{Access, Grant, Role, ServicePrincipal, Statement, StatementResource};
pub use rule::{EventPattern, Rule};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole stack: what `#[stack]` produces and `synthesize` consumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackDef {
    /// Default stack name; configuration may override it.
    pub name: String,
    pub description: Option<String>,
    /// Tags applied to every taggable resource.
    pub tags: BTreeMap<String, String>,
    pub resources: Vec<Resource>,
    pub outputs: Vec<Output>,
    /// Items renamed in the code (`#[moved(from = Old)]`): new logical id
    /// -> the id the deployed stack may still hold it under, so that
    /// `deploy` moves the resource instead of replacing it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub moved: BTreeMap<String, String>,
}

/// One declared item and its settings common to every kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The item's name; also its logical ID.
    pub id: String,
    pub kind: ResourceKind,
    /// From the item's doc comment; becomes `Description` where the type has one.
    pub description: Option<String>,
    /// `None` means the kind's default (see [`ResourceKind::default_removal`]).
    pub removal: Option<Removal>,
    pub tags: BTreeMap<String, String>,
    /// Explicit ordering on top of what references imply.
    pub depends_on: Vec<String>,
    /// Policy findings the user accepted, with their reasons.
    pub suppressions: Vec<Suppression>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResourceKind {
    Bucket(Bucket),
    Repository(Repository),
    LogGroup(LogGroup),
    Role(Role),
    Project(Project),
    Function(Function),
    Pipeline(Pipeline),
    Rule(Rule),
    /// Any CloudFormation resource type (`#[resource(AWS::SQS::Queue, ...)]`).
    Generic(Generic),
}

/// What happens to a resource when the stack deletes or replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    Retain,
    Destroy,
}

/// A policy finding accepted on one item, with the reason that lands in the
/// template metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub rule: String,
    pub reason: String,
}

/// A stack output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// The output's name, exactly as it appears in the template.
    pub name: String,
    pub value: Value,
    pub description: Option<String>,
}

/// The kinds of item, for messages and for typed references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Bucket,
    Repository,
    LogGroup,
    Role,
    Project,
    Function,
    Pipeline,
    Rule,
    /// A generic item: its CloudFormation type is the resource's
    /// ([`Resource::cfn_type`]), not the kind's.
    Generic,
}

/// What the DSL knows about each kind: the one list of kinds that the
/// macros (which attribute declares it, which marker trait its handle
/// implements), the rules (how it reads in a message) and synthesis (the
/// CloudFormation type) read. Rows are in the order of [`Kind`].
#[rustfmt::skip]
const KINDS: [KindFacts; 9] = [
    KindFacts::new(Kind::Bucket, "bucket", "Bucket", "an S3 bucket", "AWS::S3::Bucket", true),
    KindFacts::new(Kind::Repository, "ecr_repository", "Repository", "an ECR repository", "AWS::ECR::Repository", true),
    KindFacts::new(Kind::LogGroup, "log_group", "LogGroup", "a log group", "AWS::Logs::LogGroup", true),
    KindFacts::new(Kind::Role, "role", "Role", "an IAM role", "AWS::IAM::Role", false),
    KindFacts::new(Kind::Project, "codebuild_project", "Project", "a CodeBuild project", "AWS::CodeBuild::Project", false),
    KindFacts::new(Kind::Function, "function", "Function", "a Lambda function", "AWS::Lambda::Function", false),
    KindFacts::new(Kind::Pipeline, "pipeline", "Pipeline", "a CodePipeline pipeline", "AWS::CodePipeline::Pipeline", false),
    KindFacts::new(Kind::Rule, "rule", "Rule", "an EventBridge rule", "AWS::Events::Rule", false),
    KindFacts::new(Kind::Generic, "resource", "Generic", "a CloudFormation resource", "", false),
];

struct KindFacts {
    kind: Kind,
    attribute: &'static str,
    marker: &'static str,
    noun: &'static str,
    cfn_type: &'static str,
    stateful: bool,
}

impl KindFacts {
    const fn new(
        kind: Kind,
        attribute: &'static str,
        marker: &'static str,
        noun: &'static str,
        cfn_type: &'static str,
        stateful: bool,
    ) -> Self {
        KindFacts {
            kind,
            attribute,
            marker,
            noun,
            cfn_type,
            stateful,
        }
    }
}

impl Kind {
    /// Every kind, in declaration order.
    pub fn all() -> impl Iterator<Item = Kind> {
        KINDS.iter().map(|facts| facts.kind)
    }

    fn facts(self) -> &'static KindFacts {
        &KINDS[self as usize]
    }

    /// The kind that `#[attribute]` declares (`bucket` -> `Bucket`).
    pub fn from_attribute(attribute: &str) -> Option<Kind> {
        KINDS
            .iter()
            .find(|facts| facts.attribute == attribute)
            .map(|facts| facts.kind)
    }

    /// The attribute that declares an item of this kind, without `#[]`.
    pub fn attribute(self) -> &'static str {
        self.facts().attribute
    }

    /// The marker trait in `cicd_dsl::kinds` that items of this kind implement.
    pub fn marker(self) -> &'static str {
        self.facts().marker
    }

    /// How the kind reads in a sentence ("`Images` is an ECR repository").
    pub fn noun(self) -> &'static str {
        self.facts().noun
    }

    /// The CloudFormation type of the item's main resource; empty for
    /// [`Kind::Generic`], whose type is the resource's
    /// ([`Resource::cfn_type`]).
    pub fn cfn_type(self) -> &'static str {
        self.facts().cfn_type
    }

    /// Stateful kinds hold data that a deletion would lose. For generic
    /// items it depends on the type: see [`Resource::is_stateful`].
    pub fn is_stateful(self) -> bool {
        self.facts().stateful
    }
}

impl ResourceKind {
    pub fn kind(&self) -> Kind {
        match self {
            ResourceKind::Bucket(_) => Kind::Bucket,
            ResourceKind::Repository(_) => Kind::Repository,
            ResourceKind::LogGroup(_) => Kind::LogGroup,
            ResourceKind::Role(_) => Kind::Role,
            ResourceKind::Project(_) => Kind::Project,
            ResourceKind::Function(_) => Kind::Function,
            ResourceKind::Pipeline(_) => Kind::Pipeline,
            ResourceKind::Rule(_) => Kind::Rule,
            ResourceKind::Generic(_) => Kind::Generic,
        }
    }

    /// The CloudFormation type of the item's main resource.
    pub fn cfn_type(&self) -> &str {
        match self {
            ResourceKind::Generic(g) => &g.type_name,
            other => other.kind().cfn_type(),
        }
    }

    /// Whether the item holds data that a deletion would lose.
    pub fn is_stateful(&self) -> bool {
        match self {
            ResourceKind::Generic(g) => is_stateful_type(&g.type_name),
            other => other.kind().is_stateful(),
        }
    }

    /// Stateful resources are kept unless the user opts out.
    pub fn default_removal(&self) -> Removal {
        if self.is_stateful() {
            Removal::Retain
        } else {
            Removal::Destroy
        }
    }

    /// Every place this item refers to another, grants included.
    pub fn references(&self) -> Vec<Reference> {
        match self {
            ResourceKind::Bucket(_) | ResourceKind::Repository(_) | ResourceKind::LogGroup(_) => {
                Vec::new()
            }
            ResourceKind::Role(r) => r.references(),
            ResourceKind::Project(p) => p.references(),
            ResourceKind::Function(f) => f.references(),
            ResourceKind::Pipeline(p) => p.references(),
            ResourceKind::Rule(r) => r.references(),
            ResourceKind::Generic(g) => g.references(),
        }
    }

    /// The explicit physical name, if the user gave one.
    pub fn physical_name(&self) -> Option<&str> {
        match self {
            ResourceKind::Bucket(b) => b.name.as_deref(),
            ResourceKind::Repository(r) => r.name.as_deref(),
            ResourceKind::LogGroup(l) => l.name.as_deref(),
            ResourceKind::Role(r) => r.name.as_deref(),
            ResourceKind::Project(p) => p.name.as_deref(),
            ResourceKind::Function(f) => f.name.as_deref(),
            ResourceKind::Pipeline(p) => p.name.as_deref(),
            ResourceKind::Rule(r) => r.name.as_deref(),
            // A generic type's name property is whatever its schema calls it.
            ResourceKind::Generic(_) => None,
        }
    }
}

impl Resource {
    /// An item with no description, tags, dependencies or suppressions,
    /// and its kind's default removal policy.
    pub fn new(id: impl Into<String>, kind: ResourceKind) -> Self {
        Resource {
            id: id.into(),
            kind,
            description: None,
            removal: None,
            tags: BTreeMap::new(),
            depends_on: Vec::new(),
            suppressions: Vec::new(),
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind.kind()
    }

    /// The CloudFormation type of the item's main resource
    /// (`AWS::S3::Bucket`, or a generic item's own type).
    pub fn cfn_type(&self) -> &str {
        self.kind.cfn_type()
    }

    /// Whether the item holds data that a deletion would lose.
    pub fn is_stateful(&self) -> bool {
        self.kind.is_stateful()
    }

    pub fn removal(&self) -> Removal {
        self.removal.unwrap_or_else(|| self.kind.default_removal())
    }

    pub fn is_suppressed(&self, rule: &str) -> bool {
        self.suppressions.iter().any(|s| s.rule == rule)
    }
}

impl StackDef {
    /// A stack of these items, with no description, tags or outputs.
    pub fn new(name: impl Into<String>, resources: Vec<Resource>) -> Self {
        StackDef {
            name: name.into(),
            description: None,
            tags: BTreeMap::new(),
            resources,
            outputs: Vec::new(),
            moved: BTreeMap::new(),
        }
    }

    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.id == id)
    }

    /// Reads the model back from its JSON, as `#[stack]` embeds it in the
    /// stack binary. Instantiated here rather than in the caller so that the
    /// deserializer, run on every start of the binary, is compiled with this
    /// crate's optimization (the dev profile optimizes cicd-dsl-core).
    pub fn from_json(text: &str) -> serde_json::Result<Self> {
        serde_json::from_str(text)
    }

    /// Every reference in the stack with the item (or output) that holds
    /// it: properties, grants, statements, depends-on and outputs.
    pub fn all_references(&self) -> Vec<(&str, Reference)> {
        let mut refs = Vec::new();
        for resource in &self.resources {
            for r in resource.kind.references() {
                refs.push((resource.id.as_str(), r));
            }
            for (i, dependency) in resource.depends_on.iter().enumerate() {
                refs.push((
                    resource.id.as_str(),
                    Reference::new(FieldPath::depends_on(i), dependency, Attr::Name, None),
                ));
            }
        }
        for output in &self.outputs {
            if let Value::Ref(r) = &output.value {
                let reference = Reference {
                    field: FieldPath::from("value"),
                    target: r.clone(),
                    expected: None,
                };
                refs.push((output.name.as_str(), reference));
            }
        }
        refs
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn the_kind_table_is_in_declaration_order() {
        for (i, kind) in Kind::all().enumerate() {
            assert_eq!(kind as usize, i, "{kind:?}");
            assert_eq!(Kind::from_attribute(kind.attribute()), Some(kind));
        }
        assert_eq!(Kind::all().count(), KINDS.len());
        assert_eq!(Kind::from_attribute("output"), None);
    }
}
