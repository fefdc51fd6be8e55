//! The decoded schema of one resource type.
//!
//! The shape follows the CloudFormation resource provider schema (a JSON
//! schema with CloudFormation's own keys), reduced by
//! `scripts/gen-cfn-catalog.py`: `$ref` holds a definition name, not a JSON
//! pointer, and the keywords of the `Properties` object sit under `root`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::Value;

/// One resource type's schema.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSchema {
    /// `AWS::SQS::Queue`.
    pub type_name: String,
    /// First sentence of AWS's description of the type.
    #[serde(default)]
    pub description: Option<String>,
    /// The schema of the resource's `Properties` object: `properties`,
    /// `required`, `additionalProperties`, and type-level `oneOf`, `anyOf`,
    /// `allOf`, `requiredXor`, `requiredOr`, `dependentExcluded`,
    /// `dependentRequired`.
    pub root: Schema,
    /// Named sub-schemas that `$ref` points at (by name). Some are recursive.
    #[serde(default)]
    pub definitions: BTreeMap<String, Schema>,
    /// JSON pointers (`/properties/Endpoint/Address`; `*` for any array
    /// element). Use [`ResourceSchema::read_only`] for attribute names.
    #[serde(default)]
    pub read_only_properties: Vec<String>,
    #[serde(default)]
    pub create_only_properties: Vec<String>,
    #[serde(default)]
    pub conditional_create_only_properties: Vec<String>,
    #[serde(default)]
    pub write_only_properties: Vec<String>,
    #[serde(default)]
    pub deprecated_properties: Vec<String>,
    #[serde(default)]
    pub primary_identifier: Vec<String>,
    #[serde(default)]
    pub additional_identifiers: Vec<Vec<String>>,
    #[serde(default)]
    pub tagging: Option<Tagging>,
    /// JSONata expressions CloudFormation applies to a property before
    /// comparing it with what the service returns (drift detection).
    #[serde(default)]
    pub property_transform: BTreeMap<String, String>,
    /// `create_then_delete` or `delete_then_create`, when stated.
    #[serde(default)]
    pub replacement_strategy: Option<String>,
    /// cfn-lint's `Fn::GetAtt` names where they differ from the read-only
    /// properties (some types allow every property; `Outputs.*` stands for
    /// any `Outputs.<name>`). Use [`ResourceSchema::attributes`].
    #[serde(default)]
    pub get_atts: Option<Vec<String>>,
}

/// The schema's `tagging` section.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Tagging {
    #[serde(default = "yes")]
    pub taggable: bool,
    #[serde(default = "yes")]
    pub tag_on_create: bool,
    #[serde(default = "yes")]
    pub tag_updatable: bool,
    #[serde(default = "yes")]
    pub cloud_formation_system_tags: bool,
    /// JSON pointer of the property holding the tags (`/properties/Tags`).
    #[serde(default)]
    pub tag_property: Option<String>,
}

fn yes() -> bool {
    true
}

/// How a type's tag property is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagShape {
    /// An array of `{Key, Value}` objects.
    KeyValueList,
    /// An object whose keys are tag keys and whose values are strings.
    Map,
    /// Something else (a type-specific structure).
    Other,
}

/// What [`ResourceSchema::tags`] reports about tagging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInfo {
    pub taggable: bool,
    /// The property that holds the tags (`Tags`); a dotted path when nested.
    pub property: Option<String>,
    /// Its shape, when the property exists in the schema.
    pub shape: Option<TagShape>,
    pub updatable: bool,
}

/// The JSON types a schema can demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Null,
}

impl JsonType {
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Null => "null",
        }
    }

    fn parse(name: &str) -> Option<JsonType> {
        Some(match name {
            "string" => JsonType::String,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "null" => JsonType::Null,
            _ => return None,
        })
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `"type": "string"` or `"type": ["string", "object"]`.
fn types<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<JsonType>, D::Error> {
    struct TypesVisitor;
    impl<'de> Visitor<'de> for TypesVisitor {
        type Value = Vec<JsonType>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON type name or a list of them")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            JsonType::parse(v)
                .map(|t| vec![t])
                .ok_or_else(|| E::custom(format!("unknown type {v:?}")))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(name) = seq.next_element::<&str>()? {
                out.push(
                    JsonType::parse(name)
                        .ok_or_else(|| de::Error::custom(format!("unknown type {name:?}")))?,
                );
            }
            Ok(out)
        }
    }
    deserializer.deserialize_any(TypesVisitor)
}

