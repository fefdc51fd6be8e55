//! The report job's tests, one binary: its template (the rules, the
//! wiring, the outside judges), its inline Python handler against the
//! local endpoint, a failed `deploy --local` of its own binary, and its
//! rollout as a StackSet.

mod report_job;

mod handler;
mod lint_template;
mod next_step;
mod stackset;
mod template;
