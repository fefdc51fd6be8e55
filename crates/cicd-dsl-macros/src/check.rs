//! Runs the shared rules over the parsed stack and reports each error at
//! the token the user wrote.

use crate::ctxt::Ctxt;
use crate::parse::Spans;
use cicd_dsl_core::StackDef;
use cicd_dsl_core::rules::{self, Severity};

pub fn stack(cx: &Ctxt, stack: &StackDef, spans: &Spans) {
    for finding in rules::check(stack) {
        if finding.severity != Severity::Error {
            continue;
        }
        let span = spans.at(&finding.item, finding.field.as_deref());
        let message = format!("{} [{}]", finding.message, finding.rule);
        cx.error_help(span, message, finding.help.as_deref());
    }
}