/// `additionalProperties`: a boolean or a schema for the extra values.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Additional {
    Allowed(bool),
    Schema(Box<Schema>),
}

/// `dependencies`: a list of names or a schema.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Dependency {
    Required(Vec<String>),
    Schema(Box<Schema>),
}

/// A property that names another resource (`relationshipRef`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipRef {
    pub type_name: String,
    pub property_path: String,
}

/// One JSON-schema node (a property, a definition, an item schema, ...).
///
/// Every keyword is optional: one a node does not state takes its empty
/// value (the struct's `Default`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Schema {
    /// Empty when the schema states no type.
    #[serde(rename = "type", deserialize_with = "types")]
    pub types: Vec<JsonType>,
    /// Name of a definition in [`ResourceSchema::definitions`].
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// First sentence of AWS's description (properties only).
    pub description: Option<String>,

    pub properties: BTreeMap<String, Schema>,
    pub pattern_properties: BTreeMap<String, Schema>,
    pub additional_properties: Option<Additional>,
    pub required: Vec<String>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,

    pub items: Option<Box<Schema>>,
    pub prefix_items: Vec<Schema>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: Option<bool>,
    /// `false`: the order of the items does not matter (CloudFormation
    /// compares them as a set).
    pub insertion_order: Option<bool>,

    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    pub enum_case_insensitive: Option<Vec<Value>>,
    #[serde(rename = "const")]
    pub const_value: Option<Value>,
    pub default: Option<Value>,

    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,

    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// ECMA-262-style regular expression; matched anywhere in the value
    /// (patterns carry their own `^`/`$`).
    pub pattern: Option<String>,
    /// cfn-lint's format names (`AWS::IAM::Role.Arn`, `date-time`, `json`, ...).
    pub format: Option<String>,

    pub one_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub all_of: Vec<Schema>,
    pub not: Option<Box<Schema>>,
    #[serde(rename = "if")]
    pub if_: Option<Box<Schema>>,
    pub then: Option<Box<Schema>>,
    #[serde(rename = "else")]
    pub else_: Option<Box<Schema>>,

    /// Exactly one of these properties must be set.
    pub required_xor: Vec<String>,
    /// At least one of these properties must be set.
    pub required_or: Vec<String>,
    /// When the key is set, none of the listed properties may be.
    pub dependent_excluded: BTreeMap<String, Vec<String>>,
    /// When the key is set, all of the listed properties must be.
    pub dependent_required: BTreeMap<String, Vec<String>>,
    pub dependencies: BTreeMap<String, Dependency>,

    pub relationship_ref: Option<RelationshipRef>,
}

impl Schema {
    /// The property's schema, without following `$ref`.
    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.properties.get(name)
    }

    /// Whether the node demands this type (a node without a type demands none).
    pub fn allows_type(&self, t: JsonType) -> bool {
        self.types.is_empty() || self.types.contains(&t)
    }
}

/// [`pointer_to_name`] of each pointer of a schema's property list.
fn pointer_names(pointers: &[String]) -> Vec<String> {
    pointers.iter().map(|p| pointer_to_name(p)).collect()
}

/// Turns `/properties/Endpoint/Address` into `Endpoint.Address`, as
/// `Fn::GetAtt` spells it (cfn-lint does the same).
pub fn pointer_to_name(pointer: &str) -> String {
    pointer
        .strip_prefix("/properties/")
        .unwrap_or(pointer)
        .replace('/', ".")
}

