//! A plain binary (no harness) for peak-memory and one-shot timing runs
//! under `/usr/bin/time`: loads, checks and synthesizes one stack, as the
//! `synth` command does after its assets are built.
//!
//! Arguments: `pipeline` or a template resource count (default 500; `0` is
//! an empty stack, the process baseline), then `--print` to write the
//! template to stdout. Flags cargo passes (`--bench`) are ignored.

mod support;

use cicd_dsl_core::rules::{Date, check};
use cicd_dsl_core::{StackDef, synthesize};
use std::io::Write;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let print = args.iter().any(|a| a == "--print");
    let which = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(String::as_str)
        .unwrap_or("500");
    let stack = match which {
        "pipeline" => support::pipeline_stack(),
        size => support::generated_stack(size.parse().expect("a resource count or `pipeline`")),
    };
    // Start from the embedded JSON, as a stack binary does.
    let spec = serde_json::to_string(&stack).expect("the model serializes");
    drop(stack);

    let started = Instant::now();
    let stack: StackDef = serde_json::from_str(&spec).expect("parses");
    let findings = check(&stack, Date::parse("2026-12-01").expect("a date"));
    let template = synthesize(&stack, &support::config()).expect("synthesizes");
    let json = template.to_json();
    let elapsed = started.elapsed();

    if print {
        std::io::stdout()
            .write_all(json.as_bytes())
            .expect("stdout is writable");
    }
    eprintln!(
        "{which}: {} template resources, {} bytes, {} findings, load+check+synth+json {:?}",
        template.resources().len(),
        json.len(),
        findings.len(),
        elapsed
    );
}
