//! What the function writes to its logs at INFO: message ids, error kinds
//! and counts, never a message body (a body can carry anything the
//! producers put in it).
//!
//! Alone in its test binary: tracing caches per call site whether anyone
//! listens, and a test running at the same time without a subscriber could
//! make this one's thread-local subscriber miss events.

use serde_json::{Value, json};

mod support;
use support::{STANDARD, record, unreachable_worker};

/// A writer the test can read back.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_at_info_name_messages_never_their_bodies() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .without_time()
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let event = json!({"Records": [
        record("m-1", r#"{"id": "secret-id", "token": "secret-token"}"#, STANDARD),
        record("m-2", "secret-token, not json", STANDARD),
        record("m-3", r#"{"token": "secret-token"}"#, STANDARD),
    ]});
    unreachable_worker().handle(&event).await.unwrap();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(!logs.contains("secret"), "{logs}");
    let warned: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["level"] == "WARN")
        .map(|l| {
            (
                l["fields"]["message_id"].as_str().unwrap(),
                l["fields"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        warned,
        [
            ("m-1", "WriteFailed"),
            ("m-2", "BadMessage"),
            ("m-3", "BadMessage")
        ],
        "{logs}"
    );
    let summary = lines
        .iter()
        .find(|l| l["fields"]["message"] == "batch handled")
        .unwrap_or_else(|| panic!("no summary line in {logs}"));
    assert_eq!(summary["level"], "INFO");
    assert_eq!(summary["fields"]["received"], 3);
    assert_eq!(summary["fields"]["stored"], 0);
    assert_eq!(summary["fields"]["failed"], 3);
}