impl ResourceSchema {
    /// Follows `$ref` (and chains of them) to the schema that holds the rules.
    /// Unknown names resolve to the node itself; the catalog's tests check
    /// that none exist.
    pub fn resolve<'a>(&'a self, mut schema: &'a Schema) -> &'a Schema {
        for _ in 0..16 {
            match schema
                .reference
                .as_deref()
                .and_then(|r| self.definitions.get(r))
            {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    /// A top-level property's schema, `$ref` followed.
    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.root.properties.get(name).map(|s| self.resolve(s))
    }

    /// Names of the top-level properties, sorted.
    pub fn property_names(&self) -> impl Iterator<Item = &str> {
        self.root.properties.keys().map(String::as_str)
    }

    /// A definition by name.
    pub fn definition(&self, name: &str) -> Option<&Schema> {
        self.definitions.get(name)
    }

    /// Properties a template must set.
    pub fn required(&self) -> &[String] {
        &self.root.required
    }

    /// Read-only properties as `Fn::GetAtt` attribute names: `Arn`,
    /// `QueueUrl`, `Endpoint.Address`.
    pub fn read_only(&self) -> Vec<String> {
        pointer_names(&self.read_only_properties)
    }

    /// The names `Fn::GetAtt` accepts, as cfn-lint computes them: the
    /// read-only properties, or for some types every property (`QueueName`
    /// on `AWS::SQS::Queue`).
    pub fn attributes(&self) -> Vec<String> {
        match &self.get_atts {
            Some(names) => names.clone(),
            None => self.read_only(),
        }
    }

    /// Whether `Fn::GetAtt` can read this attribute (see
    /// [`ResourceSchema::attributes`]).
    pub fn has_attribute(&self, name: &str) -> bool {
        match &self.get_atts {
            Some(names) => names.iter().any(|n| match n.strip_suffix(".*") {
                Some(prefix) if !prefix.contains(".*") => name
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.len() > 1 && rest.starts_with('.')),
                _ => n == name,
            }),
            None => self
                .read_only_properties
                .iter()
                .any(|p| pointer_to_name(p) == name),
        }
    }

    /// Properties whose change replaces the resource (dotted names).
    pub fn create_only(&self) -> Vec<String> {
        pointer_names(&self.create_only_properties)
    }

    /// Properties whose change replaces the resource only in some cases.
    pub fn conditional_create_only(&self) -> Vec<String> {
        pointer_names(&self.conditional_create_only_properties)
    }

    /// Properties that are never read back (drift detection cannot see them).
    pub fn write_only(&self) -> Vec<String> {
        pointer_names(&self.write_only_properties)
    }

    /// Properties the schema marks deprecated.
    pub fn deprecated(&self) -> Vec<String> {
        pointer_names(&self.deprecated_properties)
    }

    /// The properties that identify an instance (what an IMPORT needs).
    pub fn primary_identifier(&self) -> Vec<String> {
        pointer_names(&self.primary_identifier)
    }

    /// Whether changing this top-level property replaces the resource.
    pub fn is_create_only(&self, name: &str) -> bool {
        self.create_only_properties
            .iter()
            .any(|p| pointer_to_name(p) == name)
    }

    /// Whether the type can be tagged, which property holds the tags and how
    /// they are shaped.
    pub fn tags(&self) -> TagInfo {
        let Some(tagging) = &self.tagging else {
            return TagInfo {
                taggable: false,
                property: None,
                shape: None,
                updatable: false,
            };
        };
        let property = tagging.tag_property.as_deref().map(pointer_to_name);
        let shape = tagging
            .tag_property
            .as_deref()
            .and_then(|p| self.schema_at(p))
            .map(|s| self.tag_shape(s));
        TagInfo {
            taggable: tagging.taggable,
            property,
            shape,
            updatable: tagging.tag_updatable,
        }
    }

    /// The schema at a `/properties/A/B` pointer (`*` steps into items).
    pub fn schema_at(&self, pointer: &str) -> Option<&Schema> {
        let mut node = &self.root;
        for step in pointer.strip_prefix("/properties/")?.split('/') {
            let resolved = self.resolve(node);
            node = if step == "*" {
                resolved.items.as_deref()?
            } else {
                resolved.properties.get(step)?
            };
        }
        Some(self.resolve(node))
    }

    fn tag_shape(&self, schema: &Schema) -> TagShape {
        if schema.types.contains(&JsonType::Array) {
            if let Some(item) = schema.items.as_deref() {
                let item = self.resolve(item);
                if item.properties.contains_key("Key") && item.properties.contains_key("Value") {
                    return TagShape::KeyValueList;
                }
            }
            return TagShape::Other;
        }
        if schema.types.contains(&JsonType::Object) && schema.properties.is_empty() {
            let string_values = |s: &Schema| self.resolve(s).types.contains(&JsonType::String);
            let by_pattern = schema.pattern_properties.values().any(string_values);
            let by_additional = matches!(&schema.additional_properties, Some(Additional::Schema(s)) if string_values(s));
            if by_pattern || by_additional || schema.additional_properties.is_none() {
                return TagShape::Map;
            }
        }
        TagShape::Other
    }
}
