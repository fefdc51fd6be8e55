//! The validator: one case per violation kind, intrinsic functions, and the
//! coercions CloudFormation (and cfn-lint) accept.

use cicd_dsl_cfn::{
    Catalog, JsonType, PathSegment, ResourceSchema, Severity, ViolationKind as K, validate,
};
use serde_json::{Value, json};

fn kinds(schema: &ResourceSchema, properties: Value) -> Vec<K> {
    validate(schema, &properties)
        .into_iter()
        .map(|v| v.kind)
        .collect()
}

fn real(type_name: &str) -> &'static ResourceSchema {
    Catalog::schema(type_name).unwrap()
}

/// A small schema exercising every keyword the validator reads.
fn synthetic() -> ResourceSchema {
    serde_json::from_value(json!({
        "typeName": "Test::Thing::Widget",
        "root": {
            "additionalProperties": false,
            "properties": {
                "Name": { "type": "string", "minLength": 3, "maxLength": 8, "pattern": "^[a-z]+$" },
                "Size": { "type": "integer", "minimum": 1, "maximum": 10 },
                "Ratio": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1 },
                "Step": { "type": "number", "multipleOf": 5 },
                "Mode": { "type": "string", "enum": ["FAST", "SLOW"] },
                "Unit": { "type": "string", "enumCaseInsensitive": ["gb"] },
                "Kind": { "const": "HASH" },
                "Enabled": { "type": "boolean" },
                "List": { "type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": true, "items": { "type": "string" } },
                "Tags": { "type": "array", "items": { "$ref": "Tag" } },
                "Labels": { "type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 2,
                            "patternProperties": { "^[a-z]+$": { "type": "string" } } },
                "Nested": { "$ref": "Nested" },
                "Arn": { "type": "string" },
                "Old": { "type": "string" },
                "User": { "type": "string", "not": { "enum": ["admin"] } },
                "A": { "type": "string" }, "B": { "type": "string" }, "C": { "type": "string" },
                "X": { "type": "string" }, "Y": { "type": "string" },
                "Choice": { "type": "object", "oneOf": [ { "required": ["P"] }, { "required": ["Q"] } ],
                            "properties": { "P": { "type": "string" }, "Q": { "type": "string" } } },
                "Any": { "type": "object", "anyOf": [ { "required": ["P"] }, { "required": ["Q"] } ],
                         "properties": { "P": { "type": "string" }, "Q": { "type": "string" } } },
                "Cond": { "type": "object",
                          "properties": { "Type": { "type": "string" }, "Keys": { "type": "array" } },
                          "if": { "properties": { "Type": { "const": "COMPOSITE" } }, "required": ["Type"] },
                          "then": { "properties": { "Keys": { "minItems": 2 } } } }
            },
            "required": ["Name"],
            "requiredXor": ["X", "Y"],
            "dependentExcluded": { "A": ["B"] },
            "dependentRequired": { "B": ["C"] }
        },
        "definitions": {
            "Tag": { "type": "object", "additionalProperties": false, "required": ["Key", "Value"],
                     "properties": { "Key": { "type": "string", "maxLength": 4 }, "Value": { "type": "string" } } },
            "Nested": { "type": "object", "additionalProperties": false,
                        "properties": { "Inner": { "$ref": "Nested" }, "Leaf": { "type": "integer" } } }
        },
        "readOnlyProperties": ["/properties/Arn", "/properties/Nested/Leaf"],
        "deprecatedProperties": ["/properties/Old"]
    }))
    .unwrap()
}

/// The smallest valid instance of the synthetic schema.
fn base() -> serde_json::Map<String, Value> {
    json!({ "Name": "abc", "X": "x" })
        .as_object()
        .unwrap()
        .clone()
}

fn with(extra: Value) -> Value {
    let mut m = base();
    m.extend(extra.as_object().unwrap().clone());
    Value::Object(m)
}

/// The violation kinds of the smallest valid instance with `extra` added.
fn kinds_with(extra: Value) -> Vec<K> {
    kinds(&synthetic(), with(extra))
}

