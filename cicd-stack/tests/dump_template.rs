//! Writes the template used by the other tests to `target/pipeline.template.json`
//! so that cfn-lint and checkov can judge exactly what the tests read.

mod common;

#[test]
fn write_template_for_linters() {
    let template = common::template();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("pipeline.template.json");
    std::fs::write(&path, template.to_json()).unwrap();
    assert!(path.exists());
}
