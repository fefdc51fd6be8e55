//! The local AWS endpoint: a moto server extended by the `local-aws` Python
//! package so that CloudFormation deploys our stack faithfully.
//!
//! [`LocalEndpoint::start_or_reuse`] is what the CLI calls: it makes sure the
//! project-local Python venv exists, starts the server (or finds the one a
//! previous call left running, through a state file) and waits until it
//! answers. [`LocalEndpoint::start_ephemeral`] is what tests call: a server of
//! their own, killed when the handle drops.

mod credentials;
mod error;
mod options;
mod probe;
mod server;
mod state;
mod venv;

pub use credentials::{ACCESS_KEY_ID, ACCOUNT_ID, REGION, SECRET_ACCESS_KEY, access_key_id};
pub use error::LocalError;
pub use options::LocalOptions;
pub use server::LocalEndpoint;

/// Creates the endpoint's Python venv, or refreshes it when its pinned
/// requirements changed, without starting the server: a caller can do this
/// (a minute of pip on a fresh machine) while other work proceeds.
pub fn prepare_venv(opts: &LocalOptions) -> Result<(), LocalError> {
    venv::ensure(opts)
}
