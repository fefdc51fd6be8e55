//! Runs `cargo build` for one binary and finds the executable it produced
//! from cargo's JSON messages (not by guessing the path, which changes with
//! the profile, `--target` and `build.target`).

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use crate::cargo_env::without_running_package_env;
use crate::error::AssetError;

/// How many trailing lines of cargo's stderr an error keeps.
const STDERR_TAIL_LINES: usize = 40;

/// One cargo invocation: `cargo build --profile <profile> -p <package>
/// [-p <unify_with>...] --bin <bin>`.
pub struct CargoBuild<'a> {
    pub cargo: &'a Path,
    pub workspace_root: &'a Path,
    pub package: &'a str,
    pub bin: &'a str,
    /// More packages for cargo to resolve features with (`-p`); only
    /// `bin` is built.
    pub unify_with: &'a [String],
    pub target_dir: &'a Path,
    /// Cargo's profile name.
    pub profile: &'a str,
    /// Extra `CARGO_PROFILE_<NAME>_*` style settings, as environment.
    pub profile_env: &'a [(&'a str, &'a str)],
    /// `--target`, for a cross build; `None` builds for the host.
    pub target: Option<&'a str>,
    /// The cross build's linker and C compiler settings.
    pub cross_env: &'a [(String, OsString)],
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    target: Option<MessageTarget>,
    #[serde(default)]
    executable: Option<PathBuf>,
}

#[derive(Deserialize)]
struct MessageTarget {
    name: String,
    kind: Vec<String>,
}

impl CargoBuild<'_> {
    /// The arguments after `cargo build`, but for the target dir.
    fn selection(&self) -> Vec<&str> {
        let mut args = vec!["--profile", self.profile, "-p", self.package];
        for package in self.unify_with {
            args.extend(["-p", package.as_str()]);
        }
        args.extend(["--bin", self.bin]);
        args
    }

    /// Builds and returns the path of the executable, handing each line
    /// cargo writes to stderr (its `Compiling ...` progress, warnings,
    /// errors) to `on_line` as it comes: a first release build of a
    /// function takes minutes, and the user should see it move.
    pub fn run(&self, on_line: &dyn Fn(&str)) -> Result<PathBuf, AssetError> {
        let manifest = self.workspace_root.join("Cargo.toml");
        let mut command = Command::new(self.cargo);
        command
            .current_dir(self.workspace_root)
            .arg("build")
            .arg("--manifest-path")
            .arg(&manifest)
            .args(self.selection())
            .arg("--target-dir")
            .arg(self.target_dir)
            .arg("--message-format=json-render-diagnostics");
        if let Some(target) = self.target {
            command.args(["--target", target]);
        }
        without_running_package_env(&mut command);
        for (key, value) in self.profile_env {
            command.env(key, value);
        }
        command.envs(self.cross_env.iter().map(|(k, v)| (k, v)));
        let target = self
            .target
            .map(|t| format!(" --target {t}"))
            .unwrap_or_default();
        let shown = format!(
            "cargo build {}{target} --target-dir {}",
            self.selection().join(" "),
            self.target_dir.display()
        );
        let not_started = |source| AssetError::CargoNotStarted {
            program: self.cargo.display().to_string(),
            source,
        };
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(not_started)?;
        // Cargo's JSON messages on stdout are read on their own thread so a
        // full pipe never stalls cargo while its progress is read here.
        let mut stdout = child.stdout.take().expect("stdout is piped");
        let messages = std::thread::spawn(move || {
            let mut text = String::new();
            stdout.read_to_string(&mut text).map(|_| text)
        });
        let mut tail = VecDeque::with_capacity(STDERR_TAIL_LINES);
        let stderr = child.stderr.take().expect("stderr is piped");
        for line in BufReader::new(stderr).lines() {
            let line = line.map_err(not_started)?;
            on_line(&line);
            if tail.len() == STDERR_TAIL_LINES {
                tail.pop_front();
            }
            tail.push_back(line);
        }
        let status = child.wait().map_err(not_started)?;
        let stdout = messages
            .join()
            .expect("the reading thread does not panic")
            .map_err(not_started)?;
        if !status.success() {
            return Err(AssetError::CargoFailed {
                command: shown,
                status,
                stderr_tail: Vec::from(tail).join("\n"),
            });
        }
        stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<Message>(line).ok())
            .filter(|m| m.reason == "compiler-artifact")
            .filter(|m| {
                m.target
                    .as_ref()
                    .is_some_and(|t| t.name == self.bin && t.kind.iter().any(|k| k == "bin"))
            })
            .find_map(|m| m.executable)
            .ok_or_else(|| AssetError::NoExecutable {
                command: shown,
                bin: self.bin.to_owned(),
            })
    }
}
