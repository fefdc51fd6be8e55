//! cicd-dsl-core's integration tests, one module per subject.

mod every_type;
mod graph_properties;
mod rules_pipeline;
mod rules_scale;
mod schema_properties;
/// The stacks the benchmarks measure, shared with these tests.
#[path = "../../benches/support/mod.rs"]
mod support;
mod synth_items;
