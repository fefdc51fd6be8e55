//! `#[suppress(rule, reason = "...")]`: a finding accepted on one item,
//! with the reason that lands in the template metadata.

use super::Spans;
use super::common::Common;
use super::once::Once;
use crate::ctxt::Ctxt;
use cicd_dsl_core::rules::{RULE_IDS, did_you_mean, is_suppressible_id};
use cicd_dsl_core::{FieldPath, Suppression};
use syn::{Attribute, LitStr};

/// Reads every `#[suppress]` of one item; a rule suppressed twice is an
/// error at the second.
pub fn parse_suppressions(
    cx: &Ctxt,
    id: &str,
    attrs: &[Attribute],
    common: &mut Common,
    spans: &mut Spans,
) {
    let mut once = Once::new(format!("the `#[suppress]` attributes of `{id}`"))
        .with_help("suppress a rule once, with the reason that applies");
    for attr in attrs {
        parse_suppress(cx, id, attr, &mut once, common, spans);
    }
}

/// The rule id may be written bare (`bucket-encryption`, `CKV_AWS_18`) or
/// quoted.
fn parse_suppress(
    cx: &Ctxt,
    id: &str,
    attr: &Attribute,
    once: &mut Once,
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
        let help = did_you_mean(&rule, RULE_IDS.iter().copied(), || {
            "use a rule id from the error you want to accept (shown in brackets), a checkov id (`CKV_AWS_18`) or a cfn-lint id (`W3005`)".to_owned()
        });
        return cx.error_help(span, format!("`{rule}` is not a rule id"), Some(&help));
    }
    if !once.first(cx, &rule, span) {
        return;
    }
    match reason {
        Some(reason) if !reason.trim().is_empty() => {
            spans.field(id, FieldPath::suppression(&rule), span);
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
