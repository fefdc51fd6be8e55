//! `#[function(code = cargo("package"), role = ..., logs = ..., ...)]`.

use super::keys::{ItemAttr, KeySpec};
use super::values;
use cicd_dsl_core::{Architecture, Code, Function, ResourceKind, Runtime};
use std::collections::BTreeMap;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprLit, Lit};

const KEYS: [&str; 12] = [
    "name",
    "runtime",
    "handler",
    "code",
    "architecture",
    "snap_start",
    "role",
    "logs",
    "memory_mb",
    "timeout_seconds",
    "environment",
    "grants",
];

pub fn function(item: &mut ItemAttr) -> Option<ResourceKind> {
    let mut name = None;
    let mut runtime = None;
    let mut handler = None;
    let mut code = None;
    let mut role = None;
    let mut logs = None;
    let mut architecture = Architecture::X86_64;
    let mut snap_start = false;
    let mut memory_mb = 128;
    let mut timeout_seconds = 3;
    let mut environment = BTreeMap::new();
    let mut grants = Vec::new();
    let (cx, id) = (item.cx, item.id);
    let keys = item.recorded_keys(&KeySpec::new("function", &KEYS), |key| {
        match key.name {
            "name" => name = Some(key.string()?),
            "runtime" => runtime = Some(key.string()?),
            "handler" => handler = Some(key.string()?),
            "code" => {
                let expr: Expr = key.meta.value()?.parse()?;
                key.spans.field(id, key.name, expr.span());
                code = Some(parse_code(&expr)?);
            }
            "architecture" => {
                architecture = key.choice(
                    "a Lambda architecture",
                    &[
                        ("X86_64", Architecture::X86_64),
                        ("Arm64", Architecture::Arm64),
                    ],
                )?;
            }
            "snap_start" => snap_start = key.flag()?,
            "role" => role = Some(key.item()?),
            "logs" => logs = Some(key.item()?),
            "memory_mb" => memory_mb = key.number()?,
            "timeout_seconds" => timeout_seconds = key.number()?,
            "environment" => environment = values::environment(cx, key.meta, id, key.spans)?,
            "grants" => grants = values::grants(key.meta, id, key.spans)?,
            _ => unreachable!(),
        }
        Ok(())
    });
    let (code, role) = keys.require(
        cx,
        code.zip(role),
        format!("function `{id}` needs `code` and `role`"),
        "write `code = cargo(\"package\")` (or `inline(\"...\")`) and `role = SomeRole`",
    )?;
    // A cargo package is built for the OS-only runtime, whose handler is
    // the `bootstrap` executable itself.
    let (default_runtime, default_handler) = match &code {
        Code::Cargo { .. } => ("provided.al2023", "bootstrap"),
        Code::Inline(_) => ("python3.13", "index.handler"),
    };
    Some(ResourceKind::Function(Function {
        name,
        runtime: Runtime(runtime.unwrap_or_else(|| default_runtime.to_owned())),
        handler: handler.unwrap_or_else(|| default_handler.to_owned()),
        code,
        role,
        logs,
        architecture,
        snap_start,
        memory_mb,
        timeout_seconds,
        environment,
        grants,
    }))
}

/// `cargo("package")`, `cargo("package", "bin")` or `inline("source")`.
fn parse_code(expr: &Expr) -> syn::Result<Code> {
    let usage =
        "expected `cargo(\"package\")`, `cargo(\"package\", \"bin\")` or `inline(\"source\")`";
    let Expr::Call(ExprCall { func, args, .. }) = expr else {
        return Err(syn::Error::new(expr.span(), usage));
    };
    let strings: Vec<String> = args
        .iter()
        .map(|a| match a {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => Ok(s.value()),
            other => Err(syn::Error::new(other.span(), "expected a string literal")),
        })
        .collect::<syn::Result<_>>()?;
    let Expr::Path(path) = func.as_ref() else {
        return Err(syn::Error::new(func.span(), usage));
    };
    let name = path
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default();
    match (name.as_str(), strings.as_slice()) {
        ("cargo", [package]) => Ok(Code::Cargo {
            package: package.clone(),
            bin: "bootstrap".to_owned(),
        }),
        ("cargo", [package, bin]) => Ok(Code::Cargo {
            package: package.clone(),
            bin: bin.clone(),
        }),
        ("inline", [source]) => Ok(Code::Inline(source.clone())),
        _ => Err(syn::Error::new(expr.span(), usage)),
    }
}
