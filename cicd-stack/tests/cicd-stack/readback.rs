//! Reading what a deploy made: the outputs the binary printed, and policy
//! documents as the services hand them back.

use serde_json::Value;

/// The four outputs the spec names, exactly.
pub const OUTPUT_NAMES: [&str; 4] = [
    "artifactBucketName",
    "codeBuildProjectName",
    "ecrRepositoryUrl",
    "pipelineName",
];

/// The deploy printed exactly the spec's outputs.
pub fn assert_spec_outputs(deployed: &Value) {
    let names: Vec<&str> = deployed["outputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, OUTPUT_NAMES, "exactly the four outputs of the spec");
}

pub fn output<'a>(deployed: &'a Value, name: &str) -> &'a str {
    deployed["outputs"][name]
        .as_str()
        .unwrap_or_else(|| panic!("output {name} missing in {}", deployed["outputs"]))
}

/// IAM returns policy documents URL-encoded (RFC 3986); the SDK hands them
/// over as they came.
pub fn policy_json(text: &str) -> Value {
    if let Ok(value) = serde_json::from_str(text) {
        return value;
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            decoded.push(u8::from_str_radix(hex, 16).expect("valid percent escape"));
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    serde_json::from_slice(&decoded).expect("the policy document is JSON")
}

/// A string or a list of strings, as IAM and EventBridge allow.
pub fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().expect("a string").to_owned())
            .collect(),
        Value::Null => Vec::new(),
        other => panic!("expected a string or a list, got {other}"),
    }
}
