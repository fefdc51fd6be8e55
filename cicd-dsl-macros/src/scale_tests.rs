//! How long the macro's own work (parse, the rules, serializing the model)
//! takes for stacks of many generic items, in the build profile the proc
//! macro is compiled with. `cargo test -p cicd-dsl-macros scale -- --nocapture`
//! prints the times.

use crate::check;
use crate::ctxt::Ctxt;
use crate::parse;
use cicd_dsl_core::rules::Date;
use std::time::Instant;

/// `n` generic items of four types, each referring to an earlier one.
fn stack_source(n: usize) -> String {
    let mut items = String::new();
    for i in 0..n {
        let item = match i % 4 {
            0 => format!(
                "#[resource(AWS::SQS::Queue, VisibilityTimeout = 60, MessageRetentionPeriod = 1209600, SqsManagedSseEnabled = true)]\npub struct Q{i};\n"
            ),
            1 => format!(
                "#[resource(AWS::SQS::Queue, VisibilityTimeout = 180, RedrivePolicy = {{ deadLetterTargetArn = Q{}.arn(), maxReceiveCount = 5 }}, tags(Purpose = \"jobs\"))]\npub struct Q{i};\n",
                i - 1
            ),
            2 => format!(
                "#[resource(AWS::DynamoDB::Table, BillingMode = \"PAY_PER_REQUEST\", AttributeDefinitions = [{{ AttributeName = \"id\", AttributeType = \"S\" }}], KeySchema = [{{ AttributeName = \"id\", KeyType = \"HASH\" }}], SSESpecification = {{ SSEEnabled = true }})]\npub struct T{i};\n"
            ),
            _ => format!(
                "#[resource(AWS::SSM::Parameter, Type = \"String\", Value = Q{}.attr(\"QueueUrl\"), Description = sub(\"queue ${{Q{}.QueueName}} of table ${{T{}}}\"))]\npub struct P{i};\n",
                i - 2,
                i - 2,
                i - 1
            ),
        };
        items.push_str(&item);
    }
    format!("pub mod scale {{\n{items}}}\n")
}

fn measure(n: usize) -> (f64, f64, usize) {
    let module: syn::ItemMod = syn::parse_str(&stack_source(n)).expect("the source parses");
    let args: proc_macro2::TokenStream = "name = \"scale\"".parse().expect("tokens");
    let started = Instant::now();
    let cx = Ctxt::new();
    let parsed = parse::stack(&cx, args, module, std::path::Path::new("."));
    let findings = check::reported(&parsed, Date::parse("2026-12-01").expect("a date"));
    let spec = serde_json::to_string(&parsed.stack).expect("the model serializes");
    let total = started.elapsed().as_secs_f64();
    assert_eq!(cx.error_count(), 0);
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == cicd_dsl_core::rules::Severity::Error)
        .filter(|f| f.rule != "too-many-resources")
        .map(|f| format!("{} {:?} {}", f.item, f.field_text(), f.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    (total, total / n as f64 * 1000.0, spec.len())
}

#[test]
fn scale_of_generic_items() {
    for n in [50, 200, 500] {
        let (total, per_item_ms, spec) = measure(n);
        eprintln!(
            "{n} generic items: {total:.3} s ({per_item_ms:.2} ms per item), model {spec} bytes"
        );
        assert!(total < 30.0, "{n} items took {total:.1} s");
    }
}
