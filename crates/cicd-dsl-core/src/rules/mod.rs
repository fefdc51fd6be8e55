//! The rules that check a stack. Each rule is a function from the stack to
//! findings; the macros run them at compile time (mapping each finding's
//! item and field to the user's token) and `check` runs them over a stack
//! at runtime. One rule, one function, one home.

mod graph;
mod references;
mod suggest;
mod wiring;

pub use suggest::nearest;

use crate::model::StackDef;
use serde::Serialize;

/// How bad a finding is. Errors fail the build; warnings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, located by item and field so that the macros can point at
/// the token the user wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable identifier, used to suppress the finding with a reason.
    pub rule: &'static str,
    pub severity: Severity,
    /// The item (or output) the finding is about.
    pub item: String,
    /// The property within the item, as a dotted path (`role`,
    /// `environment.REPOSITORY_NAME`, `grants.0`); `None` for the item.
    pub field: Option<String>,
    pub message: String,
    /// The fix, in one sentence.
    pub help: Option<String>,
}

impl Finding {
    pub fn error(rule: &'static str, item: &str, field: Option<&str>, message: String) -> Self {
        Finding {
            rule,
            severity: Severity::Error,
            item: item.to_owned(),
            field: field.map(str::to_owned),
            message,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A rule: a pure function from a stack to its findings.
pub type Rule = fn(&StackDef) -> Vec<Finding>;

/// Every rule, in the order their findings are reported.
pub const RULES: &[Rule] = &[
    references::unknown_items,
    references::wrong_kinds,
    references::missing_attributes,
    graph::cycles,
    graph::duplicate_logical_ids,
    graph::duplicate_physical_names,
    wiring::role_assumable_by_user,
];

/// Runs every rule and drops findings the items suppress with a reason.
pub fn check(stack: &StackDef) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULES.iter().flat_map(|rule| rule(stack)).collect();
    findings.retain(|f| {
        stack
            .resource(&f.item)
            .is_none_or(|r| !r.is_suppressed(f.rule))
    });
    findings
}
