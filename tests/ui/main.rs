//! Every mistake the DSL knows before a deploy must be a compile error at
//! the user's own token, with a help line; these cases pin the exact text.
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite` and read them.

use std::path::{Path, PathBuf};

/// trybuild compiles the cases in a crate at `<target>/tests/trybuild/cicd-dsl-tests`,
/// and `#[codebuild_project(buildspec = ...)]` reads its file relative to
/// that crate's manifest. The cases that declare a project therefore name
/// `../../../../tests/buildspec.yml`, which resolves only when the
/// target directory is the workspace's `target/`.
fn check_buildspec_reachable() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    let from_case_crate = target
        .join("tests/trybuild/cicd-dsl-tests")
        .join("../../../../tests/buildspec.yml");
    let expected = workspace.join("tests/buildspec.yml");
    let same = |a: &Path, b: &Path| {
        // The case crate's directory may not exist yet; compare the paths
        // after the `..` steps are resolved against existing parents.
        let lexical = |p: &Path| -> PathBuf {
            let mut out = PathBuf::new();
            for part in p.components() {
                match part {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    other => out.push(other),
                }
            }
            out
        };
        lexical(a) == lexical(b)
    };
    assert!(
        same(&from_case_crate, &expected),
        "the trybuild cases reach buildspec.yml through the workspace's target/ directory; \
         run this suite without CARGO_TARGET_DIR (found {})",
        target.display()
    );
}

#[test]
fn ui() {
    check_buildspec_reachable();
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
