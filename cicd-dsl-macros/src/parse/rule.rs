//! `#[rule(on = s3_object_created(bucket = B, key = "k"), target = P, role = R)]`.

use super::common::{Common, parse_keys};
use super::{Spans, values};
use crate::ctxt::Ctxt;
use cicd_dsl_core::{EventPattern, ResourceKind, Rule};
use syn::Attribute;
use syn::spanned::Spanned;

const KEYS: [&str; 5] = ["name", "on", "pattern", "target", "role"];

pub fn rule(
    cx: &Ctxt,
    id: &str,
    attr: &Attribute,
    common: &mut Common,
    spans: &mut Spans,
) -> Option<ResourceKind> {
    let mut name = None;
    let mut pattern = None;
    let mut target = None;
    let mut role = None;
    let clean = parse_keys(
        cx,
        id,
        attr,
        "rule",
        &KEYS,
        Some(common),
        spans,
        |key, meta, spans| {
            spans.field(id, key, meta.path.span());
            match key {
                "name" => name = Some(values::string_at(meta, id, key, spans)?),
                "on" => {
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
                    let parser = syn::meta::parser(|inner| {
                        let name = inner.path.require_ident()?.to_string();
                        match name.as_str() {
                            "bucket" => bucket = Some(values::item(&inner, id, "on", spans)?),
                            "key" => key_name = Some(values::string(&inner)?.value),
                            other => {
                                return Err(inner.error(format!(
                                    "unknown key `{other}` in `s3_object_created(...)`"
                                )));
                            }
                        }
                        Ok(())
                    });
                    syn::parse::Parser::parse2(parser, content.parse()?)?;
                    match (bucket, key_name) {
                        (Some(bucket), Some(key)) => {
                            pattern = Some(EventPattern::S3ObjectCreated { bucket, key })
                        }
                        _ => {
                            return Err(syn::Error::new(
                                event.span(),
                                "write `s3_object_created(bucket = Bucket, key = \"source.zip\")`",
                            ));
                        }
                    }
                }
                "pattern" => {
                    let text = values::string(meta)?;
                    spans.field(id, key, text.span);
                    pattern = Some(EventPattern::Json(text.value));
                }
                "target" => target = Some(values::item(meta, id, key, spans)?),
                "role" => role = Some(values::item(meta, id, key, spans)?),
                _ => unreachable!(),
            }
            Ok(())
        },
    );
    let (Some(pattern), Some(target), Some(role)) = (pattern, target, role) else {
        if clean {
            cx.error_help(
            spans.at(id, None),
            format!("rule `{id}` needs an event (`on` or `pattern`), a `target` and a `role`"),
            Some("write `on = s3_object_created(bucket = B, key = \"k\"), target = Pipeline, role = EventsRole`"),
        );
        }
        return None;
    };
    Some(ResourceKind::Rule(Rule {
        name,
        pattern,
        target,
        role,
    }))
}
