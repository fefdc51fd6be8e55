//! One stack of an app, run by `cicd-dsl-aws` as if it were a stack of its
//! own: every command sees that stack's own items (`AppDef::own_view`),
//! and synthesis goes through the whole app, which is what turns its
//! references to other stacks into imports and gives it the exports other
//! stacks import.
//!
//! The member is a process-wide setting because it is one per process
//! (the app runner starts a `cicd-dsl-aws` per stack) and every command
//! synthesizes through the same `synth_to_disk`.

use crate::{AppDef, StackDef, SynthConfig, SynthError, Template};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What the stack binary hands to `cicd-dsl-aws`: a stack, or one stack of
/// an app (or the whole app, for `ls` and `bootstrap`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Model {
    Member { app: AppDef, member: String },
    Stack(StackDef),
}

static MEMBER: OnceLock<(AppDef, String)> = OnceLock::new();

/// Makes this process run `member` of `app`; returns the stack the
/// commands see.
pub fn enter(app: AppDef, member: String) -> Option<StackDef> {
    let stack = app.own_view(app.stack(&member)?);
    let _ = MEMBER.set((app, member));
    Some(stack)
}

/// The app and stack this process runs, if it runs one stack of an app.
pub fn current() -> Option<(&'static AppDef, &'static str)> {
    MEMBER.get().map(|(app, member)| (app, member.as_str()))
}

/// The template of `stack`: its own, or its part of the app.
pub fn synthesize(stack: &StackDef, config: &SynthConfig) -> Result<Template, SynthError> {
    match MEMBER.get() {
        Some((app, member)) => {
            let templates = cicd_dsl_core::app::synthesize_app(app, config)?;
            Ok(templates
                .template(member)
                .cloned()
                .expect("the member is a stack of the app"))
        }
        None => crate::synthesize(stack, config),
    }
}
