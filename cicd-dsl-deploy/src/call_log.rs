//! `-v`: one line per AWS call on stderr (service, operation, HTTP status,
//! attempts, time taken), and one per retry as it starts, through `tracing` at target `cicd_dsl::aws`.
//!
//! Built from the SDK's interceptor hooks rather than its own debug logs,
//! so the default verbose view names what the tool asked AWS for in a few
//! words; `-vv` adds the SDK's own logs (retry decisions, credentials
//! provider chain, endpoint resolution).

use std::time::Instant;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// The target of these lines, for `RUST_LOG=cicd_dsl::aws=info`.
pub const TARGET: &str = "cicd_dsl::aws";

/// SDK interceptor shared by every client built in [`crate::load_aws`].
#[derive(Debug, Clone, Default)]
pub(crate) struct CallLog;

/// When the current execution started (kept in the execution's config bag).
#[derive(Debug, Clone)]
struct Started(Instant);

impl Storable for Started {
    type Storer = StoreReplace<Self>;
}

fn operation(cfg: &ConfigBag) -> (String, String) {
    match cfg.load::<Metadata>() {
        Some(meta) => (meta.service().to_owned(), meta.name().to_owned()),
        None => ("unknown".to_owned(), "unknown".to_owned()),
    }
}

fn attempts(cfg: &ConfigBag) -> u32 {
    cfg.load::<RequestAttempts>()
        .map(|a| a.attempts())
        .unwrap_or(1)
}

/// `"200"`, or why there was no HTTP answer.
fn outcome(context: &FinalizerInterceptorContextRef<'_>) -> String {
    match context.response() {
        Some(response) => response.status().as_u16().to_string(),
        None => "no response".to_owned(),
    }
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "CicdDslCallLog"
    }

    // The operation's `Metadata` is in the bag from here on (see CallCounter).
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Started(Instant::now()));
        let (service, operation) = operation(cfg);
        tracing::debug!(target: TARGET, %service, %operation, "calling");
        Ok(())
    }

    // A retry is logged as it starts (the orchestrator numbers attempts
    // before this hook), so a slow call shows why it is slow.
    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let attempt = attempts(cfg);
        if attempt > 1 {
            let (service, operation) = operation(cfg);
            tracing::info!(target: TARGET, %service, %operation, attempt, "retrying");
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = operation(cfg);
        let ms = cfg
            .load::<Started>()
            .map(|s| s.0.elapsed().as_millis())
            .unwrap_or_default();
        tracing::info!(
            target: TARGET,
            %service,
            %operation,
            status = %outcome(context),
            attempts = attempts(cfg),
            ms,
            "call"
        );
        Ok(())
    }
}