/// The violations of the smallest valid instance with `extra` added.
fn validate_with(extra: Value) -> Vec<cicd_dsl_cfn::Violation> {
    validate(&synthetic(), &with(extra))
}

#[test]
fn valid_instance_has_no_violations() {
    let s = synthetic();
    assert_eq!(kinds_with(json!({})), vec![]);
    let full = with(json!({
        "Size": 5, "Ratio": 0.5, "Step": 15, "Mode": "FAST", "Unit": "GB", "Kind": "HASH",
        "Enabled": true, "List": ["a", "b"], "Tags": [{ "Key": "k", "Value": "v" }],
        "Labels": { "team": "x" }, "Nested": { "Inner": { "Inner": { } } }, "User": "bob",
        "A": "a", "Choice": { "P": "p" }, "Any": { "P": "p", "Q": "q" },
        "Cond": { "Type": "COMPOSITE", "Keys": [1, 2] }
    }));
    assert_eq!(kinds(&s, full), vec![]);
}

#[test]
fn unknown_property_with_suggestion() {
    assert_eq!(
        kinds_with(json!({ "Sise": 5 })),
        vec![K::UnknownProperty {
            name: "Sise".into(),
            suggestion: Some("Size".into())
        }]
    );
    assert_eq!(
        kinds_with(json!({ "Zzzzzzzz": 5 })),
        vec![K::UnknownProperty {
            name: "Zzzzzzzz".into(),
            suggestion: None
        }]
    );
}

#[test]
fn key_not_allowed_by_pattern_properties() {
    let found = validate_with(json!({ "Labels": { "Team": "x" } }));
    assert_eq!(found.len(), 1);
    assert!(matches!(&found[0].kind, K::KeyNotAllowed { key, .. } if key == "Team"));
    assert_eq!(found[0].path_string(), "Labels[\"Team\"]");
}

#[test]
fn wrong_type() {
    let s = synthetic();
    assert_eq!(
        kinds_with(json!({ "Size": "ten" })),
        vec![K::WrongType {
            expected: vec![JsonType::Integer],
            found: "a string".into()
        }]
    );
    assert_eq!(
        kinds_with(json!({ "Tags": { "Key": "k" } })),
        vec![K::WrongType {
            expected: vec![JsonType::Array],
            found: "an object".into()
        }]
    );
    assert_eq!(
        kinds_with(json!({ "Enabled": "yes" })),
        vec![K::WrongType {
            expected: vec![JsonType::Boolean],
            found: "a string".into()
        }]
    );
    let properties_not_object = validate(&s, &json!([1]));
    assert!(matches!(properties_not_object[0].kind, K::WrongType { .. }));
}

#[test]
fn coercions_cloudformation_accepts() {
    // "5" for an integer, 5 for a string, "true" for a boolean.
    assert_eq!(
        kinds_with(json!({ "Size": "5", "Enabled": "true", "A": 5 })),
        vec![]
    );
    assert_eq!(kinds_with(json!({ "Enabled": "False" })), vec![]);
    // The range applies to the coerced number.
    assert!(matches!(
        kinds_with(json!({ "Size": "11" }))[..],
        [K::AboveMaximum { .. }]
    ));
    let lg = real("AWS::Logs::LogGroup");
    assert_eq!(kinds(lg, json!({ "RetentionInDays": "7" })), vec![]);
}

#[test]
fn enums() {
    let s = synthetic();
    let found = kinds(&s, with(json!({ "Mode": "MEDIUM" })));
    assert!(
        matches!(&found[..], [K::NotInEnum { allowed, case_insensitive: false, .. }] if allowed.len() == 2)
    );
    assert!(matches!(
        &kinds_with(json!({ "Unit": "tb" }))[..],
        [K::NotInEnum {
            case_insensitive: true,
            ..
        }]
    ));
    assert!(matches!(
        &kinds_with(json!({ "Kind": "RANGE" }))[..],
        [K::NotInEnum { .. }]
    ));
    let lg = real("AWS::Logs::LogGroup");
    let found = validate(lg, &json!({ "RetentionInDays": 8 }));
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].path,
        vec![PathSegment::Property("RetentionInDays".into())]
    );
    assert!(
        found[0]
            .to_string()
            .starts_with("RetentionInDays: `8` is not one of 1, 3, 5, 7, 14"),
        "{}",
        found[0]
    );
}

