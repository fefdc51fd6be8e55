//! Lambda runtime glue for `provided.al2023`: build the client once, then
//! hand each invocation to [`QueueWorker`].

use lambda_runtime::{Diagnostic, LambdaEvent, service_fn};
use queue_worker_function::{QueueWorker, TABLE_ENV};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    // The runtime crate's raw payloads (the message bodies) are never
    // written; this crate's own events name message ids, counts and error
    // kinds at INFO and WARN, never bodies; the item `id` appears only at
    // DEBUG.
    lambda_logging::init_logging();
    // Without a table there is nothing to do: failing the init makes every
    // invocation fail, so the messages stay in the queue until the function
    // is deployed with its table.
    let table = std::env::var(TABLE_ENV)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| {
            format!("the {TABLE_ENV} environment variable is not set, so the function does not know which DynamoDB table to write to")
        })?;
    let config = aws_config::from_env()
        .http_client(https_client())
        .load()
        .await;
    let worker = QueueWorker::new(aws_sdk_dynamodb::Client::new(&config), table);
    let worker = &worker;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        worker.handle(&event.payload).await.map_err(|e| Diagnostic {
            error_type: "InvalidEvent".to_owned(),
            error_message: e.to_string(),
        })
    }))
    .await
}

/// rustls on ring: the SDK's default client (rustls on aws-lc, plus a legacy
/// hyper 0.14 one) is left out of this build, because compiling aws-lc's C
/// library was the longest step of the function's first release build.
fn https_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}
