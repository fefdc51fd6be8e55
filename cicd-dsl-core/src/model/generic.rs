//! Generic items: any CloudFormation resource type, declared with its
//! properties as CloudFormation spells them and checked against the type's
//! registry schema (`rules::schema`).
//!
//! ```
//! use cicd_dsl_core::{Attr, FieldPath, Generic, ItemRef, PropValue};
//! let queue = Generic::new("AWS::SQS::Queue")
//!     .with("VisibilityTimeout", PropValue::Number("60".into()))
//!     .with(
//!         "RedrivePolicy",
//!         PropValue::object([
//!             ("deadLetterTargetArn", PropValue::Ref(ItemRef::new("Dlq", Attr::Arn))),
//!             ("maxReceiveCount", PropValue::Number("5".into())),
//!         ]),
//!     );
//! let refs = queue.references();
//! assert_eq!(refs[0].field, FieldPath::root().field("RedrivePolicy").field("deadLetterTargetArn"));
//! ```

use super::FieldPath;
use super::reference::{Attr, ItemRef, Reference};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A resource of any CloudFormation type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generic {
    /// `AWS::SQS::Queue`.
    pub type_name: String,
    /// The resource's `Properties`, by their CloudFormation names.
    pub properties: BTreeMap<String, PropValue>,
}

/// One property value as the user wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PropValue {
    String(String),
    /// The literal's digits as written (without `_` or a type suffix):
    /// the model keeps the user's text; synthesis emits the JSON number it
    /// parses to (`0.10` becomes `0.1`).
    Number(String),
    Bool(bool),
    List(Vec<PropValue>),
    /// `{ Key = value, ... }`; keys in the order written.
    Object(Vec<(String, PropValue)>),
    /// `Item` (`Ref`), `Item.arn()`, `Item.attr("QueueUrl")` (`Fn::GetAtt`).
    Ref(ItemRef),
    /// `sub("arn:${AWS::Partition}:...:${Table.Arn}/index/*")`.
    Sub(Vec<SubPart>),
}

/// A piece of a `sub(...)` string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubPart {
    /// Text kept as it is, pseudo parameters (`${AWS::Region}`) and
    /// escapes (`${!Literal}`) included.
    Text(String),
    /// `${Item}` or `${Item.Attribute}`.
    Ref(ItemRef),
}

impl Generic {
    pub fn new(type_name: impl Into<String>) -> Self {
        Generic {
            type_name: type_name.into(),
            properties: BTreeMap::new(),
        }
    }

    /// Adds a property (builder style, for stacks written in plain Rust).
    pub fn with(mut self, name: impl Into<String>, value: PropValue) -> Self {
        self.properties.insert(name.into(), value);
        self
    }

    /// Every reference inside the properties, at the path of the value
    /// that holds it (a `sub(...)` string's references share its path).
    pub fn references(&self) -> Vec<Reference> {
        let mut refs = Vec::new();
        for (name, value) in &self.properties {
            value.collect_references(FieldPath::root().field(name), &mut refs);
        }
        refs
    }
}

impl PropValue {
    /// An object from `(key, value)` pairs, in order.
    pub fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, PropValue)>) -> Self {
        PropValue::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    fn collect_references(&self, at: FieldPath, out: &mut Vec<Reference>) {
        match self {
            PropValue::String(_) | PropValue::Number(_) | PropValue::Bool(_) => {}
            PropValue::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.collect_references(at.clone().index(i), out);
                }
            }
            PropValue::Object(entries) => {
                for (key, value) in entries {
                    value.collect_references(at.clone().field(key), out);
                }
            }
            PropValue::Ref(target) => out.push(Reference {
                field: at,
                target: target.clone(),
                expected: None,
            }),
            PropValue::Sub(parts) => {
                for part in parts {
                    if let SubPart::Ref(target) = part {
                        out.push(Reference {
                            field: at.clone(),
                            target: target.clone(),
                            expected: None,
                        });
                    }
                }
            }
        }
    }
}

