//! `#[role(assumed_by = CodeBuild, grants(...), allow(actions(...), resources(...)))]`.

use super::keys::{ItemAttr, KeySpec};
use super::once::Once;
use super::{Spans, values};
use crate::ctxt::Ctxt;
use cicd_dsl_core::rules::did_you_mean;
use cicd_dsl_core::{
    Attr, FieldPath, ItemRef, ResourceKind, Role, ServicePrincipal, Statement, StatementResource,
};
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitStr};

const KEYS: [&str; 4] = ["name", "assumed_by", "grants", "allow"];

pub fn role(item: &mut ItemAttr) -> Option<ResourceKind> {
    let mut role = Role::default();
    let (cx, id) = (item.cx, item.id);
    let spec = KeySpec {
        // Each `allow(...)` is one statement.
        repeatable: &["allow"],
        ..KeySpec::new("role", &KEYS)
    };
    let keys = item.keys(&spec, |key| {
        match key.name {
            "name" => role.name = Some(key.string()?),
            "assumed_by" => {
                let services = values::idents(key.meta)?;
                if let Some(first) = services.first() {
                    key.spans.field(id, key.name, first.span());
                }
                for service in services {
                    role.assumed_by.push(service_principal(&service)?);
                }
            }
            "grants" => role.grants = values::grants(key.meta, id, key.spans)?,
            "allow" => {
                let index = role.statements.len();
                role.statements
                    .push(statement(cx, key.meta, id, index, key.spans)?);
            }
            _ => unreachable!(),
        }
        Ok(())
    });
    keys.require(
        cx,
        role.assumed_by.first(),
        format!("role `{id}` says no service may assume it"),
        "add `assumed_by = CodeBuild` (or Lambda, CodePipeline, Events, ...)",
    );
    Some(ResourceKind::Role(role))
}

/// `CodeBuild`, `Lambda`, ...: a service that may assume a role.
fn service_principal(service: &syn::Ident) -> syn::Result<ServicePrincipal> {
    let name = service.to_string();
    ServicePrincipal::from_ident(&name).ok_or_else(|| {
        let names: Vec<&str> = ServicePrincipal::ALL.iter().map(|p| p.ident()).collect();
        let help = did_you_mean(&name, names.iter().copied(), || {
            format!("use one of: {}", names.join(", "))
        });
        syn::Error::new(
            service.span(),
            format!("`{name}` is not a service a role can be assumed by\n\n= help: {help}"),
        )
    })
}

/// `allow(actions("s3:GetObject"), resources(Artifacts.objects(), "arn:..."))`.
fn statement(
    cx: &Ctxt,
    meta: &syn::meta::ParseNestedMeta,
    id: &str,
    index: usize,
    spans: &mut Spans,
) -> syn::Result<Statement> {
    let mut statement = Statement {
        actions: Vec::new(),
        resources: Vec::new(),
    };
    spans.field(id, FieldPath::statement(index), meta.path.span());
    let mut once = Once::new("`allow(...)`");
    meta.parse_nested_meta(|part| {
        let key = part.path.require_ident()?.to_string();
        let content;
        syn::parenthesized!(content in part.input);
        if !once.first(cx, &key, part.path.span()) {
            let _skipped: proc_macro2::TokenStream = content.parse()?;
            return Ok(());
        }
        match key.as_str() {
            "actions" => {
                let actions = content.parse_terminated(<LitStr as syn::parse::Parse>::parse, syn::Token![,])?;
                for (j, action) in actions.iter().enumerate() {
                    spans.field(id, FieldPath::statement_action(index, j), action.span());
                    statement.actions.push(action.value());
                }
            }
            "resources" => {
                let exprs = content.parse_terminated(<Expr as syn::parse::Parse>::parse, syn::Token![,])?;
                for (j, expr) in exprs.iter().enumerate() {
                    spans.field(id, FieldPath::statement_resource(index, j), expr.span());
                    statement.resources.push(statement_resource(expr)?);
                }
            }
            other => {
                return Err(syn::Error::new(
                    part.path.span(),
                    format!("unknown key `{other}` in `allow(...)`\n\n= help: write `allow(actions(\"svc:Action\"), resources(Item.arn()))`"),
                ));
            }
        }
        Ok(())
    })?;
    Ok(statement)
}

/// `sub("${Table.Arn}/index/*")`: an item's ARN and a path after it.
fn sub_resource(expr: &Expr) -> Option<syn::Result<StatementResource>> {
    let Expr::Call(call) = expr else {
        return None;
    };
    let Expr::Path(func) = call.func.as_ref() else {
        return None;
    };
    if !func.path.is_ident("sub") {
        return None;
    }
    let shape = "a statement resource `sub(...)` is an item's ARN and a path: `sub(\"${Table.Arn}/index/*\")`";
    let Some(Expr::Lit(ExprLit {
        lit: Lit::Str(text),
        ..
    })) = call.args.first()
    else {
        return Some(Err(syn::Error::new(call.span(), shape)));
    };
    let value = text.value();
    let parsed = value
        .strip_prefix("${")
        .and_then(|rest| rest.split_once('}'))
        .and_then(|(name, suffix)| Some((name.strip_suffix(".Arn")?, suffix)))
        .filter(|(item, suffix)| {
            !suffix.contains("${")
                && !item.is_empty()
                && item.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    Some(match parsed {
        Some((item, suffix)) => Ok(StatementResource::Item {
            item: ItemRef::new(item, Attr::Arn),
            suffix: suffix.to_owned(),
        }),
        None => Err(syn::Error::new(text.span(), shape)),
    })
}

/// `Item.arn()`, `Bucket.objects()`, `sub("${Table.Arn}/index/*")`, a
/// literal ARN, or `"*"`.
fn statement_resource(expr: &Expr) -> syn::Result<StatementResource> {
    if let Some(resource) = sub_resource(expr) {
        return resource;
    }
    if let Expr::Lit(ExprLit {
        lit: Lit::Str(s), ..
    }) = expr
    {
        let text = s.value();
        return Ok(if text == "*" {
            StatementResource::Any
        } else {
            StatementResource::Arn(text)
        });
    }
    if let Some((item, method)) = values::method_call(expr) {
        let suffix = match method.to_string().as_str() {
            "arn" => "",
            "objects" => "/*",
            other => {
                return Err(syn::Error::new(
                    method.span(),
                    format!(
                        "`{other}()` is not a statement resource\n\n= help: use `{item}.arn()`, `{item}.objects()` for a bucket's objects, a literal ARN, or \"*\""
                    ),
                ));
            }
        };
        return Ok(StatementResource::Item {
            item: ItemRef::new(item.to_string(), Attr::Arn),
            suffix: suffix.to_owned(),
        });
    }
    Err(syn::Error::new(
        expr.span(),
        "expected `Item.arn()`, `Bucket.objects()`, `sub(\"${Table.Arn}/index/*\")`, a literal ARN, or \"*\"",
    ))
}
