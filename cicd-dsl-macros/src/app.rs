//! `#[cicd_dsl::app]`: a module whose `#[stack(...)]` modules are the
//! stacks of one binary. Every stack is parsed as `#[stack]` parses one,
//! then the app is checked as one stack holding every item, so a reference
//! from one stack to another is typed and checked like any reference; on
//! top of that, stacks that would import from each other are an error at
//! the reference that closes the cycle.

use crate::check;
use crate::ctxt::Ctxt;
use crate::expand::{handle, warning};
use crate::parse::{self, Parsed, STACK_ITEM, Spans};
use cicd_dsl_core::rules::stack::stack_name_problem;
use cicd_dsl_core::{AppDef, AppStack, Path, StackDef};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use syn::{Item, ItemMod};

pub fn app(args: TokenStream, input: TokenStream) -> TokenStream {
    let Ok(mut module) = syn::parse2::<ItemMod>(input) else {
        return syn::Error::new(
            Span::call_site(),
            "`#[app]` goes on a module of `#[stack(name = \"...\")]` modules: `pub mod my_app { ... }`",
        )
        .to_compile_error();
    };
    let cx = Ctxt::new();
    if !args.is_empty() {
        cx.error(
            args.clone()
                .into_iter()
                .next()
                .map_or(Span::call_site(), |t| t.span()),
            "`#[app]` takes no arguments; each `#[stack(...)]` module inside it names its stack",
        );
    }
    let crate_dir =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let members = parse_members(&cx, &mut module, &crate_dir);
    if members.is_empty() {
        cx.error(
            module.ident.span(),
            "an app declares its stacks as modules inside it: `#[stack(name = \"artifacts\")] pub mod artifacts { ... }`",
        );
    }
    let merged = merge(&cx, &members);
    let warnings = check::stack(&cx, &merged.parsed, check::build_day());
    if !cx.has_errors() {
        check_stack_cycle(&cx, &merged.app, &merged.parsed.spans);
    }
    let valid = !cx.has_errors();
    let errors = cx.into_compile_errors();
    let mut generated = generate(&module, &members, &merged, valid, errors);
    generated.extend(warnings.iter().map(warning));
    generated
}

/// One `#[stack]` module of the app: its place among the app's items and
/// what parsing it gave.
struct Member {
    index: usize,
    parsed: Parsed,
    /// Where the stack's name was written.
    name_span: Span,
}

fn parse_members(cx: &Ctxt, module: &mut ItemMod, crate_dir: &std::path::Path) -> Vec<Member> {
    let Some((_, items)) = module.content.as_mut() else {
        cx.error(
            module.ident.span(),
            "`#[app]` needs an inline module: `mod name { ... }`",
        );
        return Vec::new();
    };
    let mut members = Vec::new();
    for (index, item) in items.iter_mut().enumerate() {
        let Item::Mod(inner) = item else { continue };
        let Some(position) = inner
            .attrs
            .iter()
            .position(|a| a.path().segments.last().is_some_and(|s| s.ident == "stack"))
        else {
            continue;
        };
        let attr = inner.attrs.remove(position);
        let args = match &attr.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        let parsed = parse::stack(cx, args, inner.clone(), crate_dir);
        let name_span = parsed
            .spans
            .exact(&Path::new(STACK_ITEM, "name"))
            .unwrap_or_else(|| inner.ident.span());
        members.push(Member {
            index,
            parsed,
            name_span,
        });
    }
    members
}

/// The app as one stack (for the rules) and as its stacks.
struct Merged {
    parsed: Parsed,
    app: AppDef,
}

