//! `#[stack(name = "...", description = "...", tags(...))]`.

use super::common::parse_tags;
use super::once::Once;
use super::{Spans, StackHeader, values};
use crate::ctxt::Ctxt;
use cicd_dsl_core::rules::did_you_mean;
use proc_macro2::{Span, TokenStream};
use std::collections::BTreeMap;
use syn::meta::parser;
use syn::parse::Parser;

const KEYS: [&str; 3] = ["name", "description", "tags"];

/// The item under which stack-level fields are recorded.
pub const STACK_ITEM: &str = "";

pub fn parse(cx: &Ctxt, args: TokenStream, spans: &mut Spans) -> StackHeader {
    let mut header = StackHeader {
        name: String::new(),
        description: None,
        tags: BTreeMap::new(),
    };
    let mut name_given = false;
    let mut once = Once::new("`#[stack]`");
    let result = parser(|meta| {
        let ident = meta.path.require_ident()?;
        let key = ident.to_string();
        if KEYS.contains(&key.as_str()) && !once.first(cx, &key, ident.span()) {
            return values::skip_value(&meta);
        }
        match key.as_str() {
            "name" => {
                let name = values::string(&meta)?;
                spans.field(STACK_ITEM, "name", name.span);
                header.name = name.value;
                name_given = true;
            }
            "description" => {
                let text = values::string(&meta)?;
                spans.field(STACK_ITEM, "description", text.span);
                header.description = Some(text.value);
            }
            "tags" => parse_tags(cx, STACK_ITEM, &meta, &mut header.tags, spans)?,
            _ => {
                let help = did_you_mean(&key, KEYS, || {
                    format!("`#[stack]` takes: {}", KEYS.join(", "))
                });
                cx.error_help(
                    meta.path.segments[0].ident.span(),
                    format!("unknown key `{key}` in `#[stack]`"),
                    Some(&help),
                );
                values::skip_value(&meta)?;
            }
        }
        Ok(())
    })
    .parse2(args);
    if let Err(error) = result {
        cx.syn_error(error);
    }
    if !name_given {
        cx.error_help(
            Span::call_site(),
            "a stack needs a name",
            Some("write `#[stack(name = \"my-stack\")]`; configuration can still override it"),
        );
    }
    header
}
