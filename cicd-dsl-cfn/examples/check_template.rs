//! Validates every resource of a CloudFormation JSON template against the
//! catalog and prints the findings, one per line (to compare with cfn-lint).
//!
//!     cargo run -p cicd-dsl-cfn --example check_template -- template.json

use cicd_dsl_cfn::{Catalog, validate};
use serde_json::Value;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: check_template TEMPLATE.json");
    let template: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let empty = Value::Object(Default::default());
    for (logical_id, resource) in template["Resources"].as_object().unwrap() {
        let type_name = resource["Type"].as_str().unwrap_or_default();
        let Some(schema) = Catalog::schema(type_name) else {
            println!("{logical_id}: unknown type {type_name}");
            continue;
        };
        for v in validate(schema, resource.get("Properties").unwrap_or(&empty)) {
            println!("{logical_id}: {:?}: {v}", v.severity());
        }
    }
}
