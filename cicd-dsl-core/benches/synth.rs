//! Criterion benchmarks of the synth path, stage by stage, over the spec
//! pipeline and generated stacks of 50, 200 and 500 template resources
//! (500 is CloudFormation's per-stack limit), and stacks of 50, 200 and
//! 500 generic items (`generic-N`: queues, tables and alarms checked
//! against their resource schemas).
//!
//! `benchmarks/synth-bench.sh` runs them and tabulates the growth.

mod support;

use cicd_dsl_core::rules::{Date, Severity, check};
use cicd_dsl_core::{StackDef, synthesize};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn stacks() -> Vec<(String, StackDef)> {
    let mut stacks = vec![("pipeline".to_owned(), support::pipeline_stack())];
    for size in [50, 200, 500] {
        stacks.push((size.to_string(), support::generated_stack(size)));
    }
    for size in [50, 200, 500] {
        let stack = support::generic::generic_stack(size);
        // A benchmark of the error path would measure the wrong thing.
        let errors: Vec<_> = check(&stack, Date::parse("2026-12-01").expect("a date"))
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "generic-{size} has errors: {errors:?}");
        stacks.push((format!("generic-{size}"), stack));
    }
    stacks
}

fn synth_path(c: &mut Criterion) {
    let config = support::config();
    let stacks = stacks();

    // What the macro-generated `stack()` does at run time: the model is
    // embedded as JSON and parsed once.
    let mut group = c.benchmark_group("load_model");
    for (name, stack) in &stacks {
        let spec = serde_json::to_string(stack).expect("the model serializes");
        group.bench_with_input(BenchmarkId::from_parameter(name), &spec, |b, spec| {
            b.iter(|| serde_json::from_str::<StackDef>(black_box(spec)).expect("parses"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("graph_topological_order");
    for (name, stack) in &stacks {
        group.bench_with_input(BenchmarkId::from_parameter(name), stack, |b, stack| {
            b.iter(|| {
                let graph = black_box(stack).graph();
                graph.topological_order().expect("acyclic").len()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("rules_check");
    let today = Date::parse("2026-12-01").expect("a date");
    for (name, stack) in &stacks {
        group.bench_with_input(BenchmarkId::from_parameter(name), stack, |b, stack| {
            b.iter(|| check(black_box(stack), today))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("synthesize");
    for (name, stack) in &stacks {
        group.bench_with_input(BenchmarkId::from_parameter(name), stack, |b, stack| {
            b.iter(|| synthesize(black_box(stack), &config).expect("synthesizes"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("to_json");
    for (name, stack) in &stacks {
        let template = synthesize(stack, &config).expect("synthesizes");
        group.bench_with_input(BenchmarkId::from_parameter(name), &template, |b, t| {
            b.iter(|| black_box(t).to_json())
        });
    }
    group.finish();

    // Everything `synth` does after building assets, minus the file write.
    let mut group = c.benchmark_group("end_to_end");
    for (name, stack) in &stacks {
        let spec = serde_json::to_string(stack).expect("the model serializes");
        group.bench_with_input(BenchmarkId::from_parameter(name), &spec, |b, spec| {
            b.iter(|| {
                let stack: StackDef = serde_json::from_str(black_box(spec)).expect("parses");
                let findings = check(&stack, Date::parse("2026-12-01").expect("a date"));
                let template = synthesize(&stack, &config).expect("synthesizes");
                (findings.len(), template.to_json().len())
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // Two cores and a shared machine: few samples, short windows.
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = synth_path
}
criterion_main!(benches);