fn merge(cx: &Ctxt, members: &[Member]) -> Merged {
    let mut spans = Spans::default();
    let mut merged = StackDef::new(
        members
            .first()
            .map_or_else(String::new, |m| m.parsed.stack.name.clone()),
        Vec::new(),
    );
    let mut stacks = Vec::new();
    let mut errored_items = BTreeSet::new();
    let mut tracked_files = Vec::new();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut names = BTreeSet::new();
    for (position, member) in members.iter().enumerate() {
        let stack = &member.parsed.stack;
        if !stack.name.is_empty() {
            if !names.insert(stack.name.clone()) {
                cx.error(
                    member.name_span,
                    format!("two stacks of the app are named `{}`", stack.name),
                );
            } else if let Some(problem) = stack_name_problem(&stack.name)
                // The rules check the first stack's name (the merged stack's).
                && position > 0
            {
                cx.error(member.name_span, format!("{problem} [stack-name]"));
            }
        }
        for (ident, _) in &member.parsed.items {
            let id = ident.to_string();
            if let Some(first) = owner.insert(id.clone(), stack.name.clone()) {
                cx.error_help(
                    ident.span(),
                    format!("`{id}` is already an item of stack `{first}`"),
                    Some("item names are unique in an app: they are logical IDs, and references and export names use them"),
                );
            }
        }
        spans.extend_from(&member.parsed.spans, |path| path.item_name() != STACK_ITEM);
        merged.resources.extend(stack.resources.iter().cloned());
        merged.outputs.extend(stack.outputs.iter().cloned());
        errored_items.extend(member.parsed.errored_items.iter().cloned());
        tracked_files.extend(member.parsed.tracked_files.iter().cloned());
        stacks.push(AppStack {
            name: stack.name.clone(),
            description: stack.description.clone(),
            tags: stack.tags.clone(),
            items: stack.resources.iter().map(|r| r.id.clone()).collect(),
            outputs: stack.outputs.iter().map(|o| o.name.clone()).collect(),
        });
    }
    if let Some(first) = members.first() {
        spans.extend_from(&first.parsed.spans, |path| path.item_name() == STACK_ITEM);
    }
    let module = members.first().map_or_else(
        || {
            syn::parse_quote!(
                mod app {}
            )
        },
        |m| m.parsed.module.clone(),
    );
    let app = AppDef {
        merged: merged.clone(),
        stacks,
    };
    Merged {
        parsed: Parsed {
            stack: merged,
            spans,
            module,
            items: Vec::new(),
            tracked_files,
            errored_items,
        },
        app,
    }
}

/// Stacks import from the stacks they refer to, so a cycle among them
/// could never deploy: the error is at a reference that closes it.
fn check_stack_cycle(cx: &Ctxt, app: &AppDef, spans: &Spans) {
    let Err(cycle) = app.deploy_order() else {
        return;
    };
    let members = &cycle.members;
    let crosses = app.cross_references();
    // members[i] needs members[i + 1]: find the reference behind one edge.
    for (i, consumer) in members.iter().enumerate() {
        let producer = &members[(i + 1) % members.len()];
        let Some(cross) = crosses
            .iter()
            .find(|c| c.consumer == consumer && c.producer == producer)
        else {
            continue;
        };
        let path = Path::new(cross.from, cross.reference.field.clone());
        let mut route = members.clone();
        route.push(members[0].clone());
        cx.error_help(
            spans.at(&path),
            format!(
                "stack `{consumer}` refers to `{}` of stack `{producer}`, which refers back to `{consumer}`: the stacks import from each other ({}) [stack-cycle]",
                cross.reference.target.item,
                route.join(" -> "),
            ),
            Some("a stack can only refer to stacks that do not refer to it; move one of the items into the other stack, or both into a stack they refer to"),
        );
        return;
    }
}

fn generate(
    module: &ItemMod,
    members: &[Member],
    merged: &Merged,
    valid: bool,
    errors: TokenStream,
) -> TokenStream {
    let ItemMod {
        attrs,
        vis,
        mod_token,
        ident,
        content,
        ..
    } = module;
    let mut items: Vec<TokenStream> = content
        .as_ref()
        .map(|(_, items)| items.iter().map(|i| quote!(#i)).collect())
        .unwrap_or_default();
    for member in members {
        items[member.index] = member_module(&member.parsed);
    }
    let app_fn = if valid {
        let spec = serde_json::to_string(&merged.app).expect("the model serializes");
        let tracked = &merged.parsed.tracked_files;
        quote! {
            /// The stacks this module declares, as checked at compile time.
            pub fn app() -> ::cicd_dsl::AppDef {
                ::cicd_dsl::__private::app_from_spec(APP_SPEC)
            }
            const APP_SPEC: &str = #spec;
            #( const _: &[u8] = include_bytes!(#tracked); )*
        }
    } else {
        quote! {
            /// The stacks this module declares (not available: it has errors).
            pub fn app() -> ::cicd_dsl::AppDef {
                unreachable!("the app did not compile")
            }
        }
    };
    quote! {
        #(#attrs)*
        #vis #mod_token #ident {
            #(#items)*
            #app_fn
            #errors
        }
    }
}

/// A stack module as written (minus our attributes), with its items'
/// handles.
fn member_module(parsed: &Parsed) -> TokenStream {
    let ItemMod {
        attrs,
        vis,
        mod_token,
        ident,
        content,
        ..
    } = &parsed.module;
    let items = content
        .as_ref()
        .map(|(_, items)| items.clone())
        .unwrap_or_default();
    let handles = parsed.items.iter().map(|(item, role)| handle(item, *role));
    quote! {
        #(#attrs)*
        #vis #mod_token #ident {
            #(#items)*
            #(#handles)*
        }
    }
}
