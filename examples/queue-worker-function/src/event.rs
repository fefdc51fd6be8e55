//! The part of an SQS event (what a Lambda event source mapping invokes the
//! function with) this function needs: per record, the message id, the body
//! and the time SQS accepted the message.
//!
//! The bodies are the queue's payload; nothing here logs them.

use serde_json::Value;

/// One message of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqsRecord<'a> {
    /// `messageId`: what a partial batch failure names.
    pub message_id: &'a str,
    /// `body`, as sent.
    pub body: &'a str,
    /// `attributes.SentTimestamp`: milliseconds since the epoch at which SQS
    /// accepted the message, as SQS wrote it (a decimal string). `None` when
    /// absent or not a whole number of milliseconds.
    pub sent_timestamp: Option<&'a str>,
}

/// The batch came from a FIFO queue (its source ARN ends in `.fifo`).
/// Order matters there: see [`crate::QueueWorker`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqsBatch<'a> {
    pub records: Vec<SqsRecord<'a>>,
    pub fifo: bool,
}

/// Why an invocation payload cannot be handled record by record. The whole
/// invocation fails then, and Lambda returns every message of the batch to
/// the queue.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EventError {
    #[error(
        "the event has no `Records` array; this function must be invoked by an SQS event source mapping"
    )]
    NotAnSqsEvent,
    #[error(
        "record {index} of the batch is not an SQS message (its `eventSource` is {event_source:?}, expected \"aws:sqs\")"
    )]
    NotAnSqsRecord {
        index: usize,
        event_source: Option<String>,
    },
    #[error(
        "record {index} of the batch has no string `messageId`, so it cannot be named in a partial batch failure"
    )]
    MissingMessageId { index: usize },
    #[error("record {index} (message {message_id}) of the batch has no string `body`")]
    MissingBody { index: usize, message_id: String },
}

/// Reads the records of an SQS event.
///
/// A record without a `messageId` fails the whole event: a batch failure
/// cannot name it, and Lambda treats an unusable item identifier as the
/// failure of the whole batch anyway. A missing `body` is the same kind of
/// malformed event (SQS always sends one, possibly empty).
pub fn parse_batch(event: &Value) -> Result<SqsBatch<'_>, EventError> {
    let records = event
        .get("Records")
        .and_then(Value::as_array)
        .ok_or(EventError::NotAnSqsEvent)?;
    let mut fifo = false;
    let mut parsed = Vec::with_capacity(records.len());
    for (index, record) in records.iter().enumerate() {
        let source = record.get("eventSource").and_then(Value::as_str);
        if source != Some("aws:sqs") {
            return Err(EventError::NotAnSqsRecord {
                index,
                event_source: source.map(str::to_owned),
            });
        }
        let message_id = record
            .get("messageId")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .ok_or(EventError::MissingMessageId { index })?;
        let body =
            record
                .get("body")
                .and_then(Value::as_str)
                .ok_or_else(|| EventError::MissingBody {
                    index,
                    message_id: message_id.to_owned(),
                })?;
        let sent_timestamp = record
            .pointer("/attributes/SentTimestamp")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()));
        fifo |= record
            .get("eventSourceARN")
            .and_then(Value::as_str)
            .is_some_and(|arn| arn.ends_with(".fifo"));
        parsed.push(SqsRecord {
            message_id,
            body,
            sent_timestamp,
        });
    }
    Ok(SqsBatch {
        records: parsed,
        fifo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(id: &str, body: &str) -> Value {
        json!({
            "messageId": id,
            "receiptHandle": "AQEB...",
            "body": body,
            "attributes": {
                "ApproximateReceiveCount": "1",
                "SentTimestamp": "1767225600000",
                "SenderId": "AIDAEXAMPLE",
                "ApproximateFirstReceiveTimestamp": "1767225600123"
            },
            "messageAttributes": {},
            "md5OfBody": "0",
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:work",
            "awsRegion": "us-east-1"
        })
    }

    #[test]
    fn reads_the_records_in_order() {
        let event =
            json!({"Records": [record("m-1", "{\"id\":\"a\"}"), record("m-2", "not json")]});
        let batch = parse_batch(&event).unwrap();
        assert!(!batch.fifo);
        assert_eq!(
            batch.records,
            vec![
                SqsRecord {
                    message_id: "m-1",
                    body: "{\"id\":\"a\"}",
                    sent_timestamp: Some("1767225600000"),
                },
                SqsRecord {
                    message_id: "m-2",
                    body: "not json",
                    sent_timestamp: Some("1767225600000"),
                },
            ]
        );
    }

    #[test]
    fn an_empty_batch_is_a_batch() {
        assert_eq!(
            parse_batch(&json!({"Records": []})).unwrap().records,
            vec![]
        );
    }

    #[test]
    fn a_fifo_source_is_recognised() {
        let mut r = record("m-1", "{}");
        r["eventSourceARN"] = json!("arn:aws:sqs:us-east-1:123456789012:work.fifo");
        assert!(parse_batch(&json!({"Records": [r]})).unwrap().fifo);
    }

    #[test]
    fn an_unusable_sent_timestamp_is_left_out() {
        let mut missing = record("m-1", "{}");
        missing["attributes"]
            .as_object_mut()
            .unwrap()
            .remove("SentTimestamp");
        let mut garbled = record("m-2", "{}");
        garbled["attributes"]["SentTimestamp"] = json!("soon");
        let mut numeric = record("m-3", "{}");
        numeric["attributes"]["SentTimestamp"] = json!(1767225600000_u64);
        let event = json!({"Records": [missing, garbled, numeric]});
        let batch = parse_batch(&event).unwrap();
        assert!(batch.records.iter().all(|r| r.sent_timestamp.is_none()));
    }

    #[test]
    fn rejects_an_event_that_is_not_from_sqs() {
        assert_eq!(
            parse_batch(&json!({"detail-type": "Scheduled Event"})),
            Err(EventError::NotAnSqsEvent)
        );
        let mut s3 = record("m-1", "{}");
        s3["eventSource"] = json!("aws:s3");
        assert_eq!(
            parse_batch(&json!({"Records": [record("m-0", "{}"), s3]})),
            Err(EventError::NotAnSqsRecord {
                index: 1,
                event_source: Some("aws:s3".into())
            })
        );
    }

    #[test]
    fn a_record_without_a_message_id_or_body_fails_the_event() {
        let mut no_id = record("m-1", "{}");
        no_id.as_object_mut().unwrap().remove("messageId");
        assert_eq!(
            parse_batch(&json!({"Records": [no_id]})),
            Err(EventError::MissingMessageId { index: 0 })
        );
        assert_eq!(
            parse_batch(&json!({"Records": [record("", "{}")]})),
            Err(EventError::MissingMessageId { index: 0 })
        );
        let mut no_body = record("m-1", "{}");
        no_body.as_object_mut().unwrap().remove("body");
        assert_eq!(
            parse_batch(&json!({"Records": [no_body]})),
            Err(EventError::MissingBody {
                index: 0,
                message_id: "m-1".into()
            })
        );
    }
}