#[test]
fn ranges() {
    assert_eq!(
        kinds_with(json!({ "Size": 0 })),
        vec![K::BelowMinimum {
            minimum: 1.0,
            exclusive: false,
            found: 0.0
        }]
    );
    assert_eq!(
        kinds_with(json!({ "Size": 11 })),
        vec![K::AboveMaximum {
            maximum: 10.0,
            exclusive: false,
            found: 11.0
        }]
    );
    assert!(matches!(
        kinds_with(json!({ "Ratio": 0 }))[..],
        [K::BelowMinimum {
            exclusive: true,
            ..
        }]
    ));
    assert!(matches!(
        kinds_with(json!({ "Ratio": 1 }))[..],
        [K::AboveMaximum {
            exclusive: true,
            ..
        }]
    ));
    assert!(matches!(
        kinds_with(json!({ "Step": 7 }))[..],
        [K::NotMultipleOf { .. }]
    ));
    let q = real("AWS::SQS::Queue");
    assert!(matches!(
        kinds(q, json!({ "MessageRetentionPeriod": 30 }))[..],
        [K::BelowMinimum { minimum, .. }] if minimum == 60.0
    ));
    assert!(matches!(
        kinds(q, json!({ "MessageRetentionPeriod": 1_209_601 }))[..],
        [K::AboveMaximum { .. }]
    ));
    assert_eq!(
        kinds(q, json!({ "MessageRetentionPeriod": 1_209_600 })),
        vec![]
    );
}

#[test]
fn string_lengths_and_patterns() {
    assert_eq!(
        kinds_with(json!({ "Name": "ab" })),
        vec![K::TooShort {
            min_length: 3,
            length: 2
        }]
    );
    assert_eq!(
        kinds_with(json!({ "Name": "abcdefghi" })),
        vec![K::TooLong {
            max_length: 8,
            length: 9
        }]
    );
    // Lengths count characters, not bytes.
    assert_eq!(
        kinds_with(json!({ "Name": "ééé" })).len(),
        1,
        "pattern only"
    );
    assert_eq!(
        kinds_with(json!({ "Name": "ABC" })),
        vec![K::PatternMismatch {
            pattern: "^[a-z]+$".into(),
            found: "ABC".into()
        }]
    );
}

#[test]
fn required_and_no_value() {
    let s = synthetic();
    assert_eq!(
        kinds(&s, json!({ "X": "x" })),
        vec![K::MissingRequired {
            name: "Name".into()
        }]
    );
    assert_eq!(
        kinds(&s, json!({ "X": "x", "Name": { "Ref": "AWS::NoValue" } })),
        vec![K::MissingRequired {
            name: "Name".into()
        }]
    );
    let found = validate_with(json!({ "Tags": [{ "Key": "k" }] }));
    assert_eq!(
        found[0].kind,
        K::MissingRequired {
            name: "Value".into()
        }
    );
    assert_eq!(found[0].path_string(), "Tags[0]");
}

#[test]
fn read_only_and_deprecated() {
    assert_eq!(
        kinds_with(json!({ "Arn": "arn:x" })),
        vec![K::ReadOnlySet { name: "Arn".into() }]
    );
    let found = validate_with(json!({ "Nested": { "Leaf": 1 } }));
    assert_eq!(
        found.iter().map(|v| &v.kind).collect::<Vec<_>>(),
        vec![&K::ReadOnlySet {
            name: "Leaf".into()
        }]
    );
    assert_eq!(
        validate_with(json!({ "Arn": "x" }))[0].severity(),
        Severity::Warning
    );
    let found = validate_with(json!({ "Old": "x" }));
    assert_eq!(found[0].kind, K::Deprecated { name: "Old".into() });
    assert_eq!(found[0].severity(), Severity::Warning);
    let q = real("AWS::SQS::Queue");
    assert_eq!(
        kinds(q, json!({ "Arn": "x" })),
        vec![K::ReadOnlySet { name: "Arn".into() }]
    );
}

