//! From a message body to the DynamoDB item stored for it.
//!
//! A body is a JSON object with a string `id` (the table's partition key) and
//! any other fields, for example `{"id": "order-7", "kind": "order", "total": 12.5}`.
//! Each field becomes one attribute:
//!
//! | JSON            | DynamoDB                               |
//! |-----------------|----------------------------------------|
//! | string          | `S`                                    |
//! | number          | `N` (integers exact, others as the     |
//! |                 | shortest text of their double)         |
//! | `true`/`false`  | `BOOL`                                 |
//! | `null`          | `NULL`                                 |
//! | array, object   | `S` holding the value's JSON text      |
//!
//! and two attributes are added: [`MESSAGE_ID`] (`S`, the SQS message id) and
//! [`RECEIVED_AT`] (`N`, the message's `SentTimestamp`: milliseconds since the
//! epoch at which SQS accepted it; left out if SQS did not send one). These
//! two overwrite body fields of the same name.
//!
//! Errors name the rule a body broke, never its content: they are logged.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Map, Number, Value};

use crate::event::SqsRecord;

/// The table's partition key (type `S`).
pub const ID: &str = "id";
/// The SQS message id the item was last written from.
pub const MESSAGE_ID: &str = "messageId";
/// When SQS accepted that message, in milliseconds since the epoch.
pub const RECEIVED_AT: &str = "receivedAt";

/// DynamoDB's limit on a partition key value, in bytes.
pub const MAX_ID_BYTES: usize = 2048;

/// Why a message is not a work item. Such a message is reported as a batch
/// item failure: it goes back to the queue and, once the queue's
/// `maxReceiveCount` is reached, to the dead-letter queue, where it can be
/// inspected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MessageError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("the body is a JSON {0}, not an object")]
    NotAnObject(&'static str),
    #[error("the body has no `id` field")]
    MissingId,
    #[error("the body's `id` is a JSON {0}, not a string")]
    IdNotAString(&'static str),
    #[error("the body's `id` is empty; DynamoDB does not accept an empty partition key")]
    EmptyId,
    #[error(
        "the body's `id` is {0} bytes long; DynamoDB accepts partition keys of at most {MAX_ID_BYTES}"
    )]
    IdTooLong(usize),
    #[error(
        "the body has a field with an empty name; DynamoDB does not accept empty attribute names"
    )]
    EmptyFieldName,
    #[error(
        "a number in the body is outside what DynamoDB can store (magnitudes from 1e-130 to below 1e126)"
    )]
    NumberOutOfRange,
}

/// The item to put for one message, with its `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkItem {
    pub id: String,
    pub attributes: HashMap<String, AttributeValue>,
}

/// Parses a record's body and maps it to the item stored for it.
pub fn work_item(record: &SqsRecord<'_>) -> Result<WorkItem, MessageError> {
    let body: Value =
        serde_json::from_str(record.body).map_err(|e| MessageError::NotJson(e.to_string()))?;
    let Value::Object(fields) = body else {
        return Err(MessageError::NotAnObject(json_type(&body)));
    };
    let id = id_of(&fields)?.to_owned();
    let mut attributes = HashMap::with_capacity(fields.len() + 2);
    for (name, value) in fields {
        if name.is_empty() {
            return Err(MessageError::EmptyFieldName);
        }
        attributes.insert(name, attribute(value)?);
    }
    attributes.insert(
        MESSAGE_ID.to_owned(),
        AttributeValue::S(record.message_id.to_owned()),
    );
    if let Some(sent) = record.sent_timestamp {
        attributes.insert(RECEIVED_AT.to_owned(), AttributeValue::N(sent.to_owned()));
    }
    Ok(WorkItem { id, attributes })
}

fn id_of(fields: &Map<String, Value>) -> Result<&str, MessageError> {
    let id = match fields.get(ID) {
        None => return Err(MessageError::MissingId),
        Some(Value::String(id)) => id,
        Some(other) => return Err(MessageError::IdNotAString(json_type(other))),
    };
    if id.is_empty() {
        return Err(MessageError::EmptyId);
    }
    if id.len() > MAX_ID_BYTES {
        return Err(MessageError::IdTooLong(id.len()));
    }
    Ok(id)
}

/// One JSON value as a DynamoDB attribute (see the module's table).
pub fn attribute(value: Value) -> Result<AttributeValue, MessageError> {
    Ok(match value {
        Value::String(s) => AttributeValue::S(s),
        Value::Number(n) => AttributeValue::N(number(&n)?),
        Value::Bool(b) => AttributeValue::Bool(b),
        Value::Null => AttributeValue::Null(true),
        nested @ (Value::Array(_) | Value::Object(_)) => AttributeValue::S(nested.to_string()),
    })
}

