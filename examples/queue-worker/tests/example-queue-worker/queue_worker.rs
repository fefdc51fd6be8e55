//! The queue worker's stack and template as the tests read them.

use cicd_dsl::{SynthConfig, Template, synthesize};
use serde_json::Value;

/// Stands in for the SHA-256 of the function's zip, so the template tests
/// do not build the function; the deploy test builds the real one.
pub const ASSET_SHA: &str = "0000000000000000000000000000000000000000000000000000000000000abc";

pub fn stack() -> cicd_dsl::StackDef {
    example_queue_worker::queue_worker::stack()
}

pub fn template() -> Template {
    let config = SynthConfig {
        assets: [("queue-worker-function".to_owned(), ASSET_SHA.to_owned())].into(),
        ..SynthConfig::default()
    };
    synthesize(&stack(), &config).expect("the queue worker synthesizes")
}

/// The resource with this logical ID.
pub fn resource<'a>(template: &'a Template, id: &str) -> &'a Value {
    template
        .resources()
        .get(id)
        .unwrap_or_else(|| panic!("the template has no resource {id}"))
}

/// The `Properties` of the resource with this logical ID.
pub fn properties<'a>(template: &'a Template, id: &str) -> &'a Value {
    &resource(template, id)["Properties"]
}
