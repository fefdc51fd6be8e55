//! Whether a named profile exists, read from the AWS config and credentials
//! files the way the SDK reads them.
//!
//! The SDK's credential chain treats a missing profile as "this provider has
//! nothing" and goes on to the next ones; the last, EC2 instance metadata,
//! then has the final word. On a machine where something answers the
//! metadata address, a misspelt `--profile` was reported as that
//! endpoint's failure ("failed to load IMDS session token"). Asking the
//! profile files directly gives the one answer a user can act on.

use std::borrow::Cow;

use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

/// `Some(false)` when the files (as `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE` locate them) do not define `name`;
/// `None` when they cannot be read or parsed, which the credential chain
/// then reports in its own words.
pub(crate) async fn profile_is_defined(name: &str) -> Option<bool> {
    let profiles = aws_config::profile::load(
        &Fs::real(),
        &Env::real(),
        &EnvConfigFiles::default(),
        Some(Cow::Owned(name.to_owned())),
    )
    .await
    .ok()?;
    Some(profiles.get_profile(name).is_some())
}

/// The detail of the "no AWS credentials found" error for a profile that
/// is not defined.
pub(crate) fn undefined_profile(name: &str) -> String {
    format!("profile {name:?} is not defined in the AWS config or credentials file")
}
