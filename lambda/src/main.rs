//! Lambda runtime glue for `provided.al2023`: build the clients once, then
//! hand each invocation to [`TagProductionFunction`].

use aws_sdk_ecr::error::DisplayErrorContext;
use lambda_runtime::{Diagnostic, LambdaEvent, service_fn};
use serde_json::Value;
use tag_production_image::{REPOSITORY_ENV, TagProductionFunction};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_logging::init_logging();
    let config = aws_config::from_env()
        .http_client(https_client())
        .load()
        .await;
    let function = TagProductionFunction::new(
        aws_sdk_ecr::Client::new(&config),
        aws_sdk_codepipeline::Client::new(&config),
        std::env::var(REPOSITORY_ENV).ok(),
    );
    let function = &function;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        function
            .handle(&event.payload)
            .await
            .map_err(|e| Diagnostic {
                error_type: e.kind().to_owned(),
                error_message: DisplayErrorContext(&e).to_string(),
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
