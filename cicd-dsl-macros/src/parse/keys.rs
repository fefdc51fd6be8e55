//! The key loop every attribute shares: each key once, known keys to the
//! kind's parser, common keys to [`Common`], anything else reported with the
//! nearest key; and, after the loop, the keys the kind cannot do without.

use super::Spans;
use super::common::{COMMON_KEYS, Common};
use super::once::Once;
use super::values::{self, Located};
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

/// An item's resource attribute, as each kind's parser reads it: the key
/// loop with the common keys, and where the item's findings will point.
pub struct ItemAttr<'a> {
    pub cx: &'a Ctxt,
    pub id: &'a str,
    pub attr: &'a Attribute,
    pub common: &'a mut Common,
    pub spans: &'a mut Spans,
}

impl ItemAttr<'_> {
    /// The key loop; the common keys go to [`Common`], the kind's own keys
    /// to `handle`.
    pub fn keys(
        &mut self,
        spec: &KeySpec,
        mut handle: impl FnMut(&mut Key) -> syn::Result<()>,
    ) -> Keys {
        let id = self.id;
        parse_keys(
            self.cx,
            id,
            self.attr,
            spec,
            Some(&mut *self.common),
            &mut *self.spans,
            |name, meta, spans| {
                handle(&mut Key {
                    name,
                    meta,
                    id,
                    spans,
                })
            },
        )
    }

    /// [`Self::keys`], each key recorded at its name first, so that a
    /// finding about a value not read with [`Key`]'s readers (a flag, a
    /// list) still points at its key.
    pub fn recorded_keys(
        &mut self,
        spec: &KeySpec,
        mut handle: impl FnMut(&mut Key) -> syn::Result<()>,
    ) -> Keys {
        self.keys(spec, |key| {
            key.record();
            handle(key)
        })
    }
}

/// One of the kind's own keys. Its readers record where the value was
/// written under the key's name, the path the rules report findings under.
pub struct Key<'k, 'm> {
    pub name: &'k str,
    pub meta: &'k ParseNestedMeta<'m>,
    pub id: &'k str,
    pub spans: &'k mut Spans,
}

impl Key<'_, '_> {
    /// Records the key itself; a value read after replaces it.
    pub fn record(&mut self) {
        self.spans.field(self.id, self.name, self.meta.path.span());
    }

    /// `key = "text"`.
    pub fn string(&mut self) -> syn::Result<String> {
        self.located(values::string(self.meta))
    }

    /// `key = 42`.
    pub fn number(&mut self) -> syn::Result<u32> {
        self.located(values::number(self.meta))
    }

    /// `key = Choice` among named options; `what` names the options in the
    /// error for any other ("a bucket encryption").
    pub fn choice<T: Copy>(&mut self, what: &str, options: &[(&str, T)]) -> syn::Result<T> {
        self.located(values::choice(self.meta, what, options))
    }

    /// `key = Item`: an item of the stack.
    pub fn item(&mut self) -> syn::Result<String> {
        values::item(self.meta, self.id, self.name, self.spans)
    }

    /// `key`, `key = true` or `key = false`.
    pub fn flag(&self) -> syn::Result<bool> {
        values::flag(self.meta)
    }

    fn located<T>(&mut self, value: syn::Result<Located<T>>) -> syn::Result<T> {
        let value = value?;
        self.spans.field(self.id, self.name, value.span);
        Ok(value.value)
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