#[test]
fn arrays() {
    let s = synthetic();
    assert_eq!(
        kinds_with(json!({ "List": [] })),
        vec![K::TooFewItems {
            min_items: 1,
            count: 0
        }]
    );
    assert_eq!(
        kinds_with(json!({ "List": ["a", "b", "c"] })),
        vec![K::TooManyItems {
            max_items: 2,
            count: 3
        }]
    );
    assert_eq!(
        kinds_with(json!({ "List": ["a", "a"] })),
        vec![K::DuplicateItems {
            first: 0,
            second: 1
        }]
    );
    let found = validate_with(json!({ "List": ["a", 1, {"x": 1}] }));
    assert!(
        found
            .iter()
            .any(|v| v.path_string() == "List[2]" && matches!(v.kind, K::WrongType { .. }))
    );
    let found = validate(
        &s,
        &with(json!({ "Tags": [{ "Key": "toolong", "Value": "v" }] })),
    );
    assert_eq!(found[0].path_string(), "Tags[0].Key");
    assert_eq!(
        found[0].kind,
        K::TooLong {
            max_length: 4,
            length: 7
        }
    );
}

#[test]
fn map_sizes() {
    let s = synthetic();
    assert_eq!(
        kinds_with(json!({ "Labels": {} })),
        vec![K::TooFewProperties {
            min_properties: 1,
            count: 0
        }]
    );
    assert_eq!(
        kinds(
            &s,
            with(json!({ "Labels": { "a": "1", "b": "2", "c": "3" } }))
        ),
        vec![K::TooManyProperties {
            max_properties: 2,
            count: 3
        }]
    );
}

#[test]
fn recursive_definitions() {
    let s = synthetic();
    let found = validate(
        &s,
        &with(json!({ "Nested": { "Inner": { "Inner": { "Bad": 1 } } } })),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path_string(), "Nested.Inner.Inner");
    assert!(matches!(found[0].kind, K::UnknownProperty { .. }));
}

#[test]
fn one_of_any_of_not_if() {
    let s = synthetic();
    assert_eq!(
        kinds_with(json!({ "Choice": {} })),
        vec![K::OneOfNone {
            alternatives: vec![vec!["P".into()], vec!["Q".into()]]
        }]
    );
    assert!(matches!(
        kinds_with(json!({ "Choice": { "P": "p", "Q": "q" } }))[..],
        [K::OneOfSeveral { .. }]
    ));
    assert!(matches!(
        kinds_with(json!({ "Any": {} }))[..],
        [K::AnyOfNone { .. }]
    ));
    assert_eq!(
        kinds_with(json!({ "User": "admin" })),
        vec![K::Forbidden {
            found: json!("admin")
        }]
    );
    assert_eq!(
        kinds(
            &s,
            with(json!({ "Cond": { "Type": "COMPOSITE", "Keys": [1] } }))
        ),
        vec![K::TooFewItems {
            min_items: 2,
            count: 1
        }]
    );
    assert_eq!(
        kinds(
            &s,
            with(json!({ "Cond": { "Type": "SIMPLE", "Keys": [1] } }))
        ),
        vec![]
    );
}

#[test]
fn type_level_rules() {
    let s = synthetic();
    assert_eq!(
        kinds(&s, json!({ "Name": "abc" })),
        vec![K::RequiredXor {
            names: vec!["X".into(), "Y".into()],
            set: vec![]
        }]
    );
    assert_eq!(
        kinds(&s, json!({ "Name": "abc", "X": "x", "Y": "y" })),
        vec![K::RequiredXor {
            names: vec!["X".into(), "Y".into()],
            set: vec!["X".into(), "Y".into()]
        }]
    );
    assert_eq!(
        kinds_with(json!({ "A": "a", "B": "b", "C": "c" })),
        vec![K::DependentExcluded {
            property: "A".into(),
            excluded: "B".into()
        }]
    );
    assert_eq!(
        kinds_with(json!({ "B": "b" })),
        vec![K::DependentRequired {
            property: "B".into(),
            missing: "C".into()
        }]
    );
    // requiredOr, on a real type: AWS::Events::Rule needs a pattern or a schedule.
    let rule = real("AWS::Events::Rule");
    if !rule.root.required_or.is_empty() {
        assert!(matches!(kinds(rule, json!({}))[..], [K::RequiredOr { .. }]));
    }
}

