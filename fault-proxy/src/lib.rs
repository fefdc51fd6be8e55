//! A fault-injecting HTTP proxy for tests: it sits on 127.0.0.1 between an
//! AWS SDK client and the local AWS endpoint and answers a seeded share of
//! requests with what a real AWS region sometimes answers: throttling
//! (HTTP 400 `Throttling`, HTTP 429), 5xx, a connection reset, or a late
//! response.
//!
//! Faults other than [`FaultKind::Delay`] are decided and answered *before*
//! anything is forwarded, so a faulted request never reaches the upstream.
//! The SDK retries transient errors without knowing whether the server acted
//! on the request; if the proxy forwarded first and faulted the answer, a
//! retried `CreateStack` or `ExecuteChangeSet` would run twice and the test
//! would be measuring the proxy's side effects instead of the client's
//! resilience. Real throttling and 5xx answers from AWS front ends also come
//! back before the service acted, which is what this models.
//!
//! ```no_run
//! use fault_proxy::{FaultConfig, FaultProxy};
//! let proxy = FaultProxy::start("http://127.0.0.1:5000", FaultConfig::mixed(0.2, 7)).unwrap();
//! // point the SDK at proxy.url() ...
//! println!("{}", proxy.stats());
//! ```

mod config;
mod dice;
mod error;
mod forward;
mod responses;
mod server;
mod stats;
mod upstream;

pub use config::{FaultConfig, FaultKind};
pub use error::FaultProxyError;
pub use server::FaultProxy;
pub use stats::FaultStats;
