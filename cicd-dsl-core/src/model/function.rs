use super::project::{env_references, role_and_logs_references};
use super::reference::{Reference, Value};
use super::role::Grant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A Lambda function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Function {
    pub name: Option<String>,
    pub runtime: Runtime,
    pub handler: String,
    pub code: Code,
    pub role: String,
    pub logs: Option<String>,
    pub memory_mb: u32,
    pub timeout_seconds: u32,
    pub environment: BTreeMap<String, Value>,
    /// What the function's code calls, granted to its role.
    pub grants: Vec<Grant>,
}

impl Function {
    pub(super) fn references(&self) -> Vec<Reference> {
        let mut refs = role_and_logs_references(&self.role, self.logs.as_deref());
        refs.extend(env_references(&self.environment));
        for (i, grant) in self.grants.iter().enumerate() {
            refs.push(Reference {
                field: super::FieldPath::grant(i),
                target: grant.target.clone(),
                expected: Some(grant.access.target_kind()),
            });
        }
        refs
    }
}

/// A Lambda runtime identifier, as AWS spells it (`python3.13`,
/// `provided.al2023`). Which ones exist and which are deprecated is a rule,
/// not a type, so that the data can move without breaking the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runtime(pub String);

/// Where a function's code comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// A cargo package of the workspace, built for `provided.al2023` and
    /// zipped as an asset; the template names it by content hash.
    Cargo { package: String, bin: String },
    /// Source inline in the template (Python and Node.js only).
    Inline(String),
}
