//! When `deploy` asks before executing a change set
//! (`--require-approval`, as the AWS CDK's).

use serde::Serialize;

use crate::analysis::ChangeAnalysis;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum RequireApproval {
    /// Never ask.
    Never,
    /// Ask before any change.
    AnyChange,
    /// Ask only when the change widens access
    /// ([`ChangeAnalysis::broadening`]): an added or widened IAM `Allow`
    /// statement (identity, trust or resource policy), a managed policy
    /// attached, a `Deny` statement removed, an S3 public access block
    /// switch turned off, or a security group ingress rule added.
    #[default]
    Broadening,
}

impl RequireApproval {
    /// Whether the user must approve `analysis` before it runs.
    pub fn requires(self, analysis: &ChangeAnalysis) -> bool {
        match self {
            RequireApproval::Never => false,
            RequireApproval::AnyChange => true,
            RequireApproval::Broadening => analysis.broadening,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadening_asks_only_when_access_widens() {
        let narrow = ChangeAnalysis::default();
        let wide = ChangeAnalysis {
            broadening: true,
            ..ChangeAnalysis::default()
        };
        assert!(!RequireApproval::Broadening.requires(&narrow));
        assert!(RequireApproval::Broadening.requires(&wide));
        assert!(RequireApproval::AnyChange.requires(&narrow));
        assert!(!RequireApproval::Never.requires(&wide));
    }
}
