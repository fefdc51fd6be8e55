//! The function's logic against the project's local endpoint (moto extended
//! by `local-aws`, started by `cicd-local`): a real DynamoDB table created
//! through the DynamoDB API, a batch shaped as an SQS event source mapping
//! sends it, and the items read back with GetItem and Scan, not taken from
//! what the SDK sent.

use std::collections::HashMap;

use aws_config::SdkConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType,
};
use cicd_dsl_tests::clients;
use cicd_dsl_tests::endpoint::Endpoint;
use queue_worker_function::{MessageFailure, QueueWorker};
use serde_json::{Value, json};

const TABLE: &str = "queue-worker-results";
const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:queue-worker";

/// An endpoint of this test's own (killed when dropped) and a client for it.
struct Local {
    _endpoint: Endpoint,
    dynamodb: Client,
}

impl Local {
    async fn start() -> Self {
        let endpoint = Endpoint::start();
        let config = sdk_config(&endpoint.url()).await;
        Local {
            _endpoint: endpoint,
            dynamodb: Client::new(&config),
        }
    }

    /// The table the stack declares: partition key `id` (S), on demand.
    async fn create_table(&self) {
        self.dynamodb
            .create_table()
            .table_name(TABLE)
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("id")
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            )
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name("id")
                    .key_type(KeyType::Hash)
                    .build()
                    .unwrap(),
            )
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await
            .unwrap_or_else(|e| panic!("CreateTable: {}", DisplayErrorContext(&e)));
    }

    fn worker(&self, table: &str) -> QueueWorker {
        QueueWorker::new(self.dynamodb.clone(), table)
    }

    async fn get(&self, id: &str) -> Option<HashMap<String, AttributeValue>> {
        self.dynamodb
            .get_item()
            .table_name(TABLE)
            .key("id", AttributeValue::S(id.to_owned()))
            .consistent_read(true)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GetItem: {}", DisplayErrorContext(&e)))
            .item
    }

    /// Every item's `id`, sorted.
    async fn ids(&self) -> Vec<String> {
        let scan = self
            .dynamodb
            .scan()
            .table_name(TABLE)
            .consistent_read(true)
            .send()
            .await
            .unwrap_or_else(|e| panic!("Scan: {}", DisplayErrorContext(&e)));
        let mut ids: Vec<String> = scan
            .items()
            .iter()
            .map(|item| item["id"].as_s().expect("id is a string").clone())
            .collect();
        ids.sort();
        ids
    }
}

/// One attempt per call, so an unexpected error shows at once.
/// One attempt per call, so an unexpected error shows at once.
async fn sdk_config(endpoint_url: &str) -> SdkConfig {
    clients::loader(endpoint_url)
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .load()
        .await
}

/// An SQS record as an event source mapping delivers it.
fn record(message_id: &str, body: &str, sent_timestamp: &str) -> Value {
    json!({
        "messageId": message_id,
        "receiptHandle": format!("receipt-{message_id}"),
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": sent_timestamp,
            "SenderId": "AIDAIENQZJOLO23YVJ4VO",
            "ApproximateFirstReceiveTimestamp": sent_timestamp
        },
        "messageAttributes": {},
        "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
        "eventSource": "aws:sqs",
        "eventSourceARN": QUEUE_ARN,
        "awsRegion": cicd_local::REGION
    })
}

