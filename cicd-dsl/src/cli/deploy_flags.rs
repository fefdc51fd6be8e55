//! The flags of `deploy` beyond the review: saved plans, the outputs
//! file, the CloudFormation service role (and its check, which `destroy`
//! shares), drift and the import of existing resources. Parsed by every
//! stack binary, used in `cicd-dsl-aws`.

use std::path::PathBuf;

/// `deploy`'s flags for how the change set is run and what is written after.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DeployFlags {
    /// Write the stack's outputs as JSON to this file after a successful
    /// deploy (`{"<stack>": {"<output>": "<value>"}}`, as `cdk deploy --outputs-file`).
    #[arg(long, value_name = "PATH", conflicts_with = "no_execute")]
    pub outputs_file: Option<PathBuf>,
    /// Create and review the change set, then leave it in place for
    /// `deploy --execute <CHANGE_SET>` (a saved plan); nothing is changed.
    #[arg(long, conflicts_with = "execute")]
    pub no_execute: bool,
    /// Execute this change set, made by `deploy --no-execute`, after showing
    /// it; refused if the stack changed since it was made.
    #[arg(long, value_name = "CHANGE_SET", value_parser = parse_change_set_name)]
    pub execute: Option<String>,
    /// IAM role CloudFormation assumes to change the stack (its service
    /// role), instead of the caller's own permissions. A saved plan keeps
    /// the role it was made with.
    #[arg(long, value_name = "ARN", value_parser = parse_role_arn, conflicts_with = "execute")]
    pub role_arn: Option<String>,
    /// Detect drift first and say which drifted resources this deploy puts back.
    #[arg(long, conflicts_with = "execute")]
    pub check_drift: bool,
    /// Detect drift first and deploy a drift-aware change set that puts
    /// drifted resources back.
    #[arg(long, conflicts_with = "execute")]
    pub revert_drift: bool,
    /// Import, without asking, buckets, repositories and log groups that exist outside any stack under an item's name or were kept by the last destroy (needed with --yes).
    #[arg(long, conflicts_with_all = ["execute", "no_execute"])]
    pub adopt_existing: bool,
    /// Import this existing resource as the item (its logical id) instead of creating it, e.g. `Images=docker-image-repo` (repeatable).
    #[arg(long = "import", value_name = "ITEM=IDENTIFIER", value_parser = super::adoption_flags::parse_import, conflicts_with_all = ["execute", "no_execute"])]
    pub imports: Vec<(String, String)>,
    /// When only functions' code changed, update it in place with
    /// UpdateFunctionCode (seconds, no change set); the stack's template then
    /// names the old code until a deploy without --hotswap. Any other change
    /// deploys through a change set as usual.
    #[arg(long, conflicts_with_all = ["execute", "no_execute", "check_drift", "revert_drift", "imports"])]
    pub hotswap: bool,
}

/// An IAM role ARN, `arn:<partition>:iam::<12-digit account>:role/<path/name>`.
pub fn parse_role_arn(text: &str) -> Result<String, String> {
    let fail = |why: &str| {
        Err(format!(
            "{text:?} is not an IAM role ARN ({why}); expected arn:aws:iam::<12-digit account>:role/<name>"
        ))
    };
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts[..] else {
        return fail("it needs six `:`-separated parts");
    };
    if arn != "arn"
        || !matches!(
            partition,
            "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b"
        )
    {
        return fail("it must start with arn:<partition>, e.g. arn:aws");
    }
    if service != "iam" || !region.is_empty() {
        return fail("the service must be iam, with an empty region");
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return fail("the account must be 12 digits");
    }
    let Some(name) = resource
        .strip_prefix("role/")
        .map(|p| p.rsplit('/').next().unwrap_or(p))
    else {
        return fail("the resource must be role/<name>");
    };
    let valid_char = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    if name.is_empty() || name.len() > 64 || !name.chars().all(valid_char) {
        return fail("a role name is 1 to 64 of A-Z a-z 0-9 +=,.@_-");
    }
    Ok(text.to_owned())
}

/// A change set name as CloudFormation takes it (or its ARN).
fn parse_change_set_name(text: &str) -> Result<String, String> {
    let is_arn = text.starts_with("arn:") && text.contains(":changeSet/");
    let is_name = !text.is_empty()
        && text.len() <= 128
        && text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if is_arn || is_name {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a change set name (a letter, then up to 127 letters, digits and -), as `deploy --no-execute` prints it"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_are_checked_part_by_part() {
        for good in [
            "arn:aws:iam::123456789012:role/cfn-exec",
            "arn:aws-cn:iam::123456789012:role/service-role/Deploy+Role@x",
        ] {
            assert_eq!(parse_role_arn(good).as_deref(), Ok(good));
        }
        for (bad, why) in [
            ("cfn-exec", "six `:`-separated parts"),
            ("arn:aws:iam::123456789012:user/alice", "role/<name>"),
            ("arn:aws:s3::123456789012:role/x", "service must be iam"),
            ("arn:aws:iam:eu-west-1:123456789012:role/x", "empty region"),
            ("arn:aws:iam::1234:role/x", "12 digits"),
            ("arn:aws:iam::123456789012:role/", "1 to 64"),
            ("arn:aws:iam::123456789012:role/has space", "1 to 64"),
        ] {
            let error = parse_role_arn(bad).unwrap_err();
            assert!(error.contains(why), "{bad}: {error}");
            assert!(!error.contains('\n'));
        }
    }

    #[test]
    fn change_set_names_follow_cloudformation() {
        assert!(parse_change_set_name("cicd-dsl-plan-1764868000123").is_ok());
        assert!(
            parse_change_set_name("arn:aws:cloudformation:eu-west-1:123456789012:changeSet/x/1")
                .is_ok()
        );
        assert!(parse_change_set_name("1abc").is_err());
        assert!(parse_change_set_name("has_underscore").is_err());
    }
}
