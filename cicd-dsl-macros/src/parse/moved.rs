//! `#[moved(from = OldName)]`: the item was called `OldName` before, so
//! `deploy` moves the deployed resource to the new logical id instead of
//! deleting it and creating a new one (for a bucket, losing its data).

use crate::ctxt::Ctxt;
use std::collections::BTreeMap;
use syn::{Attribute, Ident};

/// One item's `#[moved]`: the old name, as written (for its span).
pub struct MovedFrom {
    pub item: Ident,
    pub from: Ident,
}

/// Reads the `#[moved]` attributes of one item: at most one, naming
/// another item.
pub fn parse(cx: &Ctxt, item: &Ident, attrs: &[Attribute]) -> Option<MovedFrom> {
    let mut found: Option<MovedFrom> = None;
    for attr in attrs {
        let parsed = attr.parse_args_with(|input: syn::parse::ParseStream| {
            let key: Ident = input.parse()?;
            if key != "from" {
                return Err(syn::Error::new(
                    key.span(),
                    "expected `from = OldName`: the name this item had before",
                ));
            }
            input.parse::<syn::Token![=]>()?;
            let from: Ident = input.parse()?;
            if !input.is_empty() {
                return Err(input.error("`#[moved]` takes one `from = OldName`"));
            }
            Ok(from)
        });
        let from = match parsed {
            Ok(from) => from,
            Err(error) => {
                cx.syn_error(error);
                continue;
            }
        };
        if from == *item {
            cx.error_help(
                from.span(),
                format!("`{item}` cannot be moved from itself"),
                Some("name the item's previous name: `#[moved(from = OldName)]`"),
            );
        } else if found.is_some() {
            cx.error_help(
                attr.path().segments[0].ident.span(),
                format!("`{item}` already has a `#[moved]`"),
                Some("an item moves from one previous name; keep the one the deployed stack holds"),
            );
        } else {
            found = Some(MovedFrom {
                item: item.clone(),
                from,
            });
        }
    }
    found
}

/// Checks the moves of the whole stack against its items: the old name
/// must not still be an item (the resource cannot be in two places), and
/// two items cannot come from the same one. Returns new id -> old id.
pub fn check(cx: &Ctxt, moves: &[MovedFrom], items: &[String]) -> BTreeMap<String, String> {
    let mut moved = BTreeMap::new();
    let mut sources: BTreeMap<String, &Ident> = BTreeMap::new();
    for m in moves {
        let (item, from) = (m.item.to_string(), m.from.to_string());
        if items.contains(&from) {
            cx.error_help(
                m.from.span(),
                format!("`{item}` is moved from `{from}`, but `{from}` is still an item of this stack"),
                Some(&format!(
                    "remove `{from}` (its deployed resource becomes `{item}` on the next deploy), or remove `#[moved(from = {from})]` to keep both"
                )),
            );
            continue;
        }
        if let Some(first) = sources.get(&from) {
            cx.error_help(
                m.from.span(),
                format!("`{from}` is already moved to `{first}`; one resource cannot become two items"),
                Some(&format!(
                    "keep `#[moved(from = {from})]` on the one item that takes over the deployed resource"
                )),
            );
            continue;
        }
        sources.insert(from.clone(), &m.item);
        moved.insert(item, from);
    }
    moved
}
