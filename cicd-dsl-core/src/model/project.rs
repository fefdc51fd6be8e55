use super::Kind;
use super::reference::{Attr, Reference, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A CodeBuild project whose source and artifacts come from a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub name: Option<String>,
    pub compute: ComputeType,
    /// A CodeBuild curated image such as `aws/codebuild/standard:7.0`.
    pub image: String,
    /// Runs the Docker daemon (needed to build images).
    pub privileged: bool,
    pub role: String,
    pub logs: Option<String>,
    /// A repository the build pushes images to: implies push access and
    /// the `REPOSITORY_URI` environment variable.
    pub pushes_to: Option<String>,
    pub buildspec: String,
    pub timeout_minutes: u32,
    pub environment: BTreeMap<String, Value>,
}

impl Project {
    pub(super) fn references(&self) -> Vec<Reference> {
        let mut refs = role_and_logs_references(&self.role, self.logs.as_deref());
        refs.extend(
            self.pushes_to
                .as_deref()
                .map(|repo| Reference::new("pushes_to", repo, Attr::Uri, Some(Kind::Repository))),
        );
        refs.extend(env_references(&self.environment));
        refs
    }
}

/// The references of what a project and a function both run with: the role
/// they act as and, when they have one, the log group they write to.
pub(super) fn role_and_logs_references(role: &str, logs: Option<&str>) -> Vec<Reference> {
    let mut refs = vec![Reference::new("role", role, Attr::Arn, Some(Kind::Role))];
    refs.extend(logs.map(|logs| Reference::new("logs", logs, Attr::Name, Some(Kind::LogGroup))));
    refs
}

/// The references among environment variable values.
pub(super) fn env_references(env: &BTreeMap<String, Value>) -> Vec<Reference> {
    env.iter()
        .filter_map(|(key, v)| match v {
            Value::Ref(r) => Some(Reference {
                field: super::FieldPath::environment(key),
                target: r.clone(),
                expected: None,
            }),
            Value::Literal(_) => None,
        })
        .collect()
}

/// CodeBuild compute types for Linux containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComputeType {
    Small,
    Medium,
    Large,
    XLarge,
    TwoXLarge,
}

impl ComputeType {
    pub const ALL: [ComputeType; 5] = [
        ComputeType::Small,
        ComputeType::Medium,
        ComputeType::Large,
        ComputeType::XLarge,
        ComputeType::TwoXLarge,
    ];

    pub fn cfn(self) -> &'static str {
        match self {
            ComputeType::Small => "BUILD_GENERAL1_SMALL",
            ComputeType::Medium => "BUILD_GENERAL1_MEDIUM",
            ComputeType::Large => "BUILD_GENERAL1_LARGE",
            ComputeType::XLarge => "BUILD_GENERAL1_XLARGE",
            ComputeType::TwoXLarge => "BUILD_GENERAL1_2XLARGE",
        }
    }

    pub fn ident(self) -> &'static str {
        match self {
            ComputeType::Small => "Small",
            ComputeType::Medium => "Medium",
            ComputeType::Large => "Large",
            ComputeType::XLarge => "XLarge",
            ComputeType::TwoXLarge => "TwoXLarge",
        }
    }

    pub fn from_ident(ident: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.ident() == ident)
    }
}
