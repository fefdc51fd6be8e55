use serde::{Deserialize, Serialize};

/// An ECR repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repository {
    pub name: Option<String>,
    pub scan_on_push: bool,
    /// Keep only this many images (any tag status).
    pub keep_last: Option<u32>,
    /// Tags whose images the lifecycle policy never expires.
    pub protect_tags: Vec<String>,
    pub tag_mutability: TagMutability,
}

impl Default for Repository {
    fn default() -> Self {
        Repository {
            name: None,
            scan_on_push: true,
            keep_last: None,
            protect_tags: Vec::new(),
            tag_mutability: TagMutability::Mutable,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagMutability {
    Mutable,
    Immutable,
}
