//! Accumulates errors so one build reports every problem of a stack, each
//! at its own span, rather than stopping at the first.

use proc_macro2::{Span, TokenStream};
use std::cell::RefCell;
use std::fmt::Display;

#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    pub fn new() -> Self {
        Ctxt::default()
    }

    pub fn error(&self, span: Span, message: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new(span, message.to_string()));
    }

    /// An error with a `help:` line, laid out as rustc lays out its own.
    pub fn error_help(&self, span: Span, message: impl Display, help: Option<&str>) {
        match help {
            Some(help) => self.error(span, format!("{message}\n\n= help: {help}")),
            None => self.error(span, message),
        }
    }

    pub fn syn_error(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    pub fn error_count(&self) -> usize {
        self.errors.borrow().len()
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.borrow().is_empty()
    }

    /// All errors as `compile_error!` invocations.
    pub fn into_compile_errors(self) -> TokenStream {
        self.errors
            .into_inner()
            .into_iter()
            .map(|e| e.to_compile_error())
            .collect()
    }
}
