//! The queue worker's tests, one binary: its template (the rules, the
//! wiring, the template the local endpoint's own tests deploy, the outside
//! judges) and a deploy of its own binary to the local endpoint, read back
//! through each service's API.

mod queue_worker;

mod deploy_local;
mod lint_template;
mod stackset_assets;
mod template;
