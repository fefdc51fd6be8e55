//! Runs the shared rules over the parsed stack and reports each error at
//! the token the user wrote.

use crate::ctxt::Ctxt;
use crate::parse::Parsed;
use cicd_dsl_core::StackDef;
use cicd_dsl_core::rules::{self, Finding, Severity};
use proc_macro2::Span;

/// A finding that does not fail the build, shown as a compiler warning.
pub struct Warning {
    pub span: Span,
    pub message: String,
}

/// Reports errors through `cx` and returns the warnings for `expand` to
/// turn into compiler warnings.
pub fn stack(cx: &Ctxt, parsed: &Parsed) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for finding in rules::check(&parsed.stack) {
        if repeats_a_parse_error(parsed, &finding) {
            continue;
        }
        let span = parsed
            .spans
            .at(spans_item(parsed, &finding.item), finding.field.as_deref());
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

/// Findings about the stack itself name the stack; its spans are recorded
/// under the stack attribute's key.
fn spans_item<'a>(parsed: &Parsed, item: &'a str) -> &'a str {
    if item == parsed.stack.name && parsed.stack.resource(item).is_none() {
        crate::parse::STACK_ITEM
    } else {
        item
    }
}

/// A finding on an item whose attributes had an error, or on a reference
/// to such an item, is a consequence of that error, not a new problem.
fn repeats_a_parse_error(parsed: &Parsed, finding: &Finding) -> bool {
    if parsed.errored_items.contains(&finding.item) {
        return true;
    }
    let Some(field) = &finding.field else {
        return false;
    };
    reference_target(&parsed.stack, &finding.item, field)
        .is_some_and(|target| parsed.errored_items.contains(&target))
}

fn reference_target(stack: &StackDef, item: &str, field: &str) -> Option<String> {
    stack
        .all_references()
        .into_iter()
        .find(|(from, r)| *from == item && r.field == field)
        .map(|(_, r)| r.target.item)
}
