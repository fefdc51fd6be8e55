//! `#[resource(AWS::SQS::Queue, VisibilityTimeout = 180, ...)]`: a generic
//! item. The type path first, then `Key = value` pairs whose keys are
//! CloudFormation's property names (PascalCase) or the DSL's own common
//! keys (snake_case: `description`, `removal`, `depends_on`, `tags`).
//!
//! Spans: each value is recorded under its path (`field` per object entry,
//! `index` per list element), each entry's name under `key(name)` of the
//! object that holds it, and the type under `type`; the schema rules report
//! under the same paths (`cicd_dsl_core::rules::schema`).

use super::Spans;
use super::common::{COMMON_KEYS, Common};
use super::keys::ItemAttr;
use super::once::Once;
use super::values;
use crate::ctxt::Ctxt;
use cicd_dsl_core::rules::schema::type_path;
use cicd_dsl_core::{Attr, FieldPath, Generic, ItemRef, PropValue, ResourceKind, SubPart};
use proc_macro2::TokenStream;
use std::collections::BTreeMap;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::parse::Parser;
use syn::{Ident, LitStr, Token};

const EXPECTED_VALUE: &str = "expected a value: a string, a number, `true`/`false`, a list `[a, b]`, an object `{ Key = value }`, an item (`Queue`, `Queue.arn()`, `Queue.attr(\"QueueUrl\")`) or `sub(\"...${Item.Attr}...\")`";

/// Reads a generic item; `None` when the attribute does not parse.
pub fn generic(item: &mut ItemAttr) -> Option<ResourceKind> {
    let (cx, attr) = (item.cx, item.attr);
    if matches!(attr.meta, syn::Meta::Path(_)) {
        cx.error_help(
            attr.path().segments[0].ident.span(),
            "`#[resource]` needs a CloudFormation type",
            Some("write the type first: `#[resource(AWS::SQS::Queue, VisibilityTimeout = 60)]`"),
        );
        return None;
    }
    let mut reader = Reader {
        cx,
        id: item.id,
        spans: &mut *item.spans,
        common: &mut *item.common,
    };
    match attr.parse_args_with(|input: ParseStream| reader.attribute(input)) {
        Ok(generic) => Some(ResourceKind::Generic(generic)),
        Err(error) => {
            cx.syn_error(error);
            None
        }
    }
}

struct Reader<'a> {
    cx: &'a Ctxt,
    id: &'a str,
    spans: &'a mut Spans,
    common: &'a mut Common,
}

