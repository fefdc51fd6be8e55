//! The project-local venv the server runs in, created on first use.

use std::process::Command;

use crate::{LocalError, LocalOptions};

/// The file in the venv that records which requirements it was built from;
/// `scripts/setup-python` writes and reads the same stamp, so either one
/// notices a changed pin and the other trusts the result.
const STAMP: &str = ".requirements.sha256";

/// Makes sure the venv exists and was installed from today's pinned
/// requirements; creates or refreshes it (venv + pip install) when not,
/// saying so in one line.
pub(crate) fn ensure(opts: &LocalOptions) -> Result<(), LocalError> {
    for path in [
        opts.requirements(),
        opts.package_dir().join("cicd_local_aws"),
    ] {
        if !path.exists() {
            return Err(LocalError::MissingFile { path });
        }
    }
    let wanted = requirements_digest(opts)?;
    let stamp = opts.venv_dir.join(STAMP);
    let recorded = std::fs::read_to_string(&stamp).ok();
    if opts.venv_python().exists() && recorded.as_deref().map(str::trim) == Some(wanted.as_str()) {
        return Ok(());
    }
    let why = if opts.venv_python().exists() {
        "its requirements changed"
    } else {
        "first use"
    };
    eprintln!(
        "local AWS endpoint: setting up Python venv {} ({why}; installs {})",
        opts.venv_dir.display(),
        opts.requirements().display()
    );
    install(opts)?;
    std::fs::write(&stamp, format!("{wanted}\n")).map_err(|source| LocalError::Io {
        action: "write",
        path: stamp.clone(),
        source,
    })
}

fn install(opts: &LocalOptions) -> Result<(), LocalError> {
    let created = Command::new(&opts.python)
        .args(["-m", "venv"])
        .arg(&opts.venv_dir)
        .output()
        .map_err(|source| LocalError::PythonNotFound {
            python: opts.python.clone(),
            source,
        })?;
    check(
        format!(
            "{} -m venv {}",
            opts.python.display(),
            opts.venv_dir.display()
        ),
        created,
    )?;
    let installed = Command::new(opts.venv_python())
        .args(["-m", "pip", "install", "--quiet", "-r"])
        .arg(opts.requirements())
        .output()
        .map_err(|source| LocalError::Spawn {
            python: opts.venv_python(),
            source,
        })?;
    check(
        format!("pip install -r {}", opts.requirements().display()),
        installed,
    )
}

/// The same digest `sha256sum` prints, which is what `scripts/setup-python`
/// stores.
fn requirements_digest(opts: &LocalOptions) -> Result<String, LocalError> {
    use sha2::{Digest, Sha256};
    let path = opts.requirements();
    let bytes = std::fs::read(&path).map_err(|source| LocalError::Io {
        action: "read",
        path,
        source,
    })?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

fn check(command: String, output: std::process::Output) -> Result<(), LocalError> {
    if output.status.success() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Err(LocalError::SetupCommand {
        command,
        status: output.status.to_string(),
        output: tail(&text, 20),
    })
}

pub(crate) fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace with the files `ensure` looks for and a venv that has a
    /// python executable; `python` (the creator) does not exist, so any
    /// attempt to (re)create the venv fails with `PythonNotFound`.
    fn workspace(requirements: &str) -> (std::path::PathBuf, LocalOptions) {
        let root = std::env::temp_dir().join(format!(
            "cicd-local-venv-{}-{}",
            std::process::id(),
            requirements.len()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("python")).unwrap();
        std::fs::create_dir_all(root.join("local-aws/cicd_local_aws")).unwrap();
        std::fs::write(root.join("python/requirements-local.txt"), requirements).unwrap();
        let mut opts = LocalOptions::new(&root);
        opts.python = root.join("no-such-python");
        std::fs::create_dir_all(opts.venv_python().parent().unwrap()).unwrap();
        std::fs::write(opts.venv_python(), "").unwrap();
        (root, opts)
    }

    #[test]
    fn digest_is_what_sha256sum_prints() {
        let (root, opts) = workspace("abc");
        assert_eq!(
            requirements_digest(&opts).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_venv_stamped_with_the_current_requirements_is_used_as_it_is() {
        let (root, opts) = workspace("moto[server]==5.2.5\n");
        let digest = requirements_digest(&opts).unwrap();
        std::fs::write(opts.venv_dir.join(STAMP), format!("{digest}\n")).unwrap();
        ensure(&opts).expect("nothing to install");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_changed_pin_rebuilds_the_venv() {
        let (root, opts) = workspace("moto[server]==5.2.6\n");
        std::fs::write(opts.venv_dir.join(STAMP), "0000\n").unwrap();
        let err = ensure(&opts).expect_err("the stale venv must be rebuilt");
        assert!(
            matches!(err, LocalError::PythonNotFound { .. }),
            "expected an attempt to create the venv, got {err}"
        );
        std::fs::remove_dir_all(root).unwrap();
    }
}
