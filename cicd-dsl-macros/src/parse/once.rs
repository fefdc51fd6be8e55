//! Every key once: a key given twice in one list is an error at the second,
//! where before the last one silently won.

use crate::ctxt::Ctxt;
use proc_macro2::Span;
use std::collections::HashSet;

pub struct Once {
    /// How the list reads in the message: "`#[bucket]`", "`tags(...)`".
    list: String,
    help: String,
    seen: HashSet<String>,
}

impl Once {
    pub fn new(list: impl Into<String>) -> Self {
        Once {
            list: list.into(),
            help: "each key takes one value; remove one of the two".to_owned(),
            seen: HashSet::new(),
        }
    }

    /// The fix, where "remove one of the two" is not the whole story.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// Whether `key` is new to the list; if not, reports it at `span` (the
    /// second occurrence) and the caller skips its value.
    pub fn first(&mut self, cx: &Ctxt, key: &str, span: Span) -> bool {
        if self.seen.insert(key.to_owned()) {
            return true;
        }
        cx.error_help(
            span,
            format!("`{key}` is given twice in {}", self.list),
            Some(&self.help),
        );
        false
    }
}