#[test]
fn intrinsics_are_unknown_values() {
    let s = synthetic();
    let all_intrinsics = with(json!({
        "Name": { "Fn::Sub": "${AWS::StackName}-x" },
        "Size": { "Ref": "SizeParam" },
        "Mode": { "Fn::If": ["Cond", "FAST", "NOPE"] },
        "List": { "Fn::Split": [",", "a,a"] },
        "Tags": [{ "Key": { "Fn::GetAtt": ["R", "LongName"] }, "Value": { "Fn::ImportValue": "v" } }],
        "Nested": { "Fn::If": ["Cond", { "Leaf": 1 }, { "Ref": "AWS::NoValue" }] },
        "Labels": { "Fn::GetAtt": ["R", "Labels"] },
        "Choice": { "Fn::FindInMap": ["M", "K", "V"] },
        "User": { "Ref": "UserName" },
        "Arn2": null
    }));
    let mut m = all_intrinsics.as_object().unwrap().clone();
    m.remove("Arn2");
    assert_eq!(kinds(&s, Value::Object(m)), vec![]);
    // A dynamic reference is unknown too.
    assert_eq!(kinds_with(json!({ "Name": "{{resolve:ssm:/x}}" })), vec![]);
    // The whole Properties object may be an intrinsic.
    assert_eq!(kinds(&s, json!({ "Fn::If": ["C", {}, {}] })), vec![]);
    // But Fn::Sub is a string: it cannot be an object or a list.
    assert_eq!(
        kinds_with(json!({ "Labels": { "Fn::Sub": "x" } })),
        vec![K::WrongType {
            expected: vec![JsonType::Object],
            found: "Fn::Sub (a string)".into()
        }]
    );
    assert!(matches!(
        kinds_with(json!({ "List": { "Fn::Join": ["", []] } }))[..],
        [K::WrongType { .. }]
    ));
    // Ref can be a list parameter.
    assert_eq!(kinds_with(json!({ "List": { "Ref": "Subnets" } })), vec![]);
    // An intrinsic inside a oneOf value does not make alternatives ambiguous.
    assert_eq!(
        kinds_with(json!({ "Choice": { "P": { "Ref": "X" } } })),
        vec![]
    );
    // Real types: an SQS queue named by Fn::Sub, retention from a parameter.
    let q = real("AWS::SQS::Queue");
    assert_eq!(
        kinds(
            q,
            json!({ "QueueName": { "Fn::Sub": "${AWS::StackName}-q" }, "MessageRetentionPeriod": { "Ref": "P" } })
        ),
        vec![]
    );
}

#[test]
fn real_bucket_typo_suggests() {
    let b = real("AWS::S3::Bucket");
    let found = kinds(
        b,
        json!({ "BucketNam": "x", "VersioningConfiguration": { "Status": "Enabled" } }),
    );
    assert_eq!(
        found,
        vec![K::UnknownProperty {
            name: "BucketNam".into(),
            suggestion: Some("BucketName".into())
        }]
    );
    let found = validate(b, &json!({ "VersioningConfiguration": { "Status": "On" } }));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path_string(), "VersioningConfiguration.Status");
}

#[test]
fn display_is_one_line() {
    let s = synthetic();
    for v in validate(&s, &json!({ "Size": 0, "Sise": 1, "List": ["a", "a"] })) {
        let text = v.to_string();
        assert!(!text.contains('\n') && !text.is_empty(), "{text}");
    }
}
