//! The function's tests, one binary: its job logic against the local
//! endpoint (real ECR state, a pipeline execution waiting at its Lambda
//! Invoke action), and the shipped `bootstrap` binary itself, run as
//! Lambda runs it.

mod images;
mod local;
mod runtime_api;

mod bootstrap_binary;
mod job_against_local_endpoint;
