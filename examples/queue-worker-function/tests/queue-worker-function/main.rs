//! The queue worker's logic against the local endpoint, one test binary.
//! (`tests/logs_never_show_bodies.rs` stays a binary of its own: it
//! installs a tracing subscriber that tests running beside it in the same
//! process could make miss events.)

mod against_local_endpoint;
