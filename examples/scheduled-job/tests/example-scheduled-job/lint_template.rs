//! cfn-lint and checkov, the outside judges, on the report job's template.

use cicd_dsl_tests::judges;

use crate::report_job::template;

#[test]
fn cfn_lint_reports_no_errors_and_no_warnings() {
    judges::assert_cfn_lint_clean(&template().to_json());
}

#[test]
fn checkov_reports_no_failed_checks_and_every_skip_has_a_reason() {
    let report = judges::checkov(&template().to_json());
    report.assert_no_failed_checks(20);
    assert_eq!(
        report.skipped().len(),
        6,
        "one skip per #[suppress(CKV_...)]"
    );
    report.assert_every_skip_has_a_reason();
}
