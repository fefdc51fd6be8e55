//! Configuration without editing code: `cicd.toml` (or `--config PATH`),
//! then command-line flags, which win.
//!
//! ```toml
//! stack_name = "cicd-pipeline-dev"
//! region = "eu-west-1"
//! name_prefix = "dev-"
//! [tags]
//! CostCenter = "1234"
//! ```

use super::environments::{CheckedEnvironment, EnvironmentConfig, check_accounts};
use cicd_dsl_core::rules::stack::{stack_name_problem, stack_name_suggestion};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "cicd.toml";

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub stack_name: Option<String>,
    pub region: Option<String>,
    pub name_prefix: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Where `synth` writes the template and assets.
    pub out_dir: Option<PathBuf>,
    /// `[environments.<name>]`, selected by `--env` (see [`super::environments`]).
    #[serde(default)]
    pub environments: BTreeMap<String, EnvironmentConfig>,
    /// `[stackset]`: targets and preferences of `stackset deploy`.
    pub stackset: Option<super::stackset_config::StacksetConfig>,
}

/// A configuration problem, always one line that says what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// How errors name the config file: as given to `--config`, else `cicd.toml`.
pub fn origin(explicit: Option<&Path>) -> String {
    explicit.map_or_else(
        || DEFAULT_CONFIG_FILE.to_owned(),
        |path| path.display().to_string(),
    )
}

/// Reads the config file: the one named, or `cicd.toml` if present.
pub fn load(explicit: Option<&Path>) -> Result<FileConfig, ConfigError> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let default = PathBuf::from(DEFAULT_CONFIG_FILE);
            if !default.exists() {
                return Ok(FileConfig::default());
            }
            default
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ConfigError(format!(
            "{}: cannot read the config file: {e}; pass an existing file to --config, or leave --config out to read ./{DEFAULT_CONFIG_FILE} when there is one",
            path.display()
        ))
    })?;
    parse(&path.display().to_string(), &text)
}

/// Parses config text; errors name the file, line and column.
pub fn parse(origin: &str, text: &str) -> Result<FileConfig, ConfigError> {
    let config: FileConfig = toml::from_str(text).map_err(|e| {
        let place = match e.span() {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                format!("{origin}:{line}:{column}")
            }
            None => origin.to_owned(),
        };
        // toml's message can span lines (it quotes the source); the first
        // line says what is wrong.
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid configuration")
            .to_owned();
        // An unknown key's message already lists the valid ones.
        let hint = if message.contains("expected one of") {
            ""
        } else {
            "; the file holds stack_name, region, name_prefix, out_dir (strings), a [tags] table of strings and [environments.<name>] tables"
        };
        ConfigError(format!("{place}: {message}{hint}"))
    })?;
    check_values(origin, text)?;
    Ok(config)
}

/// Values CloudFormation or AWS would refuse later (a stack name it does
/// not take, a region that cannot exist) are mistakes in the file, reported
/// at their place like a syntax error, before any command talks to AWS.
fn check_values(origin: &str, text: &str) -> Result<(), ConfigError> {
    #[derive(Deserialize)]
    struct Checked {
        stack_name: Option<toml::Spanned<String>>,
        region: Option<toml::Spanned<String>>,
        #[serde(default)]
        environments: BTreeMap<String, CheckedEnvironment>,
    }
    let Ok(checked) = toml::from_str::<Checked>(text) else {
        return Ok(());
    };
    check_place(
        origin,
        text,
        checked.stack_name.as_ref(),
        checked.region.as_ref(),
    )?;
    for environment in checked.environments.values() {
        check_place(
            origin,
            text,
            environment.stack_name.as_ref(),
            environment.region.as_ref(),
        )?;
    }
    check_accounts(origin, text, &checked.environments)?;
    super::stackset_config::check(origin, text)
}

