//! Typed handles: each item of a stack is a type, and its values (`name`,
//! `arn`, `uri`) are typed references usable from plain Rust as well as in
//! attributes.

use cicd_dsl_core::{Attr, ItemRef, Kind};

/// An item of a stack. Implemented by `#[stack]` for every resource item.
pub trait Item {
    /// The item's name, which is also its logical ID.
    const ID: &'static str;
    const KIND: Kind;

    /// The item's physical name (`Ref`).
    fn name() -> ItemRef {
        ItemRef::new(Self::ID, Attr::Name)
    }

    /// The item's ARN.
    fn arn() -> ItemRef {
        ItemRef::new(Self::ID, Attr::Arn)
    }
}

/// A stack output. Implemented by `#[stack]` for every `#[output]` item.
pub trait OutputItem {
    /// The output's name in the template and in deploy results.
    const NAME: &'static str;
}

/// The repository URI, for repositories only.
pub trait RepositoryUri: crate::kinds::Repository + Item {
    fn uri() -> ItemRef {
        ItemRef::new(Self::ID, Attr::Uri)
    }
}

impl<T: crate::kinds::Repository + Item> RepositoryUri for T {}
