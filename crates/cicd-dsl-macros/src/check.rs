//! Runs the shared rules over the parsed stack and reports each error at
//! the token the user wrote.

use crate::ctxt::Ctxt;
use crate::parse::Parsed;
use cicd_dsl_core::StackDef;
use cicd_dsl_core::rules::{self, Finding, Severity};

pub fn stack(cx: &Ctxt, parsed: &Parsed) {
    for finding in rules::check(&parsed.stack) {
        if finding.severity != Severity::Error || repeats_a_parse_error(parsed, &finding) {
            continue;
        }
        let span = parsed.spans.at(&finding.item, finding.field.as_deref());
        let message = format!("{} [{}]", finding.message, finding.rule);
        cx.error_help(span, message, finding.help.as_deref());
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
