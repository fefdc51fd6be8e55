//! One invocation: from the SQS event to the partial batch response. Kept
//! apart from `main.rs` so it can be driven without the Lambda runtime.

use aws_sdk_dynamodb::error::DisplayErrorContext;
use serde::Serialize;
use serde_json::Value;

use crate::event::{EventError, SqsRecord, parse_batch};
use crate::item::{MessageError, work_item};

/// The function's client and configuration, built once per execution
/// environment and shared by its invocations.
///
/// # Delivery contract
///
/// The event source mapping must enable `ReportBatchItemFailures`. Each
/// message of a batch is written as one item (`PutItem`) into the table; the
/// response lists, in [`BatchResponse::batch_item_failures`], exactly the
/// messages that were not stored: bodies that are not work items (see
/// [`MessageError`]) and writes DynamoDB refused or that did not complete.
/// Lambda deletes the others from the queue and makes only the listed ones
/// visible again; after the queue's `maxReceiveCount` receives they move to
/// the dead-letter queue.
///
/// # Idempotence
///
/// SQS delivers at least once, so a message can arrive again after it was
/// stored (a visibility timeout that ran out, a batch retried as a whole).
/// The write is an unconditional `PutItem` keyed by the body's `id`: a
/// redelivery overwrites the item with the same fields, so storing a message
/// twice leaves the table as storing it once. A conditional put
/// (`attribute_not_exists(id)`) is deliberately not used: it would turn every
/// redelivery into a failure to report, and a later message with the same
/// `id` is meant to replace the earlier one (last writer wins; `messageId`
/// and `receivedAt` say which message that was). The price: on a standard
/// queue a late redelivery of an older message can overwrite a newer one with
/// the same `id`; producers that need per-`id` order send to a FIFO queue
/// with the `id` as message group.
///
/// # Order
///
/// Messages are written one after the other in batch order, so two messages
/// with the same `id` in one batch end as the later one. From a FIFO queue
/// (source ARN ending in `.fifo`), once a message fails every later message
/// of the batch is reported as failed without being written, as AWS requires
/// for FIFO partial batch responses, so that a message group keeps its order.
pub struct QueueWorker {
    dynamodb: aws_sdk_dynamodb::Client,
    table: String,
}

/// The response Lambda reads with `ReportBatchItemFailures`:
/// `{"batchItemFailures": [{"itemIdentifier": "<messageId>"}, ...]}`.
/// An empty list means every message was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchResponse {
    pub batch_item_failures: Vec<BatchItemFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchItemFailure {
    pub item_identifier: String,
}

/// What one invocation did, message by message, in batch order.
#[derive(Debug)]
pub struct BatchReport {
    pub outcomes: Vec<MessageOutcome>,
}

#[derive(Debug)]
pub struct MessageOutcome {
    pub message_id: String,
    pub result: Result<Stored, MessageFailure>,
}

/// A message stored as the item with this `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: String,
}

/// Why a message goes back to the queue.
#[derive(Debug, thiserror::Error)]
pub enum MessageFailure {
    #[error("the message is not a work item")]
    BadMessage(#[from] MessageError),
    #[error("writing the item to DynamoDB table `{table}` (PutItem) failed")]
    WriteFailed {
        table: String,
        #[source]
        source: Box<aws_sdk_dynamodb::Error>,
    },
    #[error(
        "not processed: an earlier message of this FIFO batch failed, and later ones must wait for it to keep their group's order"
    )]
    AfterFifoFailure,
}

impl MessageFailure {
    /// A stable name for logs and metrics filters.
    pub fn kind(&self) -> &'static str {
        match self {
            MessageFailure::BadMessage(_) => "BadMessage",
            MessageFailure::WriteFailed { .. } => "WriteFailed",
            MessageFailure::AfterFifoFailure => "AfterFifoFailure",
        }
    }
}

impl BatchReport {
    /// The messages that were not stored, as Lambda wants them.
    pub fn response(&self) -> BatchResponse {
        BatchResponse {
            batch_item_failures: self
                .failures()
                .map(|(message_id, _)| BatchItemFailure {
                    item_identifier: message_id.to_owned(),
                })
                .collect(),
        }
    }

    pub fn failures(&self) -> impl Iterator<Item = (&str, &MessageFailure)> {
        self.outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().err().map(|e| (o.message_id.as_str(), e)))
    }

    pub fn stored(&self) -> impl Iterator<Item = (&str, &Stored)> {
        self.outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok().map(|s| (o.message_id.as_str(), s)))
    }
}

impl QueueWorker {
    pub fn new(dynamodb: aws_sdk_dynamodb::Client, table: impl Into<String>) -> Self {
        Self {
            dynamodb,
            table: table.into(),
        }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// Handles one SQS batch and returns the partial batch response. An
    /// error (an event that is not an SQS batch, a record without a message
    /// id) fails the whole invocation, which returns every message to the
    /// queue.
    pub async fn handle(&self, event: &Value) -> Result<BatchResponse, EventError> {
        let report = self
            .process(event)
            .await
            .inspect_err(|e| tracing::error!(error = %e, "event rejected"))?;
        for (message_id, failure) in report.failures() {
            tracing::warn!(
                message_id,
                kind = failure.kind(),
                error = %DisplayErrorContext(failure),
                "message returned to the queue"
            );
        }
        let response = report.response();
        tracing::info!(
            table = %self.table,
            received = report.outcomes.len(),
            stored = report.outcomes.len() - response.batch_item_failures.len(),
            failed = response.batch_item_failures.len(),
            "batch handled"
        );
        Ok(response)
    }

    /// Stores each message of the batch and says what became of it.
    pub async fn process(&self, event: &Value) -> Result<BatchReport, EventError> {
        let batch = parse_batch(event)?;
        let mut outcomes = Vec::with_capacity(batch.records.len());
        let mut failed = false;
        for record in &batch.records {
            let result = if batch.fifo && failed {
                Err(MessageFailure::AfterFifoFailure)
            } else {
                self.store(record).await
            };
            failed |= result.is_err();
            outcomes.push(MessageOutcome {
                message_id: record.message_id.to_owned(),
                result,
            });
        }
        Ok(BatchReport { outcomes })
    }

    async fn store(&self, record: &SqsRecord<'_>) -> Result<Stored, MessageFailure> {
        let item = work_item(record)?;
        self.dynamodb
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item.attributes))
            .send()
            .await
            .map_err(|e| MessageFailure::WriteFailed {
                table: self.table.clone(),
                source: Box::new(e.into()),
            })?;
        tracing::debug!(message_id = record.message_id, id = %item.id, "stored");
        Ok(Stored { id: item.id })
    }
}
