//! The pipeline stack's tests, one binary: its template (the spec's
//! requirements, the snapshot, the outside judges, no secrets), its
//! command line (errors, the hand-over to `cicd-dsl-aws`, every CLI row of
//! docs/bad-input.md) and end-to-end runs of the real `cicd-stack` binary
//! against the local endpoint (deploy, lifecycle, `--local`, faults,
//! Ctrl-C, recovery). The end-to-end tests live here because they run this
//! package's binary (`CARGO_BIN_EXE_cicd-stack`).

mod blocking_project;
mod cli;
mod folders;
mod log_groups;
mod readback;
mod template;
mod workspace_copy;

mod bad_input;
mod cli_errors;
mod completions;
mod e2e_adopt;
mod e2e_commands;
mod e2e_deploy;
mod e2e_drift;
mod e2e_environments;
mod e2e_faults;
mod e2e_hotswap;
mod e2e_interrupt;
mod e2e_lifecycle;
mod e2e_local_flag;
mod e2e_pipeline_run;
mod e2e_prompt_time;
mod e2e_recovery;
mod e2e_review;
mod e2e_streams;
mod e2e_terminal_screen;
mod e2e_verbose;
mod e2e_watch;
mod function_build;
mod hand_over;
mod lint_template;
mod no_secrets;
mod output_json;
mod snapshot;
mod spec_requirements;
