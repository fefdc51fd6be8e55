//! Parsing: the stack module's items and their attributes become the core
//! model, plus a table of where each property was written so that the
//! rules' findings can point at the user's own tokens.

mod common;
mod function;
mod generic;
mod keys;
mod moved;
mod once;
mod pipeline;
mod project;
mod resources;
mod role;
mod rule;
mod spans;
mod stack_args;
mod suppress;
mod values;

pub use spans::Spans;
pub use stack_args::STACK_ITEM;

use crate::ctxt::Ctxt;
use cicd_dsl_core::{Kind, Output, Resource, ResourceKind, StackDef};
use common::Common;
use keys::ItemAttr;
use std::collections::{BTreeMap, BTreeSet};
use syn::{Attribute, Ident, Item, ItemMod};

/// Whether `#[stack]` reads the attribute `name` as an item's resource:
/// one per kind, and outputs.
fn is_resource_attribute(name: &str) -> bool {
    name == "output" || Kind::from_attribute(name).is_some()
}

/// What the rest of the macro needs from parsing.
pub struct Parsed {
    pub stack: StackDef,
    pub spans: Spans,
    /// The module with our attributes removed.
    pub module: ItemMod,
    /// Each item the stack declares, with the kind name for its handle.
    pub items: Vec<(Ident, ItemRole)>,
    /// Files read at compile time (buildspecs): the expansion includes them
    /// so that cargo rebuilds when they change.
    pub tracked_files: Vec<String>,
    /// Items whose attributes already had an error: the rules' findings
    /// about them (or about references to them) would only repeat it.
    pub errored_items: BTreeSet<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ItemRole {
    Resource(cicd_dsl_core::Kind),
    Output,
}

/// Parses `#[stack(args)] mod m { ... }`; files that attributes name
/// (buildspecs) are read relative to `crate_dir`.
pub fn stack(
    cx: &Ctxt,
    args: proc_macro2::TokenStream,
    mut module: ItemMod,
    crate_dir: &std::path::Path,
) -> Parsed {
    let mut spans = Spans::default();
    let header = stack_args::parse(cx, args, &mut spans);
    let description = doc_text(&module.attrs);
    let mut resources = Vec::new();
    let mut outputs = Vec::new();
    let mut items = Vec::new();
    let mut tracked_files = Vec::new();
    let mut errored_items = BTreeSet::new();
    let mut moves = Vec::new();

    let content = match module.content.as_mut() {
        Some((_, content)) => content.as_mut_slice(),
        None => {
            cx.error(
                module.ident.span(),
                "`#[stack]` needs an inline module: `mod name { ... }`",
            );
            &mut []
        }
    };
    for item in content {
        let Some((ident, attrs)) = item_parts(item) else {
            continue;
        };
        let ours = take_our_attributes(attrs);
        if ours.resource.is_empty() {
            for suppress in &ours.suppress {
                cx.error(
                    suppress.path().segments[0].ident.span(),
                    "`#[suppress]` goes on a resource item of the stack",
                );
            }
            for moved in &ours.moved {
                cx.error(
                    moved.path().segments[0].ident.span(),
                    "`#[moved]` goes on a resource item of the stack",
                );
            }
            continue;
        }
        if ours.resource.len() > 1 {
            let second = &ours.resource[1];
            cx.error(
                second.path().segments[0].ident.span(),
                format!(
                    "`{ident}` already has a resource attribute; an item declares one resource"
                ),
            );
        }
        let errors_before = cx.error_count();
        let attr = &ours.resource[0];
        let name = attr.path().segments[0].ident.to_string();
        let id = ident.to_string();
        spans.item(&id, ident.span());
        check_item_shape(cx, item, &name);
        let description = doc_text(item_attrs(item));
        // The doc comment becomes the resource's `Description`: a finding
        // about it points at the comment (a `description = ...` key, parsed
        // later, records its own span over this one).
        if let Some(doc) = item_attrs(item).iter().find(|a| a.path().is_ident("doc")) {
            spans.field(&id, "description", syn::spanned::Spanned::span(doc));
        }
        let mut common = Common::new(description);
        suppress::parse_suppressions(cx, &id, &ours.suppress, &mut common, &mut spans);
        let Some(item_kind) = Kind::from_attribute(&name) else {
            // Not a kind, so an output (see `is_resource_attribute`).
            for moved in &ours.moved {
                cx.error_help(
                    moved.path().segments[0].ident.span(),
                    format!("`{id}` is an output, not a deployed resource: `#[moved]` does not apply"),
                    Some("remove `#[moved]`: renaming an output item replaces nothing (its `name = ...` is what CloudFormation sees)"),
                );
            }
            let doc = common.description.take();
            if let Some(output) = resources::output(cx, &id, attr, doc, &mut spans) {
                outputs.push(output);
                items.push((ident.clone(), ItemRole::Output));
            }
            if cx.error_count() > errors_before {
                errored_items.insert(id);
            }
            continue;
        };
        moves.extend(moved::parse(cx, &ident, &ours.moved));
        let mut item_attr = ItemAttr {
            cx,
            id: &id,
            attr,
            common: &mut common,
            spans: &mut spans,
        };
        let kind = match item_kind {
            Kind::Bucket => resources::bucket(&mut item_attr),
            Kind::Repository => resources::repository(&mut item_attr),
            Kind::LogGroup => resources::log_group(&mut item_attr),
            Kind::Role => role::role(&mut item_attr),
            Kind::Project => project::project(&mut item_attr, crate_dir, &mut tracked_files),
            Kind::Function => function::function(&mut item_attr),
            Kind::Rule => rule::rule(&mut item_attr),
            Kind::Generic => generic::generic(&mut item_attr),
            Kind::Pipeline => match item {
                Item::Enum(e) => pipeline::pipeline(&mut item_attr, e),
                _ => None,
            },
        };
        if cx.error_count() > errors_before {
            errored_items.insert(id.clone());
        }
        // The handle exists even when the attribute had errors, so code
        // that uses the item does not add errors of its own.
        items.push((ident.clone(), ItemRole::Resource(item_kind)));
        if let Some(kind) = kind {
            resources.push(common.into_resource(id, kind));
        }
    }
    let names: Vec<String> = items.iter().map(|(ident, _)| ident.to_string()).collect();
    let moved = moved::check(cx, &moves, &names);
    let mut stack = header.into_stack(description, resources, outputs);
    stack.moved = moved;
    Parsed {
        stack,
        spans,
        module,
        items,
        tracked_files,
        errored_items,
    }
}

/// The attributes of one item that belong to us.
struct OurAttributes {
    resource: Vec<Attribute>,
    suppress: Vec<Attribute>,
    moved: Vec<Attribute>,
}

fn take_our_attributes(attrs: &mut Vec<Attribute>) -> OurAttributes {
    let mut ours = OurAttributes {
        resource: Vec::new(),
        suppress: Vec::new(),
        moved: Vec::new(),
    };
    attrs.retain(|attr| {
        let Some(name) = attr.path().get_ident().map(Ident::to_string) else {
            return true;
        };
        if is_resource_attribute(&name) {
            ours.resource.push(attr.clone());
            false
        } else if name == "suppress" {
            ours.suppress.push(attr.clone());
            false
        } else if name == "moved" {
            ours.moved.push(attr.clone());
            false
        } else {
            true
        }
    });
    ours
}

fn item_parts(item: &mut Item) -> Option<(Ident, &mut Vec<Attribute>)> {
    match item {
        Item::Struct(s) => Some((s.ident.clone(), &mut s.attrs)),
        Item::Enum(e) => Some((e.ident.clone(), &mut e.attrs)),
        _ => None,
    }
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Struct(s) => &s.attrs,
        Item::Enum(e) => &e.attrs,
        _ => &[],
    }
}

