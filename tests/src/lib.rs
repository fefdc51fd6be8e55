//! The test support every crate's tests share, and (in `ui/`) the suite of
//! the compile-time checks' messages.
//!
//! Crates add this package as a dev-dependency and get, once:
//! - [`paths`]: the workspace root and the tools in the project's venvs;
//! - [`endpoint`]: the local AWS endpoint (moto extended by `local-aws/`,
//!   started by `cicd_local`, the way `--local` starts it), one per test;
//! - [`routes`]: the endpoint's routes beyond the AWS APIs (test faults,
//!   CodePipeline jobs, signature checks, stored data);
//! - [`clients`]: SDK configuration for the endpoint, and a runtime;
//! - [`http`]: plain HTTP below the SDK (the endpoint's routes, Query API
//!   form bodies);
//! - [`cfn`]: what the stacks' template tests read alike (actions, a
//!   private bucket);
//! - [`judges`]: cfn-lint and checkov on a synthesized template;
//! - [`local_run`]: a stack binary run with `--local`, as a user runs it;
//! - [`boto3`]: a Python script reading or writing through the endpoint's
//!   AWS APIs;
//! - [`bad_input_table`]: the table of docs/bad-input.md the bad-input
//!   tests run.
//!
//! `ui/` holds the compile cases (`ui/pass`, `ui/fail`): every mistake the
//! DSL knows before a deploy must be a compile error at the user's own
//! token, with a help line, and these cases pin the exact text. Regenerate
//! the `.stderr` files with `CICD_DSL_UI=overwrite` and read them.

pub mod bad_input_table;
pub mod boto3;
pub mod cfn;
pub mod clients;
pub mod endpoint;
pub mod http;
pub mod judges;
pub mod local_run;
pub mod paths;
pub mod routes;