impl Reader<'_> {
    fn attribute(&mut self, input: ParseStream) -> syn::Result<Generic> {
        let written = input.call(syn::Path::parse_mod_style).map_err(|e| {
            syn::Error::new(
                e.span(),
                "`#[resource]` starts with a CloudFormation type, such as `AWS::SQS::Queue`",
            )
        })?;
        let type_name = written
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::");
        let last = written.segments.last().map(|s| s.ident.span());
        self.spans
            .field(self.id, type_path(), last.unwrap_or_else(|| input.span()));
        let mut properties = BTreeMap::new();
        let mut once = Once::new("`#[resource]`");
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key = input.call(Ident::parse_any)?;
            let name = key.to_string();
            let fresh = once.first(self.cx, &name, key.span());
            if COMMON_KEYS.contains(&name.as_str()) {
                // The common keys read as nested meta (`removal = Retain`,
                // `tags(...)`): hand that entry's tokens to their parser.
                let mut tokens: TokenStream = quote::ToTokens::to_token_stream(&key);
                while !input.is_empty() && !input.peek(Token![,]) {
                    tokens.extend([input.parse::<proc_macro2::TokenTree>()?]);
                }
                if fresh {
                    let (cx, id, common, spans) =
                        (self.cx, self.id, &mut *self.common, &mut *self.spans);
                    syn::meta::parser(|meta| common.parse(cx, id, &name, &meta, spans))
                        .parse2(tokens)?;
                }
                continue;
            }
            let typo = misspelled_common_key(&name);
            if let Some(common) = typo {
                self.cx.error_help(
                    key.span(),
                    format!("unknown key `{name}` in `#[resource]`"),
                    Some(&format!(
                        "did you mean `{common}`? (the DSL's own keys are snake_case; CloudFormation's properties are spelled as CloudFormation spells them)"
                    )),
                );
            }
            input.parse::<Token![=]>()?;
            self.spans
                .field(self.id, FieldPath::root().key(&name), key.span());
            let value = self.value(input, FieldPath::root().field(&name))?;
            if !input.is_empty() && !input.peek(Token![,]) {
                return Err(syn::Error::new(
                    input.span(),
                    format!(
                        "unexpected tokens after the value of `{name}`\n\n= help: {EXPECTED_VALUE}; Rust expressions are not evaluated here"
                    ),
                ));
            }
            if fresh && typo.is_none() {
                properties.insert(name, value);
            }
        }
        Ok(Generic {
            type_name,
            properties,
        })
    }

    fn value(&mut self, input: ParseStream, at: FieldPath) -> syn::Result<PropValue> {
        let lookahead = input.lookahead1();
        if lookahead.peek(syn::token::Bracket) {
            let content;
            let brackets = syn::bracketed!(content in input);
            self.spans.field(self.id, at.clone(), brackets.span.join());
            let mut items = Vec::new();
            while !content.is_empty() {
                items.push(self.value(&content, at.clone().index(items.len()))?);
                if !content.is_empty() {
                    content.parse::<Token![,]>()?;
                }
            }
            return Ok(PropValue::List(items));
        }
        if lookahead.peek(syn::token::Brace) {
            let content;
            let braces = syn::braced!(content in input);
            self.spans.field(self.id, at.clone(), braces.span.join());
            return self.object(&content, at);
        }
        if lookahead.peek(Token![-]) {
            let minus = input.parse::<Token![-]>()?;
            let digits = number(input)?;
            self.spans.field(self.id, at, minus.span);
            return Ok(PropValue::Number(format!("-{digits}")));
        }
        if lookahead.peek(syn::Lit) {
            let lit: syn::Lit = input.parse()?;
            self.spans.field(self.id, at, lit.span());
            return match lit {
                syn::Lit::Str(s) => Ok(PropValue::String(s.value())),
                syn::Lit::Int(i) => Ok(PropValue::Number(i.base10_digits().to_owned())),
                syn::Lit::Float(f) => Ok(PropValue::Number(f.base10_digits().to_owned())),
                syn::Lit::Bool(b) => Ok(PropValue::Bool(b.value)),
                other => Err(syn::Error::new(other.span(), EXPECTED_VALUE)),
            };
        }
        if lookahead.peek(Ident) {
            return self.reference(input, at);
        }
        Err(syn::Error::new(input.span(), EXPECTED_VALUE))
    }

    /// `{ Key = value, "aws:SourceArn" = value }`, each key once.
    fn object(&mut self, content: ParseStream, at: FieldPath) -> syn::Result<PropValue> {
        let mut entries = Vec::new();
        let mut once = Once::new("this object");
        while !content.is_empty() {
            let (key, span) = values::quoted_or_ident_key(content)?;
            content.parse::<Token![=]>()?;
            let fresh = once.first(self.cx, &key, span);
            self.spans.field(self.id, at.clone().key(&key), span);
            let value = self.value(content, at.clone().field(&key))?;
            if fresh {
                entries.push((key, value));
            }
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
        }
        Ok(PropValue::Object(entries))
    }

    /// `Item`, `Item.arn()`, `Item.name()`, `Item.uri()`,
    /// `Item.attr("QueueUrl")` or `sub("...")`.
    fn reference(&mut self, input: ParseStream, at: FieldPath) -> syn::Result<PropValue> {
        let item: Ident = input.parse()?;
        if item == "sub" && input.peek(syn::token::Paren) {
            let content;
            syn::parenthesized!(content in input);
            let text: LitStr = content.parse()?;
            self.spans.field(self.id, at, text.span());
            return Ok(PropValue::Sub(SubPart::parse(&text.value())));
        }
        if !input.peek(Token![.]) {
            self.spans.field(self.id, at, item.span());
            return Ok(PropValue::Ref(ItemRef::new(item.to_string(), Attr::Name)));
        }
        input.parse::<Token![.]>()?;
        let method: Ident = input.parse()?;
        let content;
        syn::parenthesized!(content in input);
        let attr = match method.to_string().as_str() {
            "name" => Attr::Name,
            "arn" => Attr::Arn,
            "uri" => Attr::Uri,
            "attr" => {
                let name: LitStr = content.parse()?;
                self.spans.field(self.id, at.clone(), name.span());
                Attr::Get(name.value())
            }
            other => {
                return Err(syn::Error::new(
                    method.span(),
                    format!(
                        "`{other}()` is not a value of an item\n\n= help: use `{item}` (Ref), `{item}.arn()`, `{item}.name()` or `{item}.attr(\"Attribute\")` (Fn::GetAtt)"
                    ),
                ));
            }
        };
        if !content.is_empty() && !matches!(attr, Attr::Get(_)) {
            return Err(syn::Error::new(
                content.span(),
                format!("`{method}()` takes no arguments"),
            ));
        }
        if !matches!(attr, Attr::Get(_)) {
            self.spans.field(self.id, at, item.span());
        }
        Ok(PropValue::Ref(ItemRef::new(item.to_string(), attr)))
    }
}

/// A lowercase key close to one of the DSL's own (`removall`): a typo of
/// it rather than a CloudFormation property, whose names start uppercase.
fn misspelled_common_key(key: &str) -> Option<&'static str> {
    if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    cicd_dsl_core::rules::nearest(key, COMMON_KEYS.iter().copied())
}

/// The digits of an integer or float literal.
fn number(input: ParseStream) -> syn::Result<String> {
    let lit: syn::Lit = input.parse()?;
    match &lit {
        syn::Lit::Int(i) => Ok(i.base10_digits().to_owned()),
        syn::Lit::Float(f) => Ok(f.base10_digits().to_owned()),
        other => Err(syn::Error::new(other.span(), "expected a number after `-`")),
    }
}
