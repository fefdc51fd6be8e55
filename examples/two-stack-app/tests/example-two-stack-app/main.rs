//! The two-stack app: its templates, and (against the local endpoint) its
//! deploy, the consumer dropping its import, and its destroy.

mod app_e2e;
mod bad_input;
mod templates;
