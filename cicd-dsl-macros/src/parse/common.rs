//! Settings every resource item accepts: description, removal policy,
//! explicit dependencies, tags and suppressions.

use super::Spans;
use super::once::Once;
use super::values;
use crate::ctxt::Ctxt;
use cicd_dsl_core::{FieldPath, Removal, Suppression};
use std::collections::BTreeMap;
use syn::LitStr;
use syn::meta::ParseNestedMeta;

pub const COMMON_KEYS: [&str; 4] = ["description", "removal", "depends_on", "tags"];

pub struct Common {
    pub description: Option<String>,
    pub removal: Option<Removal>,
    pub tags: BTreeMap<String, String>,
    pub depends_on: Vec<String>,
    pub suppressions: Vec<Suppression>,
}

impl Common {
    pub fn new(doc: Option<String>) -> Self {
        Common {
            description: doc,
            removal: None,
            tags: BTreeMap::new(),
            depends_on: Vec::new(),
            suppressions: Vec::new(),
        }
    }

    pub(super) fn parse(
        &mut self,
        cx: &Ctxt,
        id: &str,
        key: &str,
        meta: &ParseNestedMeta,
        spans: &mut Spans,
    ) -> syn::Result<()> {
        match key {
            "description" => {
                let text = values::string(meta)?;
                spans.field(id, "description", text.span);
                self.description = Some(text.value);
            }
            "removal" => {
                let choice = values::ident(meta)?;
                spans.field(id, "removal", choice.span());
                self.removal = Some(match choice.to_string().as_str() {
                    "Retain" => Removal::Retain,
                    "Destroy" => Removal::Destroy,
                    other => {
                        return Err(syn::Error::new(
                            choice.span(),
                            format!(
                                "`{other}` is not a removal policy\n\n= help: use `Retain` or `Destroy`"
                            ),
                        ));
                    }
                });
            }
            "depends_on" => {
                for (i, item) in values::idents(meta)?.into_iter().enumerate() {
                    spans.field(id, FieldPath::depends_on(i), item.span());
                    self.depends_on.push(item.to_string());
                }
            }
            "tags" => parse_tags(cx, id, meta, &mut self.tags, spans)?,
            _ => unreachable!("only common keys reach here"),
        }
        Ok(())
    }
}

/// `tags(Key = "value", "aws:or-any:key" = "value")`, each key once.
/// Keys may be quoted, since tag keys allow characters identifiers do not.
pub fn parse_tags(
    cx: &Ctxt,
    id: &str,
    meta: &ParseNestedMeta,
    tags: &mut BTreeMap<String, String>,
    spans: &mut Spans,
) -> syn::Result<()> {
    let content;
    syn::parenthesized!(content in meta.input);
    let mut once = Once::new("`tags(...)`");
    while !content.is_empty() {
        let (key, span) = values::quoted_or_ident_key(&content)?;
        content.parse::<syn::Token![=]>()?;
        let value: LitStr = content.parse()?;
        if once.first(cx, &key, span) {
            spans.field(id, FieldPath::tag(&key), span);
            tags.insert(key, value.value());
        }
        if !content.is_empty() {
            content.parse::<syn::Token![,]>()?;
        }
    }
    Ok(())
}
