//! The stateful kinds and outputs: buckets, repositories, log groups.

use super::keys::{ItemAttr, KeySpec, parse_keys};
use super::{Spans, values};
use crate::ctxt::Ctxt;
use cicd_dsl_core::{
    Bucket, Encryption, FieldPath, LogGroup, Output, Repository, ResourceKind, TagMutability,
};
use syn::Attribute;
use syn::spanned::Spanned;

const BUCKET_KEYS: [&str; 8] = [
    "name",
    "versioned",
    "encryption",
    "expire_after_days",
    "expire_noncurrent_after_days",
    "block_public_access",
    "tls_only",
    "eventbridge",
];

pub fn bucket(item: &mut ItemAttr) -> Option<ResourceKind> {
    let mut bucket = Bucket::default();
    item.recorded_keys(&KeySpec::new("bucket", &BUCKET_KEYS), |key| {
        match key.name {
            "name" => bucket.name = Some(key.string()?),
            "versioned" => bucket.versioned = key.flag()?,
            "encryption" => {
                bucket.encryption = key.choice(
                    "a bucket encryption",
                    &[
                        ("Aes256", Encryption::Aes256),
                        ("KmsManaged", Encryption::KmsManaged),
                        ("None", Encryption::None),
                    ],
                )?;
            }
            "expire_after_days" => bucket.expire_after_days = Some(key.number()?),
            "expire_noncurrent_after_days" => {
                bucket.expire_noncurrent_after_days = Some(key.number()?)
            }
            "block_public_access" => bucket.block_public_access = key.flag()?,
            "tls_only" => bucket.tls_only = key.flag()?,
            "eventbridge" => bucket.eventbridge = key.flag()?,
            _ => unreachable!(),
        }
        Ok(())
    });
    Some(ResourceKind::Bucket(bucket))
}

const REPOSITORY_KEYS: [&str; 5] = [
    "name",
    "scan_on_push",
    "keep_last",
    "protect_tags",
    "tag_mutability",
];

pub fn repository(item: &mut ItemAttr) -> Option<ResourceKind> {
    let mut repo = Repository::default();
    item.recorded_keys(&KeySpec::new("ecr_repository", &REPOSITORY_KEYS), |key| {
        match key.name {
            "name" => repo.name = Some(key.string()?),
            "scan_on_push" => repo.scan_on_push = key.flag()?,
            "keep_last" => repo.keep_last = Some(key.number()?),
            "protect_tags" => {
                let content;
                syn::parenthesized!(content in key.meta.input);
                let tags = content
                    .parse_terminated(<syn::LitStr as syn::parse::Parse>::parse, syn::Token![,])?;
                for (i, tag) in tags.iter().enumerate() {
                    key.spans
                        .field(key.id, FieldPath::protect_tag(i), tag.span());
                    repo.protect_tags.push(tag.value());
                }
            }
            "tag_mutability" => {
                repo.tag_mutability = key.choice(
                    "a tag mutability",
                    &[
                        ("Mutable", TagMutability::Mutable),
                        ("Immutable", TagMutability::Immutable),
                    ],
                )?;
            }
            _ => unreachable!(),
        }
        Ok(())
    });
    Some(ResourceKind::Repository(repo))
}

const LOG_GROUP_KEYS: [&str; 2] = ["name", "retention_days"];

pub fn log_group(item: &mut ItemAttr) -> Option<ResourceKind> {
    let mut group = LogGroup::default();
    item.recorded_keys(&KeySpec::new("log_group", &LOG_GROUP_KEYS), |key| {
        match key.name {
            "name" => group.name = Some(key.string()?),
            "retention_days" => group.retention_days = Some(key.number()?),
            _ => unreachable!(),
        }
        Ok(())
    });
    Some(ResourceKind::LogGroup(group))
}

const OUTPUT_KEYS: [&str; 3] = ["name", "value", "description"];

/// `#[output(name = "bucketName", value = Artifacts.name())]`; the name
/// defaults to the item's identifier.
pub fn output(
    cx: &Ctxt,
    id: &str,
    attr: &Attribute,
    doc: Option<String>,
    spans: &mut Spans,
) -> Option<Output> {
    let mut name = id.to_owned();
    let mut value = None;
    let mut description = doc;
    // Without `name`, the item's identifier is the name.
    let span = spans.at(&cicd_dsl_core::Path::item(id));
    spans.field(id, "name", span);
    let keys = parse_keys(
        cx,
        id,
        attr,
        &KeySpec::new("output", &OUTPUT_KEYS),
        None,
        spans,
        |key, meta, spans| {
            match key {
                "name" => {
                    let text = values::string(meta)?;
                    spans.field(id, "name", text.span);
                    name = text.value;
                }
                "value" => {
                    let expr: syn::Expr = meta.value()?.parse()?;
                    let (parsed, reference) = values::value(&expr)?;
                    spans.field(id, "value", reference.map_or(expr.span(), |(_, s)| s));
                    value = Some(parsed);
                }
                "description" => description = Some(values::string(meta)?.value),
                _ => unreachable!(),
            }
            Ok(())
        },
    );
    // Findings about outputs are keyed by the output's name.
    if name != id {
        spans.alias(id, &name);
    }
    let value = keys.require(
        cx,
        value,
        format!("output `{name}` has no value"),
        "write `value = Item.name()` (or `.arn()`, `.uri()`), or a string",
    )?;
    Some(Output {
        name,
        value,
        description,
    })
}
