//! Every mistake the DSL knows before a deploy must be a compile error at
//! the user's own token, with a help line; these cases pin the exact text.
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite` and read them.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
