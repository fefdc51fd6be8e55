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

    /// A repository's URI. On any other kind this does not compile, and
    /// the error says the item is not an ECR repository.
    fn uri() -> ItemRef
    where
        Self: crate::kinds::Repository,
    {
        ItemRef::new(Self::ID, Attr::Uri)
    }

    /// A `Fn::GetAtt` attribute by its CloudFormation name
    /// (`Jobs::attr("QueueUrl")`). In an attribute of a stack the name is
    /// checked against the schema of the item's type at compile time.
    fn attr(name: &str) -> ItemRef {
        ItemRef::new(Self::ID, Attr::Get(name.to_owned()))
    }
}

/// A stack output. Implemented by `#[stack]` for every `#[output]` item.
pub trait OutputItem {
    /// The output's name in the template and in deploy results.
    const NAME: &'static str;
}
