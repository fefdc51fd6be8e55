use super::Kind;
use super::reference::{Attr, Reference};
use serde::{Deserialize, Serialize};

/// An EventBridge rule on the default bus that starts a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub name: Option<String>,
    pub pattern: EventPattern,
    /// The pipeline the rule starts.
    pub target: String,
    /// The role EventBridge assumes to start it.
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventPattern {
    /// S3 `Object Created` for one key of a bucket with EventBridge on.
    S3ObjectCreated { bucket: String, key: String },
    /// A pattern written by hand, as JSON.
    Json(String),
}

impl Rule {
    pub(super) fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            Reference::new("target", &self.target, Attr::Arn, Some(Kind::Pipeline)),
            Reference::new("role", &self.role, Attr::Arn, Some(Kind::Role)),
        ];
        if let EventPattern::S3ObjectCreated { bucket, .. } = &self.pattern {
            refs.push(Reference::new("on", bucket, Attr::Name, Some(Kind::Bucket)));
        }
        refs
    }
}
