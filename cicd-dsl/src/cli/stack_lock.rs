//! One `deploy`, `diff` or `destroy` per stack at a time from this machine.
//! CloudFormation refuses a second operation only once the first one runs;
//! two terminals deploying the same stack would otherwise race each other's
//! change sets. Across machines the stack's own `*_IN_PROGRESS` status is
//! the guard (`deploy` waits on it).

use super::CliError;
use super::aws_settings::Session;
use cicd_dsl_deploy::Reporter;
use std::collections::hash_map::DefaultHasher;
use std::fs::{File, OpenOptions, TryLockError};
use std::hash::{Hash, Hasher};
use std::io::{Seek, Write};
use std::path::PathBuf;

/// Overrides the folder of the lock files (default: `<temp>/cicd-dsl-locks`).
pub const LOCK_DIR_ENV: &str = "CICD_DSL_LOCK_DIR";

/// Held until dropped (or the process ends, however it ends: the operating
/// system releases the lock).
#[derive(Debug)]
pub struct StackLock {
    _file: File,
    pub path: PathBuf,
}

/// Waits for any other command of this machine on the same stack, region
/// and endpoint, saying so once. Runs before Ctrl-C is taken over, so
/// Ctrl-C while waiting simply ends the process (nothing was started).
pub fn lock_stack(
    session: &Session,
    stack: &str,
    reporter: &Reporter,
) -> Result<StackLock, CliError> {
    let dir = std::env::var_os(LOCK_DIR_ENV)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("cicd-dsl-locks"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::Io(format!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join(lock_file_name(
        stack,
        &session.clients.region,
        &endpoint_of(session),
    ));
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|e| CliError::Io(format!("cannot open the lock {}: {e}", path.display())))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            reporter.say(&format!(
                "another deploy, diff or destroy of {stack} is running on this machine ({}); waiting for it to end (Ctrl-C stops waiting, nothing has started)",
                holder.trim()
            ));
            file.lock()
                .map_err(|e| CliError::Io(format!("cannot lock {}: {e}", path.display())))?;
        }
        Err(TryLockError::Error(e)) => {
            return Err(CliError::Io(format!("cannot lock {}: {e}", path.display())));
        }
    }
    // Who holds it, for the message above; best effort.
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "pid {}", std::process::id());
    Ok(StackLock { _file: file, path })
}

fn endpoint_of(session: &Session) -> String {
    match &session.local {
        Some(local) => local.endpoint.clone(),
        None => std::env::var("AWS_ENDPOINT_URL").unwrap_or_else(|_| "aws".to_owned()),
    }
}

/// Readable for a person listing the folder, unique per stack, region and
/// endpoint (tests run many endpoints side by side).
fn lock_file_name(stack: &str, region: &str, endpoint: &str) -> String {
    let mut hasher = DefaultHasher::new();
    (stack, region, endpoint).hash(&mut hasher);
    let readable: String = stack
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{readable}-{region}-{:016x}.lock", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_names_differ_by_stack_region_and_endpoint_only() {
        let base = lock_file_name("app", "eu-west-1", "aws");
        assert_eq!(base, lock_file_name("app", "eu-west-1", "aws"));
        assert!(base.starts_with("app-eu-west-1-") && base.ends_with(".lock"));
        assert_ne!(base, lock_file_name("app", "eu-west-2", "aws"));
        assert_ne!(
            base,
            lock_file_name("app", "eu-west-1", "http://127.0.0.1:5000")
        );
        assert_ne!(base, lock_file_name("app2", "eu-west-1", "aws"));
    }
}
