//! Readers for attribute values: strings, numbers, flags, enum-like
//! identifiers, item references and reference expressions such as
//! `Images.name()`.

use super::once::Once;
use crate::ctxt::Ctxt;
use cicd_dsl_core::rules::did_you_mean;
use cicd_dsl_core::{Access, Attr, FieldPath, ItemRef, Value};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, ExprMethodCall, Ident, Lit, LitStr, Token};

/// A value together with where the user wrote it.
#[derive(Clone)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

pub fn string(meta: &ParseNestedMeta) -> syn::Result<Located<String>> {
    let lit: LitStr = meta.value()?.parse()?;
    Ok(Located {
        value: lit.value(),
        span: lit.span(),
    })
}

pub fn number(meta: &ParseNestedMeta) -> syn::Result<Located<u32>> {
    let lit: syn::LitInt = meta.value()?.parse()?;
    Ok(Located {
        value: lit.base10_parse()?,
        span: lit.span(),
    })
}

/// `key` alone means true; `key = true` / `key = false` say it outright.
pub fn flag(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        let lit: syn::LitBool = meta.value()?.parse()?;
        Ok(lit.value)
    } else {
        Ok(true)
    }
}

/// `key = Ident` (an enum-like choice or an item of the stack).
pub fn ident(meta: &ParseNestedMeta) -> syn::Result<Ident> {
    meta.value()?.parse()
}

/// `key(A, B, C)` or `key = A`: one or more identifiers.
pub fn idents(meta: &ParseNestedMeta) -> syn::Result<Vec<Ident>> {
    if meta.input.peek(syn::Token![=]) {
        return Ok(vec![ident(meta)?]);
    }
    let mut out = Vec::new();
    meta.parse_nested_meta(|inner| {
        out.push(inner.path.require_ident()?.clone());
        Ok(())
    })?;
    Ok(out)
}

/// Skips whatever value follows a key we do not know, so that parsing can
/// go on and report the next problem too.
pub fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
        let _: proc_macro2::TokenStream = _content.parse()?;
    }
    Ok(())
}

/// `Item.method(args)`: the item, the method and its arguments.
fn call_on_item(expr: &Expr) -> Option<(Ident, &Ident, &Punctuated<Expr, Token![,]>)> {
    let Expr::MethodCall(ExprMethodCall {
        receiver,
        method,
        args,
        ..
    }) = expr
    else {
        return None;
    };
    let Expr::Path(path) = receiver.as_ref() else {
        return None;
    };
    Some((path.path.get_ident()?.clone(), method, args))
}

/// `Item.method()` with no arguments: the item and the method.
pub fn method_call(expr: &Expr) -> Option<(Ident, Ident)> {
    let (item, method, args) = call_on_item(expr)?;
    args.is_empty().then(|| (item, method.clone()))
}

/// `Item.attr("QueueUrl")`: the item and the attribute's literal.
fn attr_call(expr: &Expr) -> Option<(Ident, LitStr)> {
    let (item, method, args) = call_on_item(expr)?;
    let (true, 1) = (method == "attr", args.len()) else {
        return None;
    };
    let Expr::Lit(ExprLit {
        lit: Lit::Str(name),
        ..
    }) = &args[0]
    else {
        return None;
    };
    Some((item, name.clone()))
}

/// A key written as a string literal or as any identifier, keywords
/// included: tag keys and object keys allow characters identifiers do not.
pub fn quoted_or_ident_key(input: ParseStream) -> syn::Result<(String, Span)> {
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        Ok((lit.value(), lit.span()))
    } else {
        let ident = input.call(Ident::parse_any)?;
        Ok((ident.to_string(), ident.span()))
    }
}

/// A reference such as `Images.name()`, `Artifacts.arn()`, `Images.uri()`
/// or `Jobs.attr("QueueUrl")` (a `Fn::GetAtt` attribute, checked against
/// the schema of the item's type).
pub fn item_ref(expr: &Expr) -> syn::Result<(ItemRef, Span)> {
    if let Some((item, name)) = attr_call(expr) {
        return Ok((
            ItemRef::new(item.to_string(), Attr::Get(name.value())),
            name.span(),
        ));
    }
    let Some((item, method)) = method_call(expr) else {
        return Err(syn::Error::new(
            expr.span(),
            "expected a reference like `Item.name()`, `Item.arn()`, `Item.uri()` or `Item.attr(\"Attribute\")`",
        ));
    };
    let attr = match method.to_string().as_str() {
        "name" => Attr::Name,
        "arn" => Attr::Arn,
        "uri" => Attr::Uri,
        other => {
            return Err(syn::Error::new(
                method.span(),
                format!(
                    "`{other}()` is not a value of an item\n\n= help: use `{item}.name()`, `{item}.arn()`, `{item}.attr(\"Attribute\")` or, for a repository, `{item}.uri()`"
                ),
            ));
        }
    };
    Ok((ItemRef::new(item.to_string(), attr), item.span()))
}