/// Resources are unit structs; pipelines are enums whose variants are stages.
fn check_item_shape(cx: &Ctxt, item: &Item, attribute: &str) {
    match (item, attribute) {
        (Item::Enum(_), "pipeline") => {}
        (Item::Enum(e), _) => cx.error(
            e.ident.span(),
            format!("`#[{attribute}]` goes on a unit struct: `pub struct {};`", e.ident),
        ),
        (Item::Struct(s), "pipeline") => cx.error(
            s.ident.span(),
            format!(
                "`#[pipeline]` goes on an enum whose variants are the stages: `pub enum {} {{ Source, Build }}`",
                s.ident
            ),
        ),
        (Item::Struct(s), _)
            if !matches!(s.fields, syn::Fields::Unit) || !s.generics.params.is_empty() =>
        {
            cx.error(
                s.ident.span(),
                format!("a resource item is a unit struct: `pub struct {};`", s.ident),
            );
        }
        _ => {}
    }
}

/// The text of `///` doc comments, lines joined with spaces.
pub fn doc_text(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// Stack-level settings from `#[stack(...)]`.
pub struct StackHeader {
    pub name: String,
    pub description: Option<String>,
    pub tags: BTreeMap<String, String>,
}

impl StackHeader {
    fn into_stack(
        self,
        doc: Option<String>,
        resources: Vec<Resource>,
        outputs: Vec<Output>,
    ) -> StackDef {
        StackDef {
            name: self.name,
            description: self.description.or(doc),
            tags: self.tags,
            resources,
            outputs,
            moved: Default::default(),
        }
    }
}

impl Common {
    fn into_resource(self, id: String, kind: ResourceKind) -> Resource {
        Resource {
            id,
            kind,
            description: self.description,
            removal: self.removal,
            tags: self.tags,
            depends_on: self.depends_on,
            suppressions: self.suppressions,
        }
    }
}
