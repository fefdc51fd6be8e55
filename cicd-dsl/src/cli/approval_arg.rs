//! `deploy --require-approval`: when deploy asks before it changes
//! anything (the AWS CDK's flag, with its values and default).

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum RequireApproval {
    /// Never ask.
    Never,
    /// Ask before any change.
    AnyChange,
    /// Ask only when the change widens access: an added or widened IAM
    /// Allow statement (identity, trust or resource policy), an attached
    /// managed policy, a removed Deny, a public access block turned off, an
    /// added security group ingress rule.
    #[default]
    Broadening,
}

#[cfg(feature = "deploy")]
impl From<RequireApproval> for cicd_dsl_deploy::RequireApproval {
    fn from(value: RequireApproval) -> Self {
        match value {
            RequireApproval::Never => cicd_dsl_deploy::RequireApproval::Never,
            RequireApproval::AnyChange => cicd_dsl_deploy::RequireApproval::AnyChange,
            RequireApproval::Broadening => cicd_dsl_deploy::RequireApproval::Broadening,
        }
    }
}
