//! The template declares the function for Graviton, on the OS-only runtime.

use cicd_dsl::{SynthConfig, rules, synthesize};
use example_graviton_echo::graviton_echo::stack;

#[test]
fn the_rules_find_nothing() {
    let day = rules::Date::parse("2026-12-01").expect("a date");
    let findings = rules::check(&stack(), day);
    assert!(findings.is_empty(), "findings: {findings:#?}");
}

#[test]
fn the_function_is_arm64_on_provided_al2023() {
    let mut config = SynthConfig::default();
    // The asset's hash only names the zip; the architecture keys it.
    config
        .assets
        .insert("graviton-echo-function/arm64".into(), "0".repeat(64));
    config
        .assets
        .insert("graviton-echo-function".into(), "1".repeat(64));
    let template = synthesize(&stack(), &config).expect("the stack synthesizes");
    let echo = &template.resources()["Echo"]["Properties"];
    assert_eq!(echo["Architectures"], serde_json::json!(["arm64"]));
    assert_eq!(echo["Runtime"], "provided.al2023");
    assert_eq!(echo["Handler"], "bootstrap");
    assert_eq!(
        echo["Code"]["S3Key"],
        format!("assets/{}.zip", "0".repeat(64))
    );
    let x86 = &template.resources()["EchoX86"]["Properties"];
    assert_eq!(x86["Architectures"], serde_json::json!(["x86_64"]));
    assert_eq!(
        x86["Code"]["S3Key"],
        format!("assets/{}.zip", "1".repeat(64))
    );
}

#[test]
fn an_x86_64_build_of_the_package_does_not_stand_in_for_arm64() {
    let mut config = SynthConfig::default();
    config
        .assets
        .insert("graviton-echo-function".into(), "0".repeat(64));
    let err = synthesize(&stack(), &config).expect_err("no arm64 asset was built");
    assert!(err.to_string().contains("graviton-echo-function"), "{err}");
}
