//! The marker traits of `cicd_dsl::kinds`, one per kind of the core, so
//! that code outside a stack module can require "a bucket" or "a role" and
//! get a clear error otherwise. `on_unimplemented` takes only literal
//! strings, which a declarative macro cannot build from the kind's noun;
//! written out here from the core's one list of kinds, they cannot drift
//! from it.

use cicd_dsl_core::Kind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Every kind's marker trait, as `cicd_dsl::kinds` declares them.
pub fn kind_markers() -> TokenStream {
    Kind::all().map(marker_trait).collect()
}

/// `pub trait Bucket: crate::Item {}` with the error a wrong item gets.
fn marker_trait(kind: Kind) -> TokenStream {
    let noun = kind.noun();
    let name = format_ident!("{}", kind.marker());
    let doc = format!("Implemented by every item that is {noun}.");
    let message = format!("`{{Self}}` is not {noun}");
    let label = format!("expected {noun} here");
    let note = format!(
        "declare {noun} in a `#[stack]` module with `#[{}]`",
        kind.attribute()
    );
    quote! {
        #[doc = #doc]
        #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
        pub trait #name: crate::Item {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_trait_for_every_kind_of_the_core() {
        let text = kind_markers().to_string();
        assert_eq!(
            text.matches("pub trait").count(),
            Kind::all().count(),
            "one trait per kind"
        );
        for kind in Kind::all() {
            let block = marker_trait(kind).to_string();
            let declaration = format!("pub trait {} : crate :: Item {{ }}", kind.marker());
            let message = format!("message = \"`{{Self}}` is not {}\"", kind.noun());
            let note = format!("with `#[{}]`", kind.attribute());
            assert!(block.contains(&declaration), "{kind:?}: {declaration}");
            assert!(block.contains(&message), "{kind:?}: {message}");
            assert!(block.contains(&note), "{kind:?}: {note}");
        }
    }

    /// The bucket's trait spelled out, as a user reads its error.
    #[test]
    fn the_bucket_marker_names_the_attribute_that_declares_one() {
        let block = marker_trait(Kind::Bucket).to_string();
        for text in [
            "\"Implemented by every item that is an S3 bucket.\"",
            "message = \"`{Self}` is not an S3 bucket\"",
            "label = \"expected an S3 bucket here\"",
            "note = \"declare an S3 bucket in a `#[stack]` module with `#[bucket]`\"",
        ] {
            assert!(block.contains(text), "{text} in {block}");
        }
    }
}
