//! `--output json` of an app command: each stack's process prints its own
//! JSON document; the app prints one, with each stack's document (or why
//! there is none) in the order the stacks ran, so a script reads one
//! value whatever the number of stacks.

use serde_json::{Value, json};

/// What one stack's process gave.
pub struct StackResult {
    pub stack: String,
    /// The process's exit code; `None` when it did not run.
    pub exit: Option<u8>,
    /// The stack it waited for, which did not succeed.
    pub skipped_because: Option<String>,
    /// Everything the process printed on stdout.
    pub stdout: String,
}

/// `{"command", "stacks": [{"stack", "exit", "result"}...], "succeeded"}`;
/// `result` is the stack's own document, `null` when it printed none.
pub fn app_document(command: &str, results: &[StackResult]) -> Value {
    let stacks: Vec<Value> = results
        .iter()
        .map(|r| {
            let result = serde_json::from_str::<Value>(r.stdout.trim()).unwrap_or(Value::Null);
            let mut entry = json!({ "stack": r.stack, "exit": r.exit, "result": result });
            if let Some(failed) = &r.skipped_because {
                entry["skipped_because"] = json!(format!("stack {failed} did not succeed"));
            }
            entry
        })
        .collect();
    json!({
        "command": command,
        "stacks": stacks,
        "succeeded": results.iter().all(|r| r.exit == Some(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_document_holds_every_stacks_document() {
        let results = [
            StackResult {
                stack: "a".into(),
                exit: Some(0),
                skipped_because: None,
                stdout: "{\n  \"status\": \"Created\"\n}\n".into(),
            },
            StackResult {
                stack: "b".into(),
                exit: None,
                skipped_because: Some("a".into()),
                stdout: String::new(),
            },
        ];
        assert_eq!(
            app_document("deploy", &results),
            json!({
                "command": "deploy",
                "stacks": [
                    {"stack": "a", "exit": 0, "result": {"status": "Created"}},
                    {"stack": "b", "exit": null, "result": null, "skipped_because": "stack a did not succeed"},
                ],
                "succeeded": false,
            })
        );
    }
}
