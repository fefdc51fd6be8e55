//! What `synth` writes for the app: a template per stack, the producer
//! exporting what the consumer imports.

use std::process::Command;

fn synth(binary: &str, out: &std::path::Path) -> serde_json::Value {
    let output = Command::new(binary)
        .args(["synth", "--stdout", "--out"])
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the app binary runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("synth --stdout prints JSON")
}

#[test]
fn the_producer_exports_what_the_consumer_imports() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("two-stack-synth");
    let templates = synth(env!("CARGO_BIN_EXE_example-two-stack-app"), &out);
    let artifacts = &templates["demo-artifacts"];
    let jobs = &templates["demo-jobs"];
    assert_eq!(
        artifacts["Outputs"]["ExportStoreArn"]["Export"]["Name"],
        "demo-artifacts-Store-Arn"
    );
    assert!(jobs["Resources"].get("Store").is_none());
    let policy = jobs["Resources"]["ReaderPolicy"].to_string();
    assert!(
        policy.contains(r#"{"Fn::ImportValue":"demo-artifacts-Store-Arn"}"#),
        "{policy}"
    );
    assert!(out.join("demo-artifacts.template.json").is_file());
    assert!(out.join("demo-jobs.template.json").is_file());
}

#[test]
fn without_the_reference_nothing_is_exported() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("two-stack-synth-unlinked");
    let templates = synth(env!("CARGO_BIN_EXE_example-two-stack-app-unlinked"), &out);
    assert!(templates["demo-artifacts"].get("Outputs").is_none());
    assert!(!templates["demo-jobs"].to_string().contains("ImportValue"));
}
