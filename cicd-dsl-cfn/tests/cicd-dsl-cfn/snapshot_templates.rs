//! The project's own synthesized templates pass cfn-lint; the validator must
//! find no error in them either (warnings allowed).

use cicd_dsl_cfn::{Catalog, Severity, validate};
use serde_json::Value;

/// Returns how many resources were checked against a schema, and the errors.
fn check(template: &str) -> (usize, Vec<String>) {
    let template: Value = serde_json::from_str(template).unwrap();
    let mut errors = Vec::new();
    let mut checked = 0;
    for (logical_id, resource) in template["Resources"].as_object().unwrap() {
        let type_name = resource["Type"].as_str().unwrap();
        let Some(schema) = Catalog::schema(type_name) else {
            if !type_name.starts_with("Custom::") {
                errors.push(format!("{logical_id}: unknown type {type_name}"));
            }
            continue;
        };
        checked += 1;
        let empty = Value::Object(Default::default());
        let properties = resource.get("Properties").unwrap_or(&empty);
        for v in validate(schema, properties) {
            if v.severity() == Severity::Error {
                errors.push(format!("{logical_id} ({type_name}): {v}"));
            }
        }
    }
    (checked, errors)
}

/// Fails unless the template has no error and at least `resources` of its
/// resources were checked against a schema.
#[track_caller]
fn assert_valid(template: &str, resources: usize) {
    let (checked, errors) = check(template);
    assert!(checked >= resources, "{checked} resources");
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn pipeline_snapshot_is_valid() {
    assert_valid(
        include_str!("../../../cicd-stack/tests/snapshots/pipeline.template.json"),
        10,
    );
}

#[test]
fn queue_worker_fixture_is_valid() {
    assert_valid(
        include_str!("../../../local-aws/tests/fixtures/queue_worker.template.json"),
        3,
    );
}
