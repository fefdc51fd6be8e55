//! One case: a Rust file that must compile and run (`pass/`) or fail to
//! compile with the text of its `.stderr` (`fail/`), compiled by rustc the
//! way cargo compiles a stack crate's binary.

use crate::artifacts::Library;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Pass,
    Fail,
}

pub struct Case {
    /// The file name without `.rs`: the crate name and the `.stderr` name.
    pub name: String,
    /// Relative to the workspace root, as rustc is given it.
    pub source: PathBuf,
    pub expect: Expect,
}

impl Case {
    pub fn expected_stderr(&self, workspace: &Path) -> PathBuf {
        workspace.join(self.source.with_extension("stderr"))
    }
}

/// The cases of `tests/ui/<folder>`, in name order.
pub fn cases_in(workspace: &Path, folder: &str, expect: Expect) -> Vec<Case> {
    let relative = Path::new("tests/ui").join(folder);
    let mut cases: Vec<Case> = std::fs::read_dir(workspace.join(&relative))
        .unwrap_or_else(|e| panic!("{} can be read: {e}", relative.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("a case's name is UTF-8")
                .to_owned();
            Case {
                source: relative.join(format!("{name}.rs")),
                name,
                expect,
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// What rustc said of a case, and what its program did when it was built.
pub struct Compiled {
    pub succeeded: bool,
    pub stderr: String,
    /// A passing case's run: whether it exited 0, and what it printed.
    pub run: Option<(bool, String)>,
}

/// Compiles a case against `library` in `out_dir`. Paths in rustc's
/// messages stay relative to the workspace root (its working directory),
/// where the source of `cicd-dsl` named in a note can be read.
pub fn compile(case: &Case, library: &Library, workspace: &Path, out_dir: &Path) -> Compiled {
    let mut rustc = Command::new("rustc");
    rustc
        .current_dir(workspace)
        // The stack macro reads files (buildspecs) next to the crate's
        // manifest: the cases are this package's.
        .env("CARGO_MANIFEST_DIR", workspace.join("tests"))
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--color",
            "never",
        ])
        .arg("--crate-name")
        .arg(&case.name)
        .arg(&case.source)
        .arg("--extern")
        .arg(format!("cicd_dsl={}", library.rlib.display()))
        .arg("-L")
        .arg(format!("dependency={}", library.deps_dir.display()));
    let binary = out_dir.join(&case.name);
    match case.expect {
        // A failing case needs no code: the errors come before it.
        Expect::Fail => rustc.args(["--emit", "metadata"]),
        Expect::Pass => rustc.args(["-C", "debuginfo=0"]),
    };
    rustc.arg("-o").arg(&binary);
    let output = rustc.output().expect("rustc runs");
    let succeeded = output.status.success();
    let run = (succeeded && case.expect == Expect::Pass).then(|| {
        let ran = Command::new(&binary)
            .output()
            .unwrap_or_else(|e| panic!("{} runs: {e}", case.name));
        let mut printed = String::from_utf8_lossy(&ran.stdout).into_owned();
        printed.push_str(&String::from_utf8_lossy(&ran.stderr));
        (ran.status.success(), printed)
    });
    Compiled {
        succeeded,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        run,
    }
}