/// A JSON number as DynamoDB's `N` text. Integers are exact; other numbers
/// keep the shortest text that reads back as the same double. DynamoDB
/// rejects magnitudes outside 1e-130 ..= 9.99…e125, so those are refused
/// here rather than by a PutItem that would fail on every redelivery.
fn number(n: &Number) -> Result<String, MessageError> {
    if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
        let magnitude = f.abs();
        if magnitude != 0.0 && !(1e-130..1e126).contains(&magnitude) {
            return Err(MessageError::NumberOutOfRange);
        }
    }
    Ok(n.to_string())
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &str) -> SqsRecord<'_> {
        SqsRecord {
            message_id: "m-1",
            body,
            sent_timestamp: Some("1767225600000"),
        }
    }

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.to_owned())
    }

    fn n(v: &str) -> AttributeValue {
        AttributeValue::N(v.to_owned())
    }

    #[test]
    fn maps_each_field_by_its_json_type() {
        let body = r#"{"id": "order-7", "kind": "order", "total": 12.5, "count": 3,
            "negative": -4, "big": 18446744073709551615, "paid": true, "refunded": false,
            "note": null, "lines": [{"sku": "a", "qty": 1}], "customer": {"name": "Ann"},
            "empty": ""}"#;
        let item = work_item(&record(body)).unwrap();
        assert_eq!(item.id, "order-7");
        let expected: HashMap<String, AttributeValue> = [
            ("id", s("order-7")),
            ("kind", s("order")),
            ("total", n("12.5")),
            ("count", n("3")),
            ("negative", n("-4")),
            ("big", n("18446744073709551615")),
            ("paid", AttributeValue::Bool(true)),
            ("refunded", AttributeValue::Bool(false)),
            ("note", AttributeValue::Null(true)),
            ("lines", s(r#"[{"sku":"a","qty":1}]"#)),
            ("customer", s(r#"{"name":"Ann"}"#)),
            ("empty", s("")),
            ("messageId", s("m-1")),
            ("receivedAt", n("1767225600000")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        assert_eq!(item.attributes, expected);
    }

    #[test]
    fn the_message_attributes_win_over_body_fields_of_the_same_name() {
        let item = work_item(&record(
            r#"{"id": "a", "messageId": "forged", "receivedAt": 1}"#,
        ))
        .unwrap();
        assert_eq!(item.attributes["messageId"], s("m-1"));
        assert_eq!(item.attributes["receivedAt"], n("1767225600000"));
    }

    #[test]
    fn without_a_sent_timestamp_there_is_no_received_at() {
        let rec = SqsRecord {
            sent_timestamp: None,
            ..record(r#"{"id": "a"}"#)
        };
        let item = work_item(&rec).unwrap();
        assert!(!item.attributes.contains_key(RECEIVED_AT));
        assert_eq!(item.attributes.len(), 2);
    }

    #[test]
    fn numbers_dynamodb_cannot_store_are_refused() {
        for body in [
            r#"{"id": "a", "x": 1e300}"#,
            r#"{"id": "a", "x": -1e126}"#,
            r#"{"id": "a", "x": 1e-200}"#,
        ] {
            assert_eq!(
                work_item(&record(body)),
                Err(MessageError::NumberOutOfRange),
                "{body}"
            );
        }
        let edge = work_item(&record(
            r#"{"id": "a", "x": 9.9e125, "y": 0.0, "z": 2e-130}"#,
        ))
        .unwrap();
        assert_eq!(edge.attributes["x"], n("9.9e+125"));
        assert_eq!(edge.attributes["y"], n("0.0"));
        // Nested numbers travel as JSON text, so any JSON number is fine there.
        assert!(work_item(&record(r#"{"id": "a", "x": [1e300]}"#)).is_ok());
    }

    #[test]
    fn a_body_that_is_not_a_work_item_is_refused_without_echoing_it() {
        let not_json = ["secret-token-123", "", r#"{"id": "secret-token-123""#];
        for body in not_json {
            let error = work_item(&record(body)).unwrap_err();
            assert!(
                matches!(error, MessageError::NotJson(_)),
                "{body}: {error:?}"
            );
            assert!(!error.to_string().contains("secret"), "{error}");
        }
        let cases = [
            (
                r#"["secret-token-123"]"#,
                MessageError::NotAnObject("array"),
            ),
            (r#""secret-token-123""#, MessageError::NotAnObject("string")),
            (r#"{"kind": "secret-token-123"}"#, MessageError::MissingId),
            (
                r#"{"id": 123, "kind": "secret-token-123"}"#,
                MessageError::IdNotAString("number"),
            ),
            (
                r#"{"id": "", "kind": "secret-token-123"}"#,
                MessageError::EmptyId,
            ),
            (
                r#"{"id": "a", "": "secret-token-123"}"#,
                MessageError::EmptyFieldName,
            ),
        ];
        for (body, expected) in cases {
            let error = work_item(&record(body)).unwrap_err();
            assert_eq!(error, expected, "{body}");
            assert!(!error.to_string().contains("secret"), "{error}");
        }
    }

    #[test]
    fn an_id_longer_than_dynamodb_allows_is_refused() {
        let long = "x".repeat(MAX_ID_BYTES + 1);
        let body = serde_json::json!({"id": long}).to_string();
        assert_eq!(
            work_item(&record(&body)),
            Err(MessageError::IdTooLong(MAX_ID_BYTES + 1))
        );
        let longest = serde_json::json!({"id": "x".repeat(MAX_ID_BYTES)}).to_string();
        assert!(work_item(&record(&longest)).is_ok());
    }
}
