//! Every mistake the DSL knows before a deploy must be a compile error at
//! the user's own token, with a help line; these cases pin the exact text.
//! A case in `pass/` must compile without a message and run; a case in
//! `fail/` must fail to compile with the text of its `.stderr`. Regenerate
//! the `.stderr` files with `CICD_DSL_UI=overwrite` and read them.
//!
//! Each case is one rustc run against the workspace's own build of
//! `cicd-dsl`, the crates a stack binary links, the cases in parallel.
//! (trybuild, used before, compiled all of cicd-dsl's dependencies again in
//! a target folder of its own: two of the test command's minutes from a
//! clean clone, BENCHMARKS.md §8.)

mod artifacts;
mod case;
mod normalize;

use case::{Case, Compiled, Expect};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

fn overwrite() -> bool {
    std::env::var("CICD_DSL_UI").is_ok_and(|mode| mode == "overwrite")
}

#[test]
fn ui() {
    let workspace = workspace();
    let library = artifacts::workspace_library(&workspace);
    let out_dir = tempfile::tempdir().expect("a temp dir");
    let mut cases = case::cases_in(&workspace, "pass", Expect::Pass);
    cases.extend(case::cases_in(&workspace, "fail", Expect::Fail));
    assert!(cases.len() > 100, "the cases are found ({})", cases.len());

    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let compiled = case::compile(case, &library, &workspace, out_dir.path());
                    if let Err(failure) = judge(case, &compiled, &workspace) {
                        failures.lock().expect("no worker panicked").push(failure);
                    }
                }
            });
        }
    });

    let mut failures = failures.into_inner().expect("no worker panicked");
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Whether a case did what its folder says; the message says how not.
fn judge(case: &Case, compiled: &Compiled, workspace: &Path) -> Result<(), String> {
    let name = case.source.display();
    let stderr = normalize::normalize(&compiled.stderr, "tests/");
    match case.expect {
        Expect::Pass if !compiled.succeeded => {
            Err(format!("{name} should compile, and rustc said:\n{stderr}"))
        }
        Expect::Pass if !stderr.trim().is_empty() => {
            Err(format!("{name} compiles, with messages:\n{stderr}"))
        }
        Expect::Pass => match &compiled.run {
            Some((true, _)) => Ok(()),
            Some((false, printed)) => Err(format!("{name} compiles but its run fails:\n{printed}")),
            None => Err(format!("{name} compiled but was not run")),
        },
        Expect::Fail if compiled.succeeded => Err(format!("{name} should not compile, and does")),
        Expect::Fail => {
            let path = case.expected_stderr(workspace);
            if overwrite() {
                std::fs::write(&path, &stderr)
                    .unwrap_or_else(|e| panic!("{} can be written: {e}", path.display()));
                return Ok(());
            }
            let Ok(expected) = std::fs::read_to_string(&path) else {
                return Err(format!(
                    "{name} has no {}: run the suite with CICD_DSL_UI=overwrite and read what it wrote",
                    path.display()
                ));
            };
            if expected == stderr {
                Ok(())
            } else {
                Err(format!(
                    "{name}: rustc's messages differ from {}\n--- expected\n{expected}--- rustc said\n{stderr}",
                    path.display()
                ))
            }
        }
    }
}
