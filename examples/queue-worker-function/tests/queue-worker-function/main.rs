//! The queue worker's logic, one test binary: against the local endpoint,
//! and without DynamoDB.
//! (`tests/logs_never_show_bodies.rs` stays a binary of its own: it
//! installs a tracing subscriber that tests running beside it in the same
//! process could make miss events.)

#[path = "../support.rs"]
mod support;

mod against_local_endpoint;
mod batches;
