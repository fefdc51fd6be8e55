//! References between items. They become `Ref`, `Fn::GetAtt` or `Fn::Sub`
//! in the template; see `synth::expr`.

use serde::{Deserialize, Serialize};

/// Which value of an item a reference asks for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attr {
    /// The physical name (bucket name, repository name, function name, ...);
    /// for a generic item, whatever its type's `Ref` returns.
    Name,
    Arn,
    /// An ECR repository's URI (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`).
    Uri,
    /// `Item.attr("QueueUrl")`: a `Fn::GetAtt` attribute by its
    /// CloudFormation name, checked against the schema of the item's type.
    Get(String),
}

impl Attr {
    /// The accessor a user writes, without its arguments.
    pub fn method(&self) -> &'static str {
        match self {
            Attr::Name => "name",
            Attr::Arn => "arn",
            Attr::Uri => "uri",
            Attr::Get(_) => "attr",
        }
    }

    /// How the accessor reads in a message: `arn()`, `attr("QueueUrl")`.
    pub fn call(&self) -> String {
        match self {
            Attr::Get(name) => format!("attr({name:?})"),
            other => format!("{}()", other.method()),
        }
    }
}

/// A reference to another item of the stack (or to the item itself when an
/// attribute is asked for).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ItemRef {
    pub item: String,
    pub attr: Attr,
}

impl ItemRef {
    pub fn new(item: impl Into<String>, attr: Attr) -> Self {
        ItemRef {
            item: item.into(),
            attr,
        }
    }
}

/// A property value that is either known now or resolved by CloudFormation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    Literal(String),
    Ref(ItemRef),
}

/// One place where an item refers to another: the property (the path the
/// macros record its span under), what it points at, and the kind it must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub field: super::FieldPath,
    pub target: ItemRef,
    pub expected: Option<super::Kind>,
}

impl Reference {
    /// Grants and statements live in the role's separate policy resource,
    /// so they never order the items themselves.
    pub fn orders_items(&self) -> bool {
        !(self.field.is_under("grants") || self.field.is_under("statements"))
    }

    pub fn new(
        field: impl Into<super::FieldPath>,
        item: &str,
        attr: Attr,
        expected: Option<super::Kind>,
    ) -> Self {
        Reference {
            field: field.into(),
            target: ItemRef::new(item, attr),
            expected,
        }
    }
}
