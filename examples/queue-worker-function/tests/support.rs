//! What the queue worker's test binaries share: a worker that cannot reach
//! DynamoDB, and SQS records as the event source mapping delivers them.

// Each test binary uses part of it.
#![allow(dead_code)]

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use queue_worker_function::QueueWorker;
use serde_json::{Value, json};

/// A standard queue's ARN, and a FIFO queue's (which keeps order).
pub const STANDARD: &str = "arn:aws:sqs:us-east-1:123456789012:work";
pub const FIFO: &str = "arn:aws:sqs:us-east-1:123456789012:work.fifo";

/// A client whose every call fails at once: nothing listens on port 9.
pub fn unreachable_worker() -> QueueWorker {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .http_client(cicd_dsl_tests::clients::https_client())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url("http://127.0.0.1:9")
        .retry_config(RetryConfig::disabled())
        .build();
    QueueWorker::new(aws_sdk_dynamodb::Client::from_conf(config), "results")
}

/// One message of a batch from the queue `source_arn`.
pub fn record(id: &str, body: &str, source_arn: &str) -> Value {
    json!({
        "messageId": id,
        "body": body,
        "attributes": {"SentTimestamp": "1767225600000"},
        "eventSource": "aws:sqs",
        "eventSourceARN": source_arn,
    })
}
