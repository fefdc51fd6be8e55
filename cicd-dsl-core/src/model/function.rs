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
    /// The instruction set; arm64 is Graviton.
    #[serde(default)]
    pub architecture: Architecture,
    /// Lambda SnapStart on published versions (`SnapStart: {ApplyOn:
    /// PublishedVersions}`); only some managed runtimes support it.
    #[serde(default)]
    pub snap_start: bool,
    pub memory_mb: u32,
    pub timeout_seconds: u32,
    pub environment: BTreeMap<String, Value>,
    /// What the function's code calls, granted to its role.
    pub grants: Vec<Grant>,
}

impl Function {
    /// The name the function's built Cargo asset goes by in
    /// [`crate::synth::SynthConfig::assets`]: the package, and for arm64 the
    /// architecture too, since one package may be built for both.
    pub fn asset_name(&self) -> Option<String> {
        let Code::Cargo { package, .. } = &self.code else {
            return None;
        };
        Some(match self.architecture {
            Architecture::X86_64 => package.clone(),
            Architecture::Arm64 => format!("{package}/arm64"),
        })
    }

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

/// The instruction set a function runs on, as Lambda's `Architectures`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    #[default]
    X86_64,
    /// Graviton. A Cargo function is cross-compiled for
    /// `aarch64-unknown-linux-gnu`.
    Arm64,
}

impl Architecture {
    /// Lambda's spelling.
    pub fn lambda_name(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

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
