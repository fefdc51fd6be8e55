//! Answers each event with the event itself and the machine the function
//! runs on (`aarch64` on Graviton), so an invocation shows which build ran.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

async fn echo(event: LambdaEvent<Value>) -> Result<Value, Error> {
    Ok(json!({ "event": event.payload, "arch": std::env::consts::ARCH }))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(echo)).await
}
