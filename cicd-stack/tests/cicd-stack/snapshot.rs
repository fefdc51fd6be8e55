//! The whole synthesized template, compared with the committed snapshot.
//! A change to synthesis shows up here as a reviewable diff; accept it with
//! `UPDATE_SNAPSHOTS=1 cargo test -p cicd-stack --test cicd-stack snapshot`.

use std::path::Path;

#[test]
fn pipeline_template_matches_the_snapshot() {
    let actual = crate::template::template().to_json();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/pipeline.template.json");
    assert_matches_snapshot(&path, &actual, "template", false);
}

/// Compares `actual` with the committed snapshot at `path` (rewriting it
/// first under `UPDATE_SNAPSHOTS=1`) and names the first line that differs;
/// `show_whole` adds all of `actual` to the failure.
pub fn assert_matches_snapshot(path: &Path, actual: &str, what: &str, show_whole: bool) {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(path)
        .expect("snapshot missing: run with UPDATE_SNAPSHOTS=1 to create it");
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        let whole = if show_whole {
            format!("whole {what}:\n{actual}\n")
        } else {
            String::new()
        };
        panic!(
            "{what} differs from {} starting at line {}:\n  expected: {}\n  actual:   {}\n{whole}run with UPDATE_SNAPSHOTS=1 to accept",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>")
        );
    }
}
