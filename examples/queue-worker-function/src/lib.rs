//! The `queue-worker-function` Lambda function of the queue-worker example:
//! an SQS event source mapping (with `ReportBatchItemFailures`) invokes it
//! with batches of messages; it writes one DynamoDB item per message into the
//! table named by `TABLE_NAME` and reports the messages it could not store
//! as partial batch failures, so only those are retried (and, after the
//! queue's `maxReceiveCount`, end in the dead-letter queue).
//!
//! `main.rs` is only the Lambda runtime glue; everything here takes an SDK
//! client, so it runs the same against AWS or a local endpoint.

pub mod event;
pub mod function;
pub mod item;

pub use event::{EventError, SqsBatch, SqsRecord, parse_batch};
pub use function::{
    BatchItemFailure, BatchReport, BatchResponse, MessageFailure, MessageOutcome, QueueWorker,
    Stored,
};
pub use item::{MessageError, WorkItem, work_item};

/// The environment variable naming the DynamoDB table to write to.
pub const TABLE_ENV: &str = "TABLE_NAME";
