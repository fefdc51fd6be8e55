use serde::{Deserialize, Serialize};

/// A CloudWatch Logs log group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogGroup {
    pub name: Option<String>,
    /// `None` keeps logs forever, which the policy rules reject by default.
    pub retention_days: Option<u32>,
}
