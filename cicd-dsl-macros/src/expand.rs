//! Code generation: the module as written (minus our attributes), a typed
//! handle for each item, and `stack()` returning the checked model.

use crate::ctxt::Ctxt;
use crate::parse::{self, ItemRole, Parsed};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::ItemMod;

pub fn stack(args: TokenStream, input: TokenStream) -> TokenStream {
    let module: ItemMod = match syn::parse2(input.clone()) {
        Ok(module) => module,
        Err(_) => {
            return syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[stack]` goes on a module: `pub mod my_stack { ... }`",
            )
            .to_compile_error();
        }
    };
    let cx = Ctxt::new();
    let crate_dir =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let parsed = parse::stack(&cx, args, module, &crate_dir);
    let warnings = crate::check::stack(&cx, &parsed, crate::check::build_day());
    let errors = cx.has_errors().then_some(());
    let compile_errors = cx.into_compile_errors();
    // On errors, still expand the items and their handles so that code using
    // them does not add a cascade of unrelated "not found" errors.
    let warnings = warnings.iter().map(warning);
    let mut generated = generate(&parsed, errors.is_none(), compile_errors);
    generated.extend(warnings);
    generated
}

/// Stable Rust gives proc macros no way to emit a warning, but a use of a
/// deprecated item does, at the span of the use and with the note as its
/// text: `warning: use of deprecated constant ...: <message>`.
pub(crate) fn warning(warning: &crate::check::Warning) -> TokenStream {
    let message = &warning.message;
    let use_site = quote::quote_spanned! {warning.span=> cicd_dsl_warning};
    quote! {
        const _: () = {
            #[deprecated(note = #message)]
            #[allow(non_upper_case_globals)]
            const cicd_dsl_warning: () = ();
            #use_site
        };
    }
}

fn generate(parsed: &Parsed, valid: bool, errors: TokenStream) -> TokenStream {
    let ItemMod {
        attrs,
        vis,
        unsafety,
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
    let spec = if valid {
        serde_json::to_string(&parsed.stack).expect("the model serializes")
    } else {
        String::new()
    };
    let tracked = &parsed.tracked_files;
    let stack_fn = if valid {
        quote! {
            /// The stack this module declares, as checked at compile time.
            pub fn stack() -> ::cicd_dsl::StackDef {
                ::cicd_dsl::__private::stack_from_spec(STACK_SPEC)
            }
            const STACK_SPEC: &str = #spec;
            #( const _: &[u8] = include_bytes!(#tracked); )*
        }
    } else {
        quote! {
            /// The stack this module declares (not available: it has errors).
            pub fn stack() -> ::cicd_dsl::StackDef {
                unreachable!("the stack did not compile")
            }
        }
    };
    quote! {
        #(#attrs)*
        #vis #unsafety #mod_token #ident {
            #(#items)*
            #(#handles)*
            #stack_fn
            #errors
        }
    }
}

/// The marker-trait impls that make an item usable as a typed reference.
pub(crate) fn handle(item: &syn::Ident, role: ItemRole) -> TokenStream {
    let id = item.to_string();
    match role {
        ItemRole::Output => quote! {
            impl ::cicd_dsl::OutputItem for #item {
                const NAME: &'static str = #id;
            }
        },
        ItemRole::Resource(kind) => {
            let marker = format_ident!("{}", kind.marker());
            quote! {
                impl ::cicd_dsl::Item for #item {
                    const ID: &'static str = #id;
                    const KIND: ::cicd_dsl::Kind = ::cicd_dsl::Kind::#marker;
                }
                impl ::cicd_dsl::kinds::#marker for #item {}
            }
        }
    }
}

/// A resource attribute used outside a `#[stack]` module.
pub fn outside_stack(name: &str, input: TokenStream) -> TokenStream {
    let message = format!(
        "`#[{name}]` declares a resource of a stack, so it must be on an item inside a `#[cicd_dsl::stack]` module\n\n= help: move this item into the module that has `#[cicd_dsl::stack(name = \"...\")]`"
    );
    let error = syn::Error::new(proc_macro2::Span::call_site(), message).to_compile_error();
    quote! { #error #input }
}
