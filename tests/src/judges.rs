//! cfn-lint and checkov, the outside judges, on a synthesized template.
//! They come from the project's `.venv-lint` (scripts/setup-python); without
//! it the tests fail and say how to get it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::paths::venv_tool;

/// The template in a file of its own (the judges read files), in a temp
/// folder that lives as long as the value.
struct TemplateFile {
    dir: tempfile::TempDir,
}

impl TemplateFile {
    fn new(template_json: &str) -> TemplateFile {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("template.json"), template_json)
            .expect("the template is written");
        TemplateFile { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("template.json")
    }
}

/// cfn-lint reports nothing: no error, no warning, no informational finding.
pub fn assert_cfn_lint_clean(template_json: &str) {
    let file = TemplateFile::new(template_json);
    let output = Command::new(venv_tool(".venv-lint", "cfn-lint"))
        .arg(file.path())
        .output()
        .expect("cfn-lint runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && report.trim().is_empty(),
        "cfn-lint findings:\n{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// checkov's JSON report on a template.
pub struct CheckovReport {
    report: Value,
}

pub fn checkov(template_json: &str) -> CheckovReport {
    let file = TemplateFile::new(template_json);
    let output = Command::new(venv_tool(".venv-lint", "checkov"))
        .args([
            "--framework",
            "cloudformation",
            "--skip-download",
            "-o",
            "json",
            "-f",
        ])
        .arg(file.path())
        .output()
        .expect("checkov runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    CheckovReport { report }
}

impl CheckovReport {
    /// No check failed, and at least `min_passed` ran and passed (so an
    /// empty run cannot pass for a clean one).
    pub fn assert_no_failed_checks(&self, min_passed: u64) {
        let summary = &self.report["summary"];
        assert_eq!(
            summary["failed"], 0,
            "checkov failed checks: {:#}",
            self.report["results"]["failed_checks"]
        );
        let passed = summary["passed"].as_u64().expect("a passed count");
        assert!(
            passed >= min_passed,
            "checkov passed {passed} checks, expected at least {min_passed}: {summary}"
        );
    }

    /// The checks skipped by a `#[suppress(CKV_...)]` on an item.
    pub fn skipped(&self) -> &[Value] {
        self.report["results"]["skipped_checks"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Every skip carries the reason written on the item.
    pub fn assert_every_skip_has_a_reason(&self) {
        for skipped in self.skipped() {
            let reason = skipped["check_result"]["suppress_comment"]
                .as_str()
                .unwrap_or("");
            assert!(reason.len() > 20, "skip without a reason: {skipped:#}");
        }
    }
}

/// Both judges on one template: cfn-lint reports nothing, checkov fails no
/// check, passes at least `min_passed` and every skip carries its reason.
/// Returns checkov's report for a stack's own checks of its skips.
pub fn assert_judges_pass(template_json: &str, min_passed: u64) -> CheckovReport {
    assert_cfn_lint_clean(template_json);
    let report = checkov(template_json);
    report.assert_no_failed_checks(min_passed);
    report.assert_every_skip_has_a_reason();
    report
}
