//! `CICD_DSL_FUNCTION_BUILD`: which build of a Rust function every command
//! packages. `release` (the default) for AWS; `dev` builds the
//! host-architecture functions as `--local` does, for `synth` and AWS
//! deploys too: the running program's profile, on the crates `cicd-dsl-aws`
//! compiled, seconds instead of a release build's minutes (what
//! `cargo lambda build` without `--release` gives a development deploy).
//! Cross-compiled (arm64) functions stay release builds either way.

use super::CliError;
use std::ffi::OsStr;

pub const FUNCTION_BUILD_ENV: &str = "CICD_DSL_FUNCTION_BUILD";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionBuild {
    Release,
    Dev,
}

impl FunctionBuild {
    pub fn from_env() -> Result<Self, CliError> {
        parse(std::env::var_os(FUNCTION_BUILD_ENV).as_deref())
    }
}

fn parse(value: Option<&OsStr>) -> Result<FunctionBuild, CliError> {
    match value.map(OsStr::to_str) {
        None | Some(Some("" | "release")) => Ok(FunctionBuild::Release),
        Some(Some("dev")) => Ok(FunctionBuild::Dev),
        Some(other) => Err(CliError::Io(format!(
            "{FUNCTION_BUILD_ENV}={}: expected `release` or `dev`",
            other.unwrap_or("(not UTF-8)")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::{FunctionBuild, parse};
    use std::ffi::OsStr;

    #[test]
    fn unset_or_release_is_release_and_dev_is_dev() {
        assert_eq!(parse(None).unwrap(), FunctionBuild::Release);
        assert_eq!(
            parse(Some(OsStr::new("release"))).unwrap(),
            FunctionBuild::Release
        );
        assert_eq!(parse(Some(OsStr::new("dev"))).unwrap(), FunctionBuild::Dev);
    }

    #[test]
    fn another_value_is_one_line_naming_the_variable_and_the_choices() {
        let error = parse(Some(OsStr::new("debug"))).unwrap_err().to_string();
        assert_eq!(
            error,
            "CICD_DSL_FUNCTION_BUILD=debug: expected `release` or `dev`"
        );
    }
}
