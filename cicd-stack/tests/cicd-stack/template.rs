//! The pipeline's template as the tests read it: synthesized with a fixed
//! asset hash so that template tests do not depend on building the function.

use cicd_dsl::{SynthConfig, Template, synthesize};
use serde_json::Value;

/// Stands in for the SHA-256 of the function's zip; the asset tests check
/// the real one.
pub const ASSET_SHA: &str = "0000000000000000000000000000000000000000000000000000000000000abc";

pub fn config() -> SynthConfig {
    SynthConfig {
        assets: [("tag-production-image".to_owned(), ASSET_SHA.to_owned())].into(),
        ..SynthConfig::default()
    }
}

pub fn template_with(config: &SynthConfig) -> Template {
    synthesize(&cicd_stack::pipeline::stack(), config).expect("the pipeline synthesizes")
}

pub fn template() -> Template {
    template_with(&config())
}

/// The one resource of a type (panics if there is not exactly one).
pub fn only<'a>(template: &'a Template, cfn_type: &str) -> (&'a str, &'a Value) {
    let found: Vec<(&str, &Value)> = of_type(template, cfn_type);
    assert_eq!(
        found.len(),
        1,
        "expected one {cfn_type}, found {}",
        found.len()
    );
    found[0]
}

pub fn of_type<'a>(template: &'a Template, cfn_type: &str) -> Vec<(&'a str, &'a Value)> {
    template
        .resources()
        .iter()
        .filter(|(_, r)| r["Type"] == cfn_type)
        .map(|(id, r)| (id.as_str(), r))
        .collect()
}
