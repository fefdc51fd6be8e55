//! `[stackset]` in cicd.toml: the targets and operation preferences of
//! `stackset deploy`, so that CI runs it without flags.
//!
//! ```toml
//! [stackset]
//! accounts = ["222222222222", "333333333333"]
//! regions = ["eu-west-1", "us-east-1"]
//! max_concurrent = "50%"      # or a count: 2
//! failure_tolerance = 1       # or "10%"
//! region_order = ["eu-west-1"]
//! ```

use super::config::{ConfigError, line_column};
use super::environments::account_problem;
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StacksetConfig {
    #[serde(default)]
    pub accounts: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    pub max_concurrent: Option<AmountValue>,
    pub failure_tolerance: Option<AmountValue>,
    #[serde(default)]
    pub region_order: Vec<String>,
    #[serde(default)]
    pub parallel_regions: bool,
}

/// A count (`2`) or text (`"2"`, `"25%"`), read as the flags read it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum AmountValue {
    Count(u32),
    Text(String),
}

impl AmountValue {
    pub fn as_text(&self) -> String {
        match self {
            AmountValue::Count(n) => n.to_string(),
            AmountValue::Text(text) => text.clone(),
        }
    }
}

/// The accounts and regions of `[stackset]`, each at its line and column.
pub(super) fn check(origin: &str, text: &str) -> Result<(), ConfigError> {
    #[derive(Deserialize)]
    struct Checked {
        stackset: Option<CheckedStackset>,
    }
    #[derive(Deserialize)]
    struct CheckedStackset {
        #[serde(default)]
        accounts: Vec<toml::Spanned<String>>,
        #[cfg_attr(not(feature = "deploy"), allow(dead_code))]
        #[serde(default)]
        regions: Vec<toml::Spanned<String>>,
    }
    let Ok(Checked {
        stackset: Some(stackset),
    }) = toml::from_str::<Checked>(text)
    else {
        return Ok(());
    };
    let at = |value: &toml::Spanned<String>, problem: String| {
        let (line, column) = line_column(text, value.span().start);
        ConfigError(format!("{origin}:{line}:{column}: {problem}"))
    };
    for account in &stackset.accounts {
        if let Some(problem) = account_problem(account.get_ref()) {
            return Err(at(account, format!("stackset.accounts: {problem}")));
        }
    }
    #[cfg(feature = "deploy")]
    for region in &stackset.regions {
        cicd_dsl_deploy::check_region(region.get_ref()).map_err(|reason| {
            at(
                region,
                format!(
                    "stackset.regions: invalid region {:?}: {reason}",
                    region.get_ref()
                ),
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::config::parse;

    #[test]
    fn the_stackset_table_is_read() {
        let config = parse(
            "c.toml",
            "[stackset]\naccounts = [\"222222222222\"]\nregions = [\"eu-west-1\"]\nmax_concurrent = \"50%\"\nfailure_tolerance = 1\n",
        )
        .unwrap();
        let stackset = config.stackset.unwrap();
        assert_eq!(stackset.accounts, ["222222222222"]);
        assert_eq!(stackset.max_concurrent.unwrap().as_text(), "50%");
        assert_eq!(stackset.failure_tolerance.unwrap().as_text(), "1");
    }

    #[test]
    fn an_account_that_is_not_12_digits_names_its_place() {
        let error = parse(
            "c.toml",
            "[stackset]\naccounts = [\"222222222222\", \"1234\"]\n",
        )
        .unwrap_err();
        assert!(
            error
                .0
                .starts_with("c.toml:2:29: stackset.accounts: \"1234\" is not an AWS account id"),
            "{error}"
        );
    }
}
