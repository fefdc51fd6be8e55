//! cfn-lint and checkov, the outside judges, on the report job's template.

use cicd_dsl_tests::judges;

use crate::report_job::template;

#[test]
fn cfn_lint_and_checkov_find_nothing_and_every_skip_has_a_reason() {
    let report = judges::assert_judges_pass(&template().to_json(), 20);
    let skipped = report.skipped().len();
    assert_eq!(skipped, 6, "one skip per #[suppress(CKV_...)]");
}