/// A property value: a string literal, or a reference to an item's value.
pub fn value(expr: &Expr) -> syn::Result<(Value, Option<(ItemRef, Span)>)> {
    if let Expr::Lit(ExprLit {
        lit: Lit::Str(s), ..
    }) = expr
    {
        return Ok((Value::Literal(s.value()), None));
    }
    let (reference, span) = item_ref(expr)?;
    Ok((Value::Ref(reference.clone()), Some((reference, span))))
}

/// A grant such as `Images.push()`.
pub fn grant(expr: &Expr) -> syn::Result<(Ident, Access, Span)> {
    let Some((item, method)) = method_call(expr) else {
        return Err(syn::Error::new(
            expr.span(),
            "expected a grant like `Images.push()` or `Artifacts.read()`",
        ));
    };
    let name = method.to_string();
    let Some(access) = Access::from_method(&name) else {
        let known: Vec<&str> = Access::ALL.iter().map(|a| a.method()).collect();
        return Err(syn::Error::new(
            method.span(),
            format!(
                "`{name}()` is not a kind of access\n\n= help: grants are one of: {}",
                known.join(", ")
            ),
        ));
    };
    Ok((item, access, method.span()))
}

/// `key = Choice` among named options.
pub fn choice<T: Copy>(
    meta: &ParseNestedMeta,
    what: &str,
    options: &[(&str, T)],
) -> syn::Result<Located<T>> {
    let chosen = ident(meta)?;
    let name = chosen.to_string();
    match options.iter().find(|(n, _)| *n == name) {
        Some((_, value)) => Ok(Located {
            value: *value,
            span: chosen.span(),
        }),
        None => {
            let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            let help = did_you_mean(&name, names.iter().copied(), || {
                format!("use one of: {}", names.join(", "))
            });
            Err(syn::Error::new(
                chosen.span(),
                format!("`{name}` is not {what}\n\n= help: {help}"),
            ))
        }
    }
}

/// `key = Item`: an item of the stack, recorded under `field`.
pub fn item(
    meta: &ParseNestedMeta,
    id: &str,
    field: impl Into<FieldPath>,
    spans: &mut super::Spans,
) -> syn::Result<String> {
    let item = ident(meta)?;
    spans.field(id, field, item.span());
    Ok(item.to_string())
}

/// `environment(KEY = "literal", OTHER = Item.name())`, each variable once.
pub fn environment(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    id: &str,
    spans: &mut super::Spans,
) -> syn::Result<std::collections::BTreeMap<String, Value>> {
    let mut env = std::collections::BTreeMap::new();
    let mut once = Once::new("`environment(...)`");
    meta.parse_nested_meta(|var| {
        let key = var.path.require_ident()?.to_string();
        let expr: Expr = var.value()?.parse()?;
        let (value, _) = self::value(&expr)?;
        if once.first(cx, &key, var.path.span()) {
            // Findings about a variable are about its name (reserved,
            // malformed) or what it refers to; the name is the closer token
            // for both.
            spans.field(id, FieldPath::environment(&key), var.path.span());
            env.insert(key, value);
        }
        Ok(())
    })?;
    Ok(env)
}

/// `grants(Images.push(), Artifacts.read())`, recorded as `grants.<i>`.
pub fn grants(
    meta: &ParseNestedMeta,
    id: &str,
    spans: &mut super::Spans,
) -> syn::Result<Vec<cicd_dsl_core::Grant>> {
    let content;
    syn::parenthesized!(content in meta.input);
    let exprs = content.parse_terminated(Expr::parse, syn::Token![,])?;
    let mut out = Vec::new();
    for (i, expr) in exprs.iter().enumerate() {
        let (item, access, _) = grant(expr)?;
        spans.field(id, FieldPath::grant(i), item.span());
        out.push(cicd_dsl_core::Grant {
            target: ItemRef::new(item.to_string(), Attr::Arn),
            access,
        });
    }
    Ok(out)
}

use syn::parse::Parse;