/// 3 good and 2 bad messages, interleaved.
fn mixed_batch() -> Value {
    json!({"Records": [
        record("msg-1", r#"{"id": "order-1", "kind": "order", "total": 12.5, "paid": true}"#, "1767225600001"),
        record("msg-2", "this is not json", "1767225600002"),
        record("msg-3", r#"{"id": "order-2", "kind": "order", "lines": [{"sku": "A-1", "qty": 2}], "note": null}"#, "1767225600003"),
        record("msg-4", r#"{"kind": "order", "total": 3}"#, "1767225600004"),
        record("msg-5", r#"{"id": "refund-1", "kind": "refund", "amount": -4, "order": "order-1"}"#, "1767225600005"),
    ]})
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

fn n(v: &str) -> AttributeValue {
    AttributeValue::N(v.to_owned())
}

fn item(pairs: &[(&str, AttributeValue)]) -> HashMap<String, AttributeValue> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn failure_ids(response: &queue_worker_function::BatchResponse) -> Vec<&str> {
    response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect()
}

#[tokio::test]
async fn a_batch_stores_the_good_messages_and_reports_exactly_the_bad_ones() {
    let local = Local::start().await;
    local.create_table().await;

    let response = local
        .worker(TABLE)
        .handle(&mixed_batch())
        .await
        .expect("an SQS batch");

    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"batchItemFailures": [{"itemIdentifier": "msg-2"}, {"itemIdentifier": "msg-4"}]})
    );
    assert_eq!(local.ids().await, ["order-1", "order-2", "refund-1"]);
    assert_eq!(
        local.get("order-1").await,
        Some(item(&[
            ("id", s("order-1")),
            ("kind", s("order")),
            ("total", n("12.5")),
            ("paid", AttributeValue::Bool(true)),
            ("messageId", s("msg-1")),
            ("receivedAt", n("1767225600001")),
        ]))
    );
    assert_eq!(
        local.get("order-2").await,
        Some(item(&[
            ("id", s("order-2")),
            ("kind", s("order")),
            ("lines", s(r#"[{"sku":"A-1","qty":2}]"#)),
            ("note", AttributeValue::Null(true)),
            ("messageId", s("msg-3")),
            ("receivedAt", n("1767225600003")),
        ]))
    );
    assert_eq!(
        local.get("refund-1").await,
        Some(item(&[
            ("id", s("refund-1")),
            ("kind", s("refund")),
            ("amount", n("-4")),
            ("order", s("order-1")),
            ("messageId", s("msg-5")),
            ("receivedAt", n("1767225600005")),
        ]))
    );
}

#[tokio::test]
async fn a_redelivered_batch_overwrites_the_same_items_and_is_not_reported() {
    let local = Local::start().await;
    local.create_table().await;
    let worker = local.worker(TABLE);
    let first = worker.handle(&mixed_batch()).await.unwrap();
    let again = worker.handle(&mixed_batch()).await.unwrap();
    assert_eq!(failure_ids(&first), ["msg-2", "msg-4"]);
    assert_eq!(again, first, "a redelivery fails only what failed before");
    assert_eq!(local.ids().await, ["order-1", "order-2", "refund-1"]);

    // A later message with the same id replaces the item (last writer wins):
    // fields it no longer has are gone, `messageId` names the new message.
    let update = json!({"Records": [
        record("msg-9", r#"{"id": "order-1", "kind": "order", "total": 15}"#, "1767225609999"),
    ]});
    let response = worker.handle(&update).await.unwrap();
    assert!(response.batch_item_failures.is_empty(), "{response:?}");
    assert_eq!(
        local.get("order-1").await,
        Some(item(&[
            ("id", s("order-1")),
            ("kind", s("order")),
            ("total", n("15")),
            ("messageId", s("msg-9")),
            ("receivedAt", n("1767225609999")),
        ]))
    );
    assert_eq!(local.ids().await, ["order-1", "order-2", "refund-1"]);
}

#[tokio::test]
async fn writes_dynamodb_refuses_are_reported_per_message() {
    let local = Local::start().await;
    local.create_table().await;

    // No such table: every good message's PutItem fails, each on its own.
    let report = local
        .worker("no-such-table")
        .process(&mixed_batch())
        .await
        .unwrap();
    let failures: Vec<(&str, &str)> = report.failures().map(|(m, f)| (m, f.kind())).collect();
    assert_eq!(
        failures,
        [
            ("msg-1", "WriteFailed"),
            ("msg-2", "BadMessage"),
            ("msg-3", "WriteFailed"),
            ("msg-4", "BadMessage"),
            ("msg-5", "WriteFailed"),
        ]
    );
    let (_, write) = report.failures().next().unwrap();
    let MessageFailure::WriteFailed { source, .. } = write else {
        panic!("{write:?}")
    };
    assert!(
        matches!(
            **source,
            aws_sdk_dynamodb::Error::ResourceNotFoundException(_)
        ),
        "{}",
        DisplayErrorContext(write)
    );
    assert_eq!(
        failure_ids(&report.response()),
        ["msg-1", "msg-2", "msg-3", "msg-4", "msg-5"]
    );
    assert!(local.ids().await.is_empty());
}
