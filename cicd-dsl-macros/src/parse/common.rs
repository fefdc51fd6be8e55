//! Settings every resource item accepts, and the key loop that every
//! resource attribute shares: known keys go to the kind's parser, common
//! keys are read here, anything else is reported with the nearest key.

use super::Spans;
use super::values;
use crate::ctxt::Ctxt;
use cicd_dsl_core::rules::{RULE_IDS, is_suppressible_id, nearest};
use cicd_dsl_core::{Removal, Suppression};
use std::collections::BTreeMap;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr};

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

    fn parse(
        &mut self,
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
                    spans.field(id, format!("depends_on.{i}"), item.span());
                    self.depends_on.push(item.to_string());
                }
            }
            "tags" => parse_tags(id, meta, &mut self.tags, spans)?,
            _ => unreachable!("only common keys reach here"),
        }
        Ok(())
    }
}

/// `tags(Key = "value", "aws:or-any:key" = "value")`; spans are recorded
/// as `tags.<Key>`. Keys may be quoted, since tag keys allow characters
/// identifiers do not.
pub fn parse_tags(
    id: &str,
    meta: &ParseNestedMeta,
    tags: &mut BTreeMap<String, String>,
    spans: &mut Spans,
) -> syn::Result<()> {
    let content;
    syn::parenthesized!(content in meta.input);
    while !content.is_empty() {
        let (key, span) = if content.peek(LitStr) {
            let lit: LitStr = content.parse()?;
            (lit.value(), lit.span())
        } else {
            let ident: syn::Ident = content.call(syn::ext::IdentExt::parse_any)?;
            (ident.to_string(), ident.span())
        };
        content.parse::<syn::Token![=]>()?;
        let value: LitStr = content.parse()?;
        spans.field(id, format!("tags.{key}"), span);
        tags.insert(key, value.value());
        if !content.is_empty() {
            content.parse::<syn::Token![,]>()?;
        }
    }
    Ok(())
}

/// Reads `#[attribute(key = value, ...)]`, handing known keys to `handle`
/// and reporting unknown ones on their own token. Returns whether it found
/// no problem, so callers do not add "missing key" errors after a key whose
/// value was already reported as wrong.
#[allow(clippy::too_many_arguments)]
pub fn parse_keys(
    cx: &Ctxt,
    id: &str,
    attr: &Attribute,
    attribute: &str,
    keys: &[&str],
    mut common: Option<&mut Common>,
    spans: &mut Spans,
    mut handle: impl FnMut(&str, &ParseNestedMeta, &mut Spans) -> syn::Result<()>,
) -> bool {
    if matches!(attr.meta, syn::Meta::Path(_)) {
        return true;
    }
    let errors_before = cx.error_count();
    let result = attr.parse_nested_meta(|meta| {
        let key = meta.path.require_ident()?.to_string();
        if keys.contains(&key.as_str()) {
            return handle(&key, &meta, spans);
        }
        if let Some(common) = common.as_deref_mut()
            && COMMON_KEYS.contains(&key.as_str())
        {
            return common.parse(id, &key, &meta, spans);
        }
        let mut known: Vec<&str> = keys.to_vec();
        if common.is_some() {
            known.extend(COMMON_KEYS);
        }
        let help = match nearest(&key, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("`#[{attribute}]` takes: {}", known.join(", ")),
        };
        cx.error_help(
            meta.path.segments[0].ident.span(),
            format!("unknown key `{key}` in `#[{attribute}]`"),
            Some(&help),
        );
        values::skip_value(&meta)
    });
    if let Err(error) = result {
        cx.syn_error(error);
    }
    cx.error_count() == errors_before
}

/// `#[suppress(rule, reason = "...")]`: accepts a finding on this item.
/// The rule id may be written bare (`bucket-encryption`, `CKV_AWS_18`) or
/// quoted.
pub fn parse_suppress(
    cx: &Ctxt,
    id: &str,
    attr: &Attribute,
    common: &mut Common,
    spans: &mut Spans,
) {
    let result = attr.parse_args_with(|input: syn::parse::ParseStream| {
        let (rule, span) = rule_id(input)?;
        let reason = if input.is_empty() {
            None
        } else {
            input.parse::<syn::Token![,]>()?;
            let key: syn::Ident = input.parse()?;
            if key != "reason" {
                return Err(syn::Error::new(key.span(), "expected `reason = \"...\"`"));
            }
            input.parse::<syn::Token![=]>()?;
            let text: LitStr = input.parse()?;
            Some(text.value())
        };
        Ok((rule, span, reason))
    });
    let (rule, span, reason) = match result {
        Ok(parsed) => parsed,
        Err(error) => return cx.syn_error(error),
    };
    if !is_suppressible_id(&rule) {
        let help = match nearest(&rule, RULE_IDS.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "use a rule id from the error you want to accept (shown in brackets), a checkov id (`CKV_AWS_18`) or a cfn-lint id (`W3005`)".to_owned(),
        };
        return cx.error_help(span, format!("`{rule}` is not a rule id"), Some(&help));
    }
    match reason {
        Some(reason) if !reason.trim().is_empty() => {
            spans.field(id, format!("suppress.{rule}"), span);
            common.suppressions.push(Suppression { rule, reason });
        }
        _ => cx.error_help(
            span,
            format!("suppressing `{rule}` needs a reason"),
            Some(&format!(
                "write `#[suppress({rule}, reason = \"why this is acceptable here\")]`; the reason lands in the template metadata"
            )),
        ),
    }
}

/// A rule id: a string literal, or identifiers joined by `-`.
fn rule_id(input: syn::parse::ParseStream) -> syn::Result<(String, proc_macro2::Span)> {
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        return Ok((lit.value(), lit.span()));
    }
    let first: syn::Ident = input.call(syn::ext::IdentExt::parse_any)?;
    let span = first.span();
    let mut id = first.to_string();
    while input.peek(syn::Token![-]) {
        input.parse::<syn::Token![-]>()?;
        let part: syn::Ident = input.call(syn::ext::IdentExt::parse_any)?;
        id.push('-');
        id.push_str(&part.to_string());
    }
    Ok((id, span))
}
