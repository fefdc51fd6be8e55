//! `ls`'s second part: the environments `cicd.toml` declares, each with
//! the account, region and stack name `--env NAME` would use. Read from
//! the file alone, so it never needs AWS.

use super::Settings;
use super::config::{ConfigError, load};
use serde::Serialize;

/// One `[environments.<name>]` as `--env <name>` would apply it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedEnvironment {
    pub name: String,
    pub account: String,
    /// The environment's region, else the file's; `None`: the profile's
    /// or the SDK's default.
    pub region: Option<String>,
    pub profile: Option<String>,
    /// The stack name the environment deploys to.
    pub stack_name: String,
    pub name_prefix: Option<String>,
    pub protected: bool,
    /// Chosen by `--env` on this command line.
    pub selected: bool,
}

/// The declared environments, by name; none when there is no config file.
pub fn declared(
    settings: &Settings,
    default_stack_name: &str,
) -> Result<Vec<ListedEnvironment>, ConfigError> {
    let file = load(settings.config.as_deref())?;
    Ok(file
        .environments
        .iter()
        .map(|(name, env)| ListedEnvironment {
            name: name.clone(),
            account: env.account.clone(),
            region: env.region.clone().or_else(|| file.region.clone()),
            profile: env.profile.clone(),
            stack_name: env
                .stack_name
                .clone()
                .or_else(|| file.stack_name.clone())
                .unwrap_or_else(|| default_stack_name.to_owned()),
            name_prefix: env.name_prefix.clone().or_else(|| file.name_prefix.clone()),
            protected: env.protected,
            selected: settings.env.as_deref() == Some(name.as_str()),
        })
        .collect())
}

/// `environments (cicd.toml):` then a line per environment, or nothing
/// when none is declared.
pub fn human_lines(origin: &str, listed: &[ListedEnvironment]) -> Vec<String> {
    if listed.is_empty() {
        return Vec::new();
    }
    let width = listed.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut lines = vec![format!("environments ({origin}):")];
    for env in listed {
        let mut line = format!(
            "  {:<width$}  account {}  region {}  stack {}",
            env.name,
            env.account,
            env.region.as_deref().unwrap_or("(default)"),
            env.stack_name,
        );
        if let Some(profile) = &env.profile {
            line.push_str(&format!("  profile {profile}"));
        }
        if let Some(prefix) = &env.name_prefix {
            line.push_str(&format!("  prefix {prefix}"));
        }
        if env.protected {
            line.push_str("  protected");
        }
        if env.selected {
            line.push_str("  (selected)");
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_environment_is_a_line_with_what_env_would_use() {
        let listed = vec![
            ListedEnvironment {
                name: "dev".into(),
                account: "111111111111".into(),
                region: Some("eu-west-1".into()),
                profile: None,
                stack_name: "app".into(),
                name_prefix: Some("dev-".into()),
                protected: false,
                selected: true,
            },
            ListedEnvironment {
                name: "prod".into(),
                account: "222222222222".into(),
                region: None,
                profile: Some("prod".into()),
                stack_name: "app-prod".into(),
                name_prefix: None,
                protected: true,
                selected: false,
            },
        ];
        assert_eq!(
            human_lines("cicd.toml", &listed),
            [
                "environments (cicd.toml):",
                "  dev   account 111111111111  region eu-west-1  stack app  prefix dev-  (selected)",
                "  prod  account 222222222222  region (default)  stack app-prod  profile prod  protected",
            ]
        );
        assert!(human_lines("cicd.toml", &[]).is_empty());
    }
}
