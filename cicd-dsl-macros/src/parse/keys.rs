//! The key loop every attribute shares: each key once, known keys to the
//! kind's parser, common keys to [`Common`], anything else reported with the
//! nearest key; and, after the loop, the keys the kind cannot do without.

use super::Spans;
use super::common::{COMMON_KEYS, Common};
use super::once::Once;
use super::values;
use crate::ctxt::Ctxt;
use cicd_dsl_core::rules::did_you_mean;
use proc_macro2::Span;
use std::fmt::Display;
use syn::Attribute;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;

/// The keys one attribute takes.
pub struct KeySpec<'a> {
    /// The attribute's name as users write it: `bucket`, `source`.
    pub attribute: &'a str,
    pub keys: &'a [&'a str],
    /// Keys that may be given more than once, each adding to a list
    /// (`allow(...)` adds a statement); every other key is once only.
    pub repeatable: &'a [&'a str],
}

impl<'a> KeySpec<'a> {
    pub const fn new(attribute: &'a str, keys: &'a [&'a str]) -> Self {
        KeySpec {
            attribute,
            keys,
            repeatable: &[],
        }
    }
}

/// What the key loop learned besides the values: whether the attribute had
/// an error, and where it was written.
pub struct Keys {
    clean: bool,
    span: Span,
}

impl Keys {
    /// `value`, or an error at the attribute saying what is missing. After
    /// another error in the attribute the missing key is likely its
    /// consequence (a value that failed to parse), so nothing is added.
    pub fn require<T>(
        &self,
        cx: &Ctxt,
        value: Option<T>,
        message: impl Display,
        help: &str,
    ) -> Option<T> {
        if value.is_none() && self.clean {
            cx.error_help(self.span, message, Some(help));
        }
        value
    }
}

/// Reads `#[attribute(key = value, ...)]`, handing known keys to `handle`.
pub fn parse_keys(
    cx: &Ctxt,
    id: &str,
    attr: &Attribute,
    spec: &KeySpec,
    mut common: Option<&mut Common>,
    spans: &mut Spans,
    mut handle: impl FnMut(&str, &ParseNestedMeta, &mut Spans) -> syn::Result<()>,
) -> Keys {
    let span = attr.path().span();
    if matches!(attr.meta, syn::Meta::Path(_)) {
        return Keys { clean: true, span };
    }
    let errors_before = cx.error_count();
    let mut once = Once::new(format!("`#[{}]`", spec.attribute));
    let result = attr.parse_nested_meta(|meta| {
        let ident = meta.path.require_ident()?;
        let key = ident.to_string();
        let is_common = common.is_some() && COMMON_KEYS.contains(&key.as_str());
        if !spec.keys.contains(&key.as_str()) && !is_common {
            unknown_key(cx, spec, common.is_some(), &key, ident.span());
            return values::skip_value(&meta);
        }
        if !spec.repeatable.contains(&key.as_str()) && !once.first(cx, &key, ident.span()) {
            return values::skip_value(&meta);
        }
        match common.as_deref_mut() {
            Some(common) if is_common => common.parse(cx, id, &key, &meta, spans),
            _ => handle(&key, &meta, spans),
        }
    });
    if let Err(error) = result {
        cx.syn_error(error);
    }
    Keys {
        clean: cx.error_count() == errors_before,
        span,
    }
}

fn unknown_key(cx: &Ctxt, spec: &KeySpec, with_common: bool, key: &str, span: Span) {
    let mut known: Vec<&str> = spec.keys.to_vec();
    if with_common {
        known.extend(COMMON_KEYS);
    }
    let help = did_you_mean(key, known.iter().copied(), || {
        format!("`#[{}]` takes: {}", spec.attribute, known.join(", "))
    });
    cx.error_help(
        span,
        format!("unknown key `{key}` in `#[{}]`", spec.attribute),
        Some(&help),
    );
}