/// A stack name and a region, at the top level or in an environment.
#[cfg_attr(not(feature = "deploy"), allow(unused_variables))]
fn check_place(
    origin: &str,
    text: &str,
    stack_name: Option<&toml::Spanned<String>>,
    region: Option<&toml::Spanned<String>>,
) -> Result<(), ConfigError> {
    let at = |value: &toml::Spanned<String>, problem: String| {
        let (line, column) = line_column(text, value.span().start);
        ConfigError(format!("{origin}:{line}:{column}: {problem}"))
    };
    if let Some(name) = stack_name
        && let Some(problem) = stack_name_problem(name.get_ref())
    {
        let fixed = stack_name_suggestion(name.get_ref());
        return Err(at(
            name,
            format!("invalid stack_name: {problem}; use {fixed:?}"),
        ));
    }
    #[cfg(feature = "deploy")]
    if let Some(region) = region {
        cicd_dsl_deploy::check_region(region.get_ref()).map_err(|reason| {
            at(
                region,
                format!("invalid region {:?}: {reason}", region.get_ref()),
            )
        })?;
    }
    Ok(())
}

/// `--stack-name`: a name CloudFormation takes, checked before anything runs.
pub fn parse_stack_name(text: &str) -> Result<String, String> {
    match stack_name_problem(text) {
        None => Ok(text.to_owned()),
        Some(problem) => Err(format!("{problem}; use {:?}", stack_name_suggestion(text))),
    }
}

pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// `KEY=VALUE` from `--tag`.
pub fn parse_tag(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("`{text}` is not KEY=VALUE")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let config = parse(
            "cicd.toml",
            "stack_name = \"s\"\nregion = \"eu-west-1\"\nname_prefix = \"dev-\"\n[tags]\nA = \"b\"\n",
        )
        .unwrap();
        assert_eq!(config.stack_name.as_deref(), Some("s"));
        assert_eq!(config.region.as_deref(), Some("eu-west-1"));
        assert_eq!(config.name_prefix.as_deref(), Some("dev-"));
        assert_eq!(config.tags["A"], "b");
    }

    #[test]
    fn unknown_key_is_one_line_with_its_place() {
        let error = parse("cicd.toml", "region = \"us-east-1\"\nstak_name = \"x\"\n").unwrap_err();
        assert!(!error.0.contains('\n'), "{error}");
        assert!(error.0.starts_with("cicd.toml:2:1: "), "{error}");
        assert!(error.0.contains("stak_name"), "{error}");
    }

    #[test]
    fn wrong_type_names_the_line() {
        let error = parse("c.toml", "\n\nname_prefix = 3\n").unwrap_err();
        assert!(error.0.starts_with("c.toml:3:"), "{error}");
    }

    #[test]
    fn syntax_error_names_the_line() {
        let error = parse("c.toml", "region = \"x\"\n[tags\n").unwrap_err();
        assert!(error.0.starts_with("c.toml:2:"), "{error}");
    }

    #[cfg(feature = "deploy")]
    #[test]
    fn a_stack_name_cloudformation_refuses_names_its_place_and_the_fix() {
        let error = parse(
            "c.toml",
            "region = \"eu-west-1\"\nstack_name = \"jobs_dev\"\n",
        )
        .unwrap_err();
        assert_eq!(
            error.0,
            "c.toml:2:14: invalid stack_name: the stack name `jobs_dev` contains `_`; stack names hold ASCII letters, digits and hyphens; use \"jobs-dev\""
        );
        assert_eq!(parse_stack_name("jobs-dev").as_deref(), Ok("jobs-dev"));
        assert!(
            parse_stack_name("9jobs")
                .unwrap_err()
                .ends_with("use \"jobs\"")
        );
    }

    #[test]
    #[cfg(feature = "deploy")]
    fn impossible_region_names_its_place() {
        let error = parse("c.toml", "stack_name = \"s\"\nregion = \"eu-west\"\n").unwrap_err();
        assert!(
            error
                .0
                .starts_with("c.toml:2:10: invalid region \"eu-west\""),
            "{error}"
        );
    }

    #[test]
    fn tag_flags_need_an_equals_sign() {
        assert_eq!(parse_tag("A=b").unwrap(), ("A".into(), "b".into()));
        assert!(parse_tag("A").is_err());
        assert!(parse_tag("=b").is_err());
    }
}
