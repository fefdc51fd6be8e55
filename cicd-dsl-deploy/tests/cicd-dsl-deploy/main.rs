//! The deploy engine against the local endpoint (moto extended by
//! `local-aws/`, one per test): change sets, events, outputs, diff,
//! destroy, assets, bootstrap, failures and recovery, and the engine rows
//! of docs/bad-input.md. One test binary; each module one subject.

mod app_template;
mod deploying;
mod engine;
mod readback;

mod assets_and_bootstrap;
mod bad_input_engine;
mod deploy_lifecycle;
mod failure;
mod recovery;
