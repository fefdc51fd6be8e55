//! The part of cicd-dsl that both the compile-time macros and the runtime use:
//! the resource model, the deployment graph, the rules that check a stack, and
//! the synthesis of a CloudFormation template.
//!
//! Nothing here does I/O: the macros call it from inside `rustc`, and synth
//! must stay a pure function of the stack and its configuration.

pub mod app;
pub mod graph;
pub mod model;
pub mod replacement;
pub mod rules;
pub mod synth;

pub use app::{AppDef, AppStack};
pub use graph::{Cycle, Graph};
pub use model::*;
pub use synth::{SynthConfig, SynthError, Template, check_region, synthesize};
