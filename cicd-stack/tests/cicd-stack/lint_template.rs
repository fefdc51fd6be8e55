//! cfn-lint and checkov, the outside judges, on the template the other
//! tests read.

use cicd_dsl_tests::judges;

use crate::template::template;

#[test]
fn cfn_lint_reports_no_errors_and_no_warnings() {
    judges::assert_cfn_lint_clean(&template().to_json());
}

#[test]
fn checkov_reports_no_failed_checks() {
    let report = judges::checkov(&template().to_json());
    report.assert_no_failed_checks(51);
    report.assert_every_skip_has_a_reason();
}
