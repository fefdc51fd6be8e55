//! cfn-lint and checkov, the outside judges, on the template the other
//! tests read.

use cicd_dsl_tests::judges;

use crate::template::template;

#[test]
fn cfn_lint_and_checkov_find_nothing_and_every_skip_has_a_reason() {
    judges::assert_judges_pass(&template().to_json(), 51);
}
