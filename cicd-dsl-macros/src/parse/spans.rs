use cicd_dsl_core::{FieldPath, Path};
use proc_macro2::Span;
use std::collections::HashMap;

/// Where each item and each of its properties was written, under the same
/// [`Path`] the core rules report findings under.
#[derive(Default)]
pub struct Spans {
    paths: HashMap<Path, Span>,
}

impl Spans {
    pub fn item(&mut self, item: &str, span: Span) {
        self.paths.insert(Path::item(item), span);
    }

    /// Records `span` for a property; a later, more precise token (the
    /// value after its key) replaces an earlier one.
    pub fn field(&mut self, item: &str, field: impl Into<FieldPath>, span: Span) {
        self.paths.insert(Path::new(item, field), span);
    }

    /// Records every span of `item` under `alias` as well: an output is
    /// written on an item, and findings name it by the output's name.
    pub fn alias(&mut self, item: &str, alias: &str) {
        let copies: Vec<(Path, Span)> = self
            .paths
            .iter()
            .filter(|(path, _)| path.item_name() == item)
            .map(|(path, span)| (path.clone().with_item(alias), *span))
            .collect();
        self.paths.extend(copies);
    }

    /// Copies the spans of `other` whose path `keep` accepts (an app
    /// gathers its stacks' spans into one table).
    pub fn extend_from(&mut self, other: &Spans, keep: impl Fn(&Path) -> bool) {
        let copies = other.paths.iter().filter(|(path, _)| keep(path));
        self.paths
            .extend(copies.map(|(path, span)| (path.clone(), *span)));
    }

    /// The span recorded for exactly this path.
    pub fn exact(&self, path: &Path) -> Option<Span> {
        self.paths.get(path).copied()
    }

    /// The span of the path, else of its item, else of the whole macro call.
    pub fn at(&self, path: &Path) -> Span {
        self.exact(path)
            .or_else(|| self.exact(&Path::item(path.item_name())))
            .unwrap_or_else(Span::call_site)
    }
}
