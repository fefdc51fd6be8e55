//! What the function writes to its logs at INFO: message ids, error kinds
//! and counts, never a message body (a body can carry anything the
//! producers put in it).
//!
//! Alone in its test binary: tracing caches per call site whether anyone
//! listens, and a test running at the same time without a subscriber could
//! make this one's thread-local subscriber miss events.

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use queue_worker_function::QueueWorker;
use serde_json::{Value, json};

/// A client whose every call fails at once: nothing listens on port 9.
fn unreachable_worker() -> QueueWorker {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url("http://127.0.0.1:9")
        .retry_config(RetryConfig::disabled())
        .build();
    QueueWorker::new(aws_sdk_dynamodb::Client::from_conf(config), "results")
}

fn record(id: &str, body: &str) -> Value {
    json!({
        "messageId": id,
        "body": body,
        "attributes": {"SentTimestamp": "1767225600000"},
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:work",
    })
}

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
        record("m-1", r#"{"id": "secret-id", "token": "secret-token"}"#),
        record("m-2", "secret-token, not json"),
        record("m-3", r#"{"token": "secret-token"}"#),
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
