use proc_macro2::Span;
use std::collections::HashMap;

/// Where each item and each of its properties was written, keyed the way
/// the core rules name them (`item`, `field`).
#[derive(Default)]
pub struct Spans {
    items: HashMap<String, Span>,
    fields: HashMap<(String, String), Span>,
}

impl Spans {
    pub fn item(&mut self, item: &str, span: Span) {
        self.items.insert(item.to_owned(), span);
    }

    pub fn field(&mut self, item: &str, field: impl Into<String>, span: Span) {
        self.fields.insert((item.to_owned(), field.into()), span);
    }

    /// The most precise span known: the field, else the item, else the
    /// whole macro call.
    pub fn at(&self, item: &str, field: Option<&str>) -> Span {
        field
            .and_then(|f| self.fields.get(&(item.to_owned(), f.to_owned())))
            .or_else(|| self.items.get(item))
            .copied()
            .unwrap_or_else(Span::call_site)
    }
}
