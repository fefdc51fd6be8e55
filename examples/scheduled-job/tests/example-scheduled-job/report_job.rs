//! The report job's stack and template as the tests read them.

use cicd_dsl::{Code, ResourceKind, StackDef, SynthConfig, Template, synthesize};
use serde_json::Value;

pub fn stack() -> StackDef {
    example_scheduled_job::report_job::stack()
}

/// The template with the default configuration; the stack has no Cargo
/// code, so no asset hashes are needed.
pub fn template() -> Template {
    synthesize(&stack(), &SynthConfig::default()).expect("the report job synthesizes")
}

/// The Python source the stack ships inline.
pub fn handler_source() -> String {
    let stack = stack();
    let function = stack
        .resource("NightlyReport")
        .expect("the stack declares NightlyReport");
    match &function.kind {
        ResourceKind::Function(f) => match &f.code {
            Code::Inline(source) => source.clone(),
            other => panic!("NightlyReport's code is not inline: {other:?}"),
        },
        other => panic!("NightlyReport is not a function: {other:?}"),
    }
}

/// The resource with this logical ID.
pub fn resource<'a>(template: &'a Template, id: &str) -> &'a Value {
    template
        .resources()
        .get(id)
        .unwrap_or_else(|| panic!("the template has no resource {id}"))
}
