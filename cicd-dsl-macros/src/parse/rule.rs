//! `#[rule(on = s3_object_created(bucket = B, key = "k"), target = P, role = R)]`.

use super::keys::{ItemAttr, KeySpec};
use super::once::Once;
use super::{Spans, values};
use crate::ctxt::Ctxt;
use cicd_dsl_core::{EventPattern, ResourceKind, Rule};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;

const KEYS: [&str; 5] = ["name", "on", "pattern", "target", "role"];

pub fn rule(item: &mut ItemAttr) -> Option<ResourceKind> {
    let mut name = None;
    let mut pattern = None;
    let mut target = None;
    let mut role = None;
    let (cx, id) = (item.cx, item.id);
    let keys = item.keys(&KeySpec::new("rule", &KEYS), |key| {
        if matches!(key.name, "on" | "pattern") && pattern.is_some() {
            cx.error_help(
                key.meta.path.span(),
                "`on` and `pattern` both say which events the rule matches",
                Some("keep one of the two"),
            );
            return values::skip_value(key.meta);
        }
        key.record();
        match key.name {
            "name" => name = Some(key.string()?),
            "on" => pattern = Some(s3_object_created(cx, key.meta, id, key.spans)?),
            "pattern" => pattern = Some(EventPattern::Json(key.string()?)),
            "target" => target = Some(key.item()?),
            "role" => role = Some(key.item()?),
            _ => unreachable!(),
        }
        Ok(())
    });
    let ((pattern, target), role) = keys.require(
        cx,
        pattern.zip(target).zip(role),
        format!("rule `{id}` needs an event (`on` or `pattern`), a `target` and a `role`"),
        "write `on = s3_object_created(bucket = B, key = \"k\"), target = Pipeline, role = EventsRole`",
    )?;
    Some(ResourceKind::Rule(Rule {
        name,
        pattern,
        target,
        role,
    }))
}

/// `on = s3_object_created(bucket = B, key = "k")`, the bucket recorded
/// under `on`.
fn s3_object_created(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    id: &str,
    spans: &mut Spans,
) -> syn::Result<EventPattern> {
    let event: syn::Ident = meta.value()?.parse()?;
    if event != "s3_object_created" {
        return Err(syn::Error::new(
            event.span(),
            format!(
                "`{event}` is not a known event\n\n= help: use `s3_object_created(bucket = B, key = \"k\")`, or `pattern = r#\"{{...}}\"#` for any other"
            ),
        ));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let mut bucket = None;
    let mut key_name = None;
    let mut once = Once::new("`s3_object_created(...)`");
    let parser = syn::meta::parser(|inner| {
        let ident = inner.path.require_ident()?;
        let name = ident.to_string();
        if !once.first(cx, &name, ident.span()) {
            return values::skip_value(&inner);
        }
        match name.as_str() {
            "bucket" => bucket = Some(values::item(&inner, id, "on", spans)?),
            "key" => key_name = Some(values::string(&inner)?.value),
            other => {
                return Err(
                    inner.error(format!("unknown key `{other}` in `s3_object_created(...)`"))
                );
            }
        }
        Ok(())
    });
    syn::parse::Parser::parse2(parser, content.parse()?)?;
    match (bucket, key_name) {
        (Some(bucket), Some(key)) => Ok(EventPattern::S3ObjectCreated { bucket, key }),
        _ => Err(syn::Error::new(
            event.span(),
            "write `s3_object_created(bucket = Bucket, key = \"source.zip\")`",
        )),
    }
}
