//! One invocation without DynamoDB (every write fails at once): what the
//! partial batch response reports for bad messages, failed writes, a FIFO
//! batch after its first failure, and events that are not SQS batches.

use aws_sdk_dynamodb::error::DisplayErrorContext;
use queue_worker_function::{
    BatchItemFailure, BatchReport, BatchResponse, EventError, QueueWorker,
};
use serde_json::{Value, json};

use crate::support::{FIFO, STANDARD, record, unreachable_worker};

/// Processes one batch from the queue `source_arn` of messages given as
/// `(id, body, the kind of failure it must be reported with)`; returns the
/// event and the report.
async fn process_expecting(
    worker: &QueueWorker,
    source_arn: &str,
    messages: &[(&str, &str, &str)],
) -> (Value, BatchReport) {
    let records: Vec<Value> = messages
        .iter()
        .map(|(id, body, _)| record(id, body, source_arn))
        .collect();
    let event = json!({ "Records": records });
    let report = worker.process(&event).await.unwrap();
    let kinds: Vec<(&str, &str)> = report.failures().map(|(m, f)| (m, f.kind())).collect();
    let expected: Vec<(&str, &str)> = messages.iter().map(|(id, _, kind)| (*id, *kind)).collect();
    assert_eq!(kinds, expected);
    (event, report)
}

#[test]
fn the_response_is_the_report_batch_item_failures_shape() {
    let response = BatchResponse {
        batch_item_failures: vec![BatchItemFailure {
            item_identifier: "m-2".into(),
        }],
    };
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"batchItemFailures": [{"itemIdentifier": "m-2"}]})
    );
    let none = BatchResponse {
        batch_item_failures: vec![],
    };
    assert_eq!(
        serde_json::to_value(&none).unwrap(),
        json!({"batchItemFailures": []})
    );
}

#[tokio::test]
async fn bad_messages_and_failed_writes_are_each_reported() {
    let worker = unreachable_worker();
    let (event, report) = process_expecting(
        &worker,
        STANDARD,
        &[
            ("m-1", "not json", "BadMessage"),
            ("m-2", r#"{"id": "a"}"#, "WriteFailed"),
            ("m-3", r#"{"kind": "no id"}"#, "BadMessage"),
        ],
    )
    .await;
    let write = report.failures().nth(1).unwrap().1;
    assert!(
        DisplayErrorContext(write)
            .to_string()
            .contains("DynamoDB table `results` (PutItem)"),
        "{}",
        DisplayErrorContext(write)
    );
    assert_eq!(
        worker.handle(&event).await.unwrap(),
        BatchResponse {
            batch_item_failures: ["m-1", "m-2", "m-3"]
                .map(|m| BatchItemFailure {
                    item_identifier: m.into()
                })
                .to_vec()
        }
    );
}

#[tokio::test]
async fn after_a_failure_in_a_fifo_batch_the_rest_is_not_processed() {
    process_expecting(
        &unreachable_worker(),
        FIFO,
        &[
            ("m-1", "not json", "BadMessage"),
            ("m-2", r#"{"id": "a"}"#, "AfterFifoFailure"),
            ("m-3", "also not json", "AfterFifoFailure"),
        ],
    )
    .await;
}

#[tokio::test]
async fn an_event_that_is_not_an_sqs_batch_fails_the_invocation() {
    let worker = unreachable_worker();
    assert_eq!(
        worker.handle(&json!({"source": "aws.events"})).await,
        Err(EventError::NotAnSqsEvent)
    );
    assert_eq!(
        worker.handle(&json!({"Records": []})).await,
        Ok(BatchResponse {
            batch_item_failures: vec![]
        })
    );
}
