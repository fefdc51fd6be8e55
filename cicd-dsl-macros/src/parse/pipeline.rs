//! `#[pipeline(...)] enum Stages { #[source(s3(...))] Source, #[build(...)] Build, ... }`.

use super::keys::{ItemAttr, KeySpec, parse_keys};
use super::once::Once;
use super::{Spans, values};
use crate::ctxt::Ctxt;
use cicd_dsl_core::{ExecutionMode, FieldPath, Pipeline, PipelineAction, ResourceKind, Stage};
use syn::spanned::Spanned;
use syn::{Attribute, ItemEnum};

const KEYS: [&str; 4] = ["name", "role", "artifacts", "execution_mode"];
const ACTIONS: [&str; 3] = ["source", "build", "invoke"];

pub fn pipeline(item: &mut ItemAttr, enum_item: &mut ItemEnum) -> Option<ResourceKind> {
    let mut name = None;
    let mut role = None;
    let mut artifacts = None;
    let mut execution_mode = ExecutionMode::Superseded;
    let keys = item.recorded_keys(&KeySpec::new("pipeline", &KEYS), |key| {
        match key.name {
            "name" => name = Some(key.string()?),
            "role" => role = Some(key.item()?),
            "artifacts" => artifacts = Some(key.item()?),
            "execution_mode" => {
                execution_mode = key.choice(
                    "an execution mode",
                    &[
                        ("Queued", ExecutionMode::Queued),
                        ("Superseded", ExecutionMode::Superseded),
                        ("Parallel", ExecutionMode::Parallel),
                    ],
                )?;
            }
            _ => unreachable!(),
        }
        Ok(())
    });
    let (cx, id) = (item.cx, item.id);
    let spans = &mut *item.spans;

    let mut stages = Vec::new();
    for variant in &mut enum_item.variants {
        let stage = variant.ident.to_string();
        let mut actions = Vec::new();
        let mut kept = Vec::new();
        for attr in variant.attrs.drain(..) {
            let Some(kind) = attr.path().get_ident().map(ToString::to_string) else {
                kept.push(attr);
                continue;
            };
            if !ACTIONS.contains(&kind.as_str()) {
                kept.push(attr);
                continue;
            }
            let field = FieldPath::stage_action(&stage, actions.len());
            spans.field(id, field.clone(), attr.path().span());
            if let Some(action) = action(cx, id, field, &kind, &attr, spans) {
                actions.push(action);
            }
        }
        variant.attrs = kept;
        if actions.is_empty() {
            cx.error_help(
                variant.ident.span(),
                format!("stage `{stage}` has no action"),
                Some("add `#[source(s3(bucket = B, key = \"source.zip\"))]`, `#[build(project = P)]` or `#[invoke(function = F)]`"),
            );
        }
        stages.push(Stage {
            name: stage,
            actions,
        });
    }
    let (role, artifacts) = keys.require(
        cx,
        role.zip(artifacts),
        format!("pipeline `{id}` needs `role` and `artifacts`"),
        "write `role = SomeRole` (assumed by CodePipeline) and `artifacts = SomeBucket`",
    )?;
    Some(ResourceKind::Pipeline(Pipeline {
        name,
        role,
        artifacts,
        stages,
        execution_mode,
    }))
}

fn action(
    cx: &Ctxt,
    id: &str,
    field: FieldPath,
    kind: &str,
    attr: &Attribute,
    spans: &mut Spans,
) -> Option<PipelineAction> {
    let mut bucket = None;
    let mut key = None;
    let mut project = None;
    let mut function = None;
    let mut user_parameters = None;
    let names: &[&str] = match kind {
        "source" => &["s3"],
        "build" => &["project"],
        _ => &["function", "user_parameters"],
    };
    let spec = KeySpec::new(kind, names);
    let mut once = Once::new("`s3(...)`");
    let keys = parse_keys(cx, id, attr, &spec, None, spans, |k, meta, spans| {
        match k {
            "s3" => meta.parse_nested_meta(|inner| {
                let ident = inner.path.require_ident()?;
                let name = ident.to_string();
                if !once.first(cx, &name, ident.span()) {
                    return values::skip_value(&inner);
                }
                match name.as_str() {
                    "bucket" => bucket = Some(values::item(&inner, id, field.clone(), spans)?),
                    "key" => key = Some(values::string(&inner)?.value),
                    other => {
                        return Err(inner.error(format!(
                            "unknown key `{other}` in `s3(...)`\n\n= help: write `s3(bucket = Bucket, key = \"source.zip\")`"
                        )));
                    }
                }
                Ok(())
            })?,
            "project" => project = Some(values::item(meta, id, field.clone(), spans)?),
            "function" => function = Some(values::item(meta, id, field.clone(), spans)?),
            "user_parameters" => user_parameters = Some(values::string(meta)?.value),
            _ => unreachable!(),
        }
        Ok(())
    });
    let action = match kind {
        "source" => bucket
            .zip(key)
            .map(|(bucket, key)| PipelineAction::S3Source { bucket, key }),
        "build" => project.map(|project| PipelineAction::Build { project }),
        _ => function.map(|function| PipelineAction::Invoke {
            function,
            user_parameters,
        }),
    };
    keys.require(
        cx,
        action,
        format!("`#[{kind}]` is missing its target"),
        match kind {
            "source" => "write `#[source(s3(bucket = Bucket, key = \"source.zip\"))]`",
            "build" => "write `#[build(project = Project)]`",
            _ => "write `#[invoke(function = Function)]`",
        },
    )
}
