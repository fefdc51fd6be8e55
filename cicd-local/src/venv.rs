//! The project-local venv the server runs in, created on first use.

use std::process::Command;

use crate::{LocalError, LocalOptions};

/// Makes sure the venv exists and can import moto; creates it (venv + pip
/// install of the pinned requirements) when it cannot, saying so in one line.
pub(crate) fn ensure(opts: &LocalOptions) -> Result<(), LocalError> {
    for path in [
        opts.requirements(),
        opts.package_dir().join("cicd_local_aws"),
    ] {
        if !path.exists() {
            return Err(LocalError::MissingFile { path });
        }
    }
    if imports_moto(opts) {
        return Ok(());
    }
    eprintln!(
        "local AWS endpoint: creating Python venv {} (first use; installs {})",
        opts.venv_dir.display(),
        opts.requirements().display()
    );
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

fn imports_moto(opts: &LocalOptions) -> bool {
    Command::new(opts.venv_python())
        .args(["-c", "import moto.server"])
        .output()
        .map(|out| out.status.success())
        .unwrap_or(false)
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
