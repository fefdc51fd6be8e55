//! Environments: `[environments.<name>]` tables in `cicd.toml`, one per
//! copy of the stack (dev, staging, production), each naming the AWS account
//! it lives in. `--env <name>` selects one; its settings sit between the
//! file's top-level ones and the flags, which still win.
//!
//! ```toml
//! [environments.dev]
//! account = "111111111111"
//! region = "eu-west-1"
//! name_prefix = "dev-"
//!
//! [environments.prod]
//! account = "222222222222"
//! profile = "prod"
//! protected = true
//! tags = { Environment = "production" }
//! ```

use super::config::{ConfigError, DEFAULT_CONFIG_FILE, FileConfig, line_column};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One `[environments.<name>]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentConfig {
    /// The 12-digit id of the account the credentials must belong to.
    pub account: String,
    pub region: Option<String>,
    /// Named profile from `~/.aws/config` (ignored with `--local`, which
    /// has its own credentials).
    pub profile: Option<String>,
    pub stack_name: Option<String>,
    pub name_prefix: Option<String>,
    /// Added to the file's top-level `[tags]`.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub out_dir: Option<PathBuf>,
    /// Destroying, and any change the stateful guard flags, need the stack
    /// name typed at the prompt (or `--yes --env <name>`).
    #[serde(default)]
    pub protected: bool,
}

/// The environment `--env` chose, as the AWS commands need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedEnvironment {
    pub name: String,
    pub account: String,
    pub profile: Option<String>,
    pub protected: bool,
}

/// The file's settings with the environment of `--env` laid over them, if
/// one is given.
pub fn apply(
    file: FileConfig,
    settings: &super::Settings,
) -> Result<(FileConfig, Option<SelectedEnvironment>), ConfigError> {
    let Some(name) = &settings.env else {
        return Ok((file, None));
    };
    if settings.config.is_none() && !std::path::Path::new(DEFAULT_CONFIG_FILE).exists() {
        return Err(ConfigError(format!(
            "--env {name}: there is no ./{DEFAULT_CONFIG_FILE} to declare it; add [environments.{name}] with its account there, or pass --config PATH"
        )));
    }
    let origin = super::config::origin(settings.config.as_deref());
    let (file, selected) = select(file, &origin, name)?;
    Ok((file, Some(selected)))
}

/// The file's settings with the environment `name` laid over them, and
/// what the AWS commands need of it; an unknown name is an error naming
/// the file and the environments it declares.
pub fn select(
    mut file: FileConfig,
    origin: &str,
    name: &str,
) -> Result<(FileConfig, SelectedEnvironment), ConfigError> {
    let Some(environment) = file.environments.remove(name) else {
        let declared = file
            .environments
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>();
        let known = if declared.is_empty() {
            "it declares no environments".to_owned()
        } else {
            format!("it declares {}", declared.join(", "))
        };
        return Err(ConfigError(format!(
            "--env {name}: {origin} has no [environments.{name}] table ({known}); add one with the environment's account, or pass a declared name"
        )));
    };
    file.environments.clear();
    let selected = SelectedEnvironment {
        name: name.to_owned(),
        account: environment.account,
        profile: environment.profile,
        protected: environment.protected,
    };
    file.stack_name = environment.stack_name.or(file.stack_name);
    file.region = environment.region.or(file.region);
    file.name_prefix = environment.name_prefix.or(file.name_prefix);
    file.out_dir = environment.out_dir.or(file.out_dir);
    file.tags.extend(environment.tags);
    Ok((file, selected))
}

/// Why `account` is not an AWS account id, if it is not one.
pub fn account_problem(account: &str) -> Option<String> {
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        None
    } else {
        Some(format!(
            "{account:?} is not an AWS account id: an account id is 12 digits, as `aws sts get-caller-identity` prints it"
        ))
    }
}

/// The values of each environment that `config::check_values` checks at
/// the top level, plus the account, reported at their place.
#[derive(Deserialize)]
pub(super) struct CheckedEnvironment {
    pub account: Option<toml::Spanned<String>>,
    pub stack_name: Option<toml::Spanned<String>>,
    pub region: Option<toml::Spanned<String>>,
}

/// The accounts of every environment, each at its line and column.
pub(super) fn check_accounts(
    origin: &str,
    text: &str,
    environments: &BTreeMap<String, CheckedEnvironment>,
) -> Result<(), ConfigError> {
    for (name, environment) in environments {
        if let Some(account) = &environment.account
            && let Some(problem) = account_problem(account.get_ref())
        {
            let (line, column) = line_column(text, account.span().start);
            return Err(ConfigError(format!(
                "{origin}:{line}:{column}: environments.{name}.account {problem}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::config::parse;
    use super::*;

    const TWO: &str = "region = \"eu-west-1\"\nname_prefix = \"x-\"\n[tags]\nTeam = \"a\"\n\n\
        [environments.dev]\naccount = \"111111111111\"\nname_prefix = \"dev-\"\n\n\
        [environments.prod]\naccount = \"222222222222\"\nregion = \"eu-central-1\"\nprofile = \"prod\"\n\
        stack_name = \"app-prod\"\nprotected = true\ntags = { Environment = \"production\" }\n";

    #[test]
    fn an_environment_overrides_the_top_level_and_keeps_the_rest() {
        let file = parse("cicd.toml", TWO).unwrap();
        let (dev, selected) = select(file.clone(), "cicd.toml", "dev").unwrap();
        assert_eq!(dev.name_prefix.as_deref(), Some("dev-"));
        assert_eq!(dev.region.as_deref(), Some("eu-west-1"));
        assert_eq!(selected.account, "111111111111");
        assert!(!selected.protected);

        let (prod, selected) = select(file, "cicd.toml", "prod").unwrap();
        assert_eq!(prod.region.as_deref(), Some("eu-central-1"));
        assert_eq!(prod.name_prefix.as_deref(), Some("x-"));
        assert_eq!(prod.stack_name.as_deref(), Some("app-prod"));
        assert_eq!(prod.tags["Team"], "a");
        assert_eq!(prod.tags["Environment"], "production");
        assert_eq!(selected.profile.as_deref(), Some("prod"));
        assert!(selected.protected);
    }

    #[test]
    fn an_unknown_environment_names_the_file_and_the_declared_ones() {
        let file = parse("cicd.toml", TWO).unwrap();
        let error = select(file, "cicd.toml", "staging").unwrap_err();
        assert_eq!(
            error.0,
            "--env staging: cicd.toml has no [environments.staging] table (it declares dev, prod); add one with the environment's account, or pass a declared name"
        );
        let error = select(FileConfig::default(), "cicd.toml", "dev").unwrap_err();
        assert!(error.0.contains("(it declares no environments)"), "{error}");
    }

    #[test]
    fn an_account_that_is_not_12_digits_names_its_place() {
        for bad in ["12345", "1111111111111", "11111111111a", ""] {
            let text = format!("[environments.prod]\naccount = \"{bad}\"\n");
            let error = parse("c.toml", &text).unwrap_err();
            assert!(
                error.0.starts_with(&format!(
                    "c.toml:2:11: environments.prod.account \"{bad}\" is not an AWS account id"
                )),
                "{error}"
            );
        }
    }

    #[test]
    fn an_unknown_or_missing_key_in_an_environment_names_its_place() {
        let error = parse(
            "c.toml",
            "[environments.dev]\naccount = \"111111111111\"\nacount = \"1\"\n",
        )
        .unwrap_err();
        assert!(
            error.0.starts_with("c.toml:3:1: unknown field `acount`"),
            "{error}"
        );
        assert!(!error.0.contains('\n'), "{error}");
        let error = parse("c.toml", "[environments.dev]\nregion = \"eu-west-1\"\n").unwrap_err();
        assert!(error.0.contains("missing field `account`"), "{error}");
        assert!(error.0.starts_with("c.toml:"), "{error}");
    }

    #[cfg(feature = "deploy")]
    #[test]
    fn an_environments_region_and_stack_name_are_checked_like_the_top_levels() {
        let error = parse(
            "c.toml",
            "[environments.dev]\naccount = \"111111111111\"\nregion = \"eu-west\"\n",
        )
        .unwrap_err();
        assert!(
            error
                .0
                .starts_with("c.toml:3:10: invalid region \"eu-west\""),
            "{error}"
        );
        let error = parse(
            "c.toml",
            "[environments.dev]\naccount = \"111111111111\"\nstack_name = \"a_b\"\n",
        )
        .unwrap_err();
        assert!(
            error.0.starts_with("c.toml:3:14: invalid stack_name"),
            "{error}"
        );
    }
}
