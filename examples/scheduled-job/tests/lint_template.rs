//! cfn-lint and checkov, the outside judges, on the report job's template.
//! They come from the project's `.venv-lint` (`python3 -m venv .venv-lint &&
//! .venv-lint/bin/pip install -r python/requirements-lint.txt`); without it
//! these tests fail and say how to get it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn venv_tool(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tool = root.join(".venv-lint/bin").join(name);
    assert!(
        tool.exists(),
        "{} is missing: create .venv-lint with python/requirements-lint.txt",
        tool.display()
    );
    tool
}

fn written_template(file: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(file);
    std::fs::write(&path, common::template().to_json()).unwrap();
    path
}

#[test]
fn cfn_lint_reports_no_errors_and_no_warnings() {
    let output = Command::new(venv_tool("cfn-lint"))
        .arg(written_template("lint.report-job.cfn-lint.json"))
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && report.trim().is_empty(),
        "cfn-lint findings:\n{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn checkov_reports_no_failed_checks_and_every_skip_has_a_reason() {
    let output = Command::new(venv_tool("checkov"))
        .args([
            "--framework",
            "cloudformation",
            "--skip-download",
            "-o",
            "json",
            "-f",
        ])
        .arg(written_template("lint.report-job.checkov.json"))
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
        summary["passed"].as_u64().unwrap() >= 20,
        "checkov ran its checks: {summary}"
    );
    let skipped = report["results"]["skipped_checks"].as_array().unwrap();
    assert_eq!(skipped.len(), 6, "one skip per #[suppress(CKV_...)]");
    for skip in skipped {
        let reason = skip["check_result"]["suppress_comment"]
            .as_str()
            .unwrap_or("");
        assert!(reason.len() > 20, "skip without a reason: {skip:#}");
    }
}
