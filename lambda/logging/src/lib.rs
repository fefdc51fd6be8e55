//! Log setup for the workspace's Rust Lambda functions
//! (`tag-production-image`, `queue-worker-function`). The Lambda runtime
//! crate logs every raw invocation payload at TRACE level, and a payload
//! carries what the function must never write (a CodePipeline job's
//! `artifactCredentials`, live AWS keys; an SQS message's body); so
//! runtime-crate TRACE events are dropped whatever level the function is
//! configured with.

use tracing::Level;
use tracing_subscriber::filter::{EnvFilter, LevelFilter, filter_fn};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, fmt};

/// Whether an event from `target` at `level` may be written.
pub fn may_log(target: &str, level: &Level) -> bool {
    let from_runtime = target == "lambda_runtime"
        || target.starts_with("lambda_runtime::")
        || target.starts_with("lambda_runtime_api_client");
    !(from_runtime && *level == Level::TRACE)
}

/// Installs the global subscriber: level from `AWS_LAMBDA_LOG_LEVEL` (Lambda's
/// logging controls) or `RUST_LOG`, default INFO; JSON lines when
/// `AWS_LAMBDA_LOG_FORMAT=JSON`; no timestamps, since CloudWatch adds them.
pub fn init_logging() {
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok()
        .and_then(|l| l.parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO);
    let env_filter = EnvFilter::builder()
        .with_default_directive(level.into())
        .from_env_lossy();
    let json = std::env::var("AWS_LAMBDA_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let never_payloads = filter_fn(|meta| may_log(meta.target(), meta.level()));
    let layer = if json {
        fmt::layer()
            .json()
            .without_time()
            .with_target(false)
            .boxed()
    } else {
        fmt::layer().without_time().with_target(false).boxed()
    };
    // A second init (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::registry()
        .with(layer.with_filter(env_filter).with_filter(never_payloads))
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_trace_events_are_never_written() {
        assert!(!may_log(
            "lambda_runtime::layers::api_response",
            &Level::TRACE
        ));
        assert!(!may_log("lambda_runtime", &Level::TRACE));
        assert!(!may_log("lambda_runtime_api_client::body", &Level::TRACE));
        assert!(may_log(
            "lambda_runtime::layers::api_response",
            &Level::DEBUG
        ));
    }

    #[test]
    fn the_functions_own_trace_events_are_written() {
        assert!(may_log("tag_production_image::function", &Level::TRACE));
        assert!(may_log("queue_worker_function::function", &Level::TRACE));
    }
}