impl SubPart {
    /// Splits `Fn::Sub` text into text and references: `${Item}` and
    /// `${Item.Attr}` are references; `${AWS::Region}` (any name with
    /// `::`) and `${!Escaped}` stay text. Unclosed `${` stays text too.
    pub fn parse(text: &str) -> Vec<SubPart> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            literal.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                literal.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            if name.starts_with('!') || name.contains("::") || name.is_empty() {
                literal.push_str(&rest[start..start + 3 + end]);
            } else {
                if !literal.is_empty() {
                    parts.push(SubPart::Text(std::mem::take(&mut literal)));
                }
                let reference = match name.split_once('.') {
                    Some((item, attr)) => ItemRef::new(item, Attr::Get(attr.to_owned())),
                    None => ItemRef::new(name, Attr::Name),
                };
                parts.push(SubPart::Ref(reference));
            }
            rest = &after[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(SubPart::Text(literal));
        }
        parts
    }

    /// The parts back as `Fn::Sub` text.
    pub fn text(parts: &[SubPart]) -> String {
        let mut out = String::new();
        for part in parts {
            match part {
                SubPart::Text(text) => out.push_str(text),
                SubPart::Ref(r) => match &r.attr {
                    Attr::Get(attr) => out.push_str(&format!("${{{}.{attr}}}", r.item)),
                    Attr::Arn => out.push_str(&format!("${{{}.Arn}}", r.item)),
                    _ => out.push_str(&format!("${{{}}}", r.item)),
                },
            }
        }
        out
    }
}

/// Types whose resources hold data that a replacement or deletion loses:
/// generic items of these types are retained by default, and the deploy
/// guard refuses to replace or delete them without `--allow-replace`.
/// The built-in stateful kinds' types are in the list too, so the guard
/// can read this one list.
pub const STATEFUL_TYPES: &[&str] = &[
    "AWS::Backup::BackupVault",
    "AWS::Cognito::UserPool",
    "AWS::DocDB::DBCluster",
    "AWS::DocDB::DBInstance",
    "AWS::DynamoDB::GlobalTable",
    "AWS::DynamoDB::Table",
    "AWS::EC2::Volume",
    "AWS::ECR::Repository",
    "AWS::EFS::FileSystem",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::Elasticsearch::Domain",
    "AWS::FSx::FileSystem",
    "AWS::Kinesis::Stream",
    "AWS::KMS::Key",
    "AWS::Logs::LogGroup",
    "AWS::Neptune::DBCluster",
    "AWS::OpenSearchService::Domain",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::Redshift::Cluster",
    "AWS::S3::Bucket",
    "AWS::S3Express::DirectoryBucket",
    "AWS::SecretsManager::Secret",
    "AWS::SQS::Queue",
    "AWS::SSM::Parameter",
    "AWS::Timestream::Database",
    "AWS::Timestream::Table",
];

/// Whether resources of `type_name` hold data (see [`STATEFUL_TYPES`]).
pub fn is_stateful_type(type_name: &str) -> bool {
    STATEFUL_TYPES.contains(&type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_text_splits_into_references_and_text() {
        let parts = SubPart::parse("arn:${AWS::Partition}:x:${Table.Arn}/index/*${!Lit}${Q}");
        assert_eq!(
            parts,
            vec![
                SubPart::Text("arn:${AWS::Partition}:x:".into()),
                SubPart::Ref(ItemRef::new("Table", Attr::Get("Arn".into()))),
                SubPart::Text("/index/*${!Lit}".into()),
                SubPart::Ref(ItemRef::new("Q", Attr::Name)),
            ]
        );
        assert_eq!(
            SubPart::text(&parts),
            "arn:${AWS::Partition}:x:${Table.Arn}/index/*${!Lit}${Q}"
        );
        assert_eq!(
            SubPart::parse("no ${ end"),
            vec![SubPart::Text("no ${ end".into())]
        );
    }

    #[test]
    fn the_stateful_list_is_sorted_and_names_real_types() {
        let mut sorted = STATEFUL_TYPES.to_vec();
        sorted.sort_unstable_by_key(|t| t.to_ascii_lowercase());
        assert_eq!(sorted, STATEFUL_TYPES);
        for t in STATEFUL_TYPES {
            assert!(cicd_dsl_cfn::Catalog::contains(t), "{t}");
        }
    }

    #[test]
    fn references_carry_the_path_of_their_value() {
        let g = Generic::new("AWS::X::Y").with(
            "L",
            PropValue::List(vec![
                PropValue::String("a".into()),
                PropValue::Sub(SubPart::parse("${A}-${B.Url}")),
            ]),
        );
        let refs = g.references();
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[1].field, FieldPath::root().field("L").index(1));
        assert_eq!(refs[1].target.attr, Attr::Get("Url".into()));
    }
}
