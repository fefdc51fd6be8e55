//! cfn-lint and checkov, the outside judges, on the template the other tests
//! read. They come from the project's venv (`.ci/run` and `scripts/setup-lint`
//! create it); without it these tests fail and say how to get it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn venv_tool(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tool = root.join(".venv-lint/bin").join(name);
    assert!(
        tool.exists(),
        "{} is missing: run scripts/setup-lint (creates .venv-lint with python/requirements-lint.txt)",
        tool.display()
    );
    tool
}

fn written_template() -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lint.pipeline.template.json");
    std::fs::write(&path, common::template().to_json()).unwrap();
    path
}

#[test]
fn cfn_lint_reports_no_errors_and_no_warnings() {
    let output = Command::new(venv_tool("cfn-lint"))
        .arg(written_template())
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && report.trim().is_empty(),
        "cfn-lint findings:\n{report}"
    );
}

#[test]
fn checkov_reports_no_failed_checks() {
    let output = Command::new(venv_tool("checkov"))
        .args([
            "--framework",
            "cloudformation",
            "--skip-download",
            "-o",
            "json",
            "-f",
        ])
        .arg(written_template())
        .output()
        .expect("checkov runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let summary = &report["summary"];
    assert_eq!(
        summary["failed"], 0,
        "checkov failed checks: {:#}",
        report["results"]["failed_checks"]
    );
    assert!(
        summary["passed"].as_u64().unwrap() > 50,
        "checkov ran its checks: {summary}"
    );
    // Every skip carries the reason written on the item.
    for skipped in report["results"]["skipped_checks"].as_array().unwrap() {
        let reason = skipped["check_result"]["suppress_comment"]
            .as_str()
            .unwrap_or("");
        assert!(reason.len() > 20, "skip without a reason: {skipped:#}");
    }
}
