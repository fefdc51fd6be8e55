//! Runs the shared rules over the parsed stack and reports each error at
//! the token the user wrote.

use crate::ctxt::Ctxt;
use crate::parse::Parsed;
use cicd_dsl_core::rules::{self, Date, Finding, Severity};
use cicd_dsl_core::{FieldPath, Path, StackDef};
use proc_macro2::Span;

/// A finding that does not fail the build, shown as a compiler warning.
pub struct Warning {
    pub span: Span,
    pub message: String,
}

/// The day of the build, which the rules about time (runtime deprecation)
/// are checked on: `SOURCE_DATE_EPOCH` when the build pins it for
/// reproducibility, else the clock.
pub fn build_day() -> Date {
    let pinned = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    Date::from_unix_seconds(pinned.unwrap_or_else(now))
}

/// Reports errors through `cx` and returns the warnings for `expand` to
/// turn into compiler warnings.
pub fn stack(cx: &Ctxt, parsed: &Parsed, today: Date) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for finding in reported(parsed, today) {
        let span = parsed.spans.at(&spans_path(parsed, &finding));
        let message = format!("{} [{}]", finding.message, finding.rule);
        match finding.severity {
            Severity::Error => cx.error_help(span, message, finding.help.as_deref()),
            Severity::Warning => warnings.push(Warning {
                span,
                message: match &finding.help {
                    Some(help) => format!("{message}; help: {help}"),
                    None => message,
                },
            }),
        }
    }
    warnings
}

/// The findings to report: those that do not merely repeat a parse error.
pub fn reported(parsed: &Parsed, today: Date) -> Vec<Finding> {
    let mut findings = rules::check(&parsed.stack, today);
    findings.retain(|finding| !repeats_a_parse_error(parsed, finding));
    findings
}

/// Where the span of a finding is recorded. Findings about the stack itself
/// name the stack; its spans are recorded under the stack attribute's key.
pub fn spans_path(parsed: &Parsed, finding: &Finding) -> Path {
    let path = finding.path();
    if finding.item == parsed.stack.name && parsed.stack.resource(&finding.item).is_none() {
        path.with_item(crate::parse::STACK_ITEM)
    } else {
        path
    }
}

/// A finding on an item whose attributes had an error, or on a reference
/// to such an item, is a consequence of that error, not a new problem.
fn repeats_a_parse_error(parsed: &Parsed, finding: &Finding) -> bool {
    // `#[stack]` without a name is a parse error ("a stack needs a name").
    let unnamed_stack = finding.rule == "stack-name" && parsed.stack.name.is_empty();
    if unnamed_stack || parsed.errored_items.contains(&finding.item) {
        return true;
    }
    let Some(field) = &finding.field else {
        return false;
    };
    reference_target(&parsed.stack, &finding.item, field)
        .is_some_and(|target| parsed.errored_items.contains(&target))
}

fn reference_target(stack: &StackDef, item: &str, field: &FieldPath) -> Option<String> {
    stack
        .all_references()
        .into_iter()
        .find(|(from, r)| *from == item && r.field == *field)
        .map(|(_, r)| r.target.item)
}
