//! The embedded catalog decodes and states what AWS's schemas say.

use std::collections::BTreeSet;

use cicd_dsl_cfn::{
    Additional, Catalog, JsonType, ResourceSchema, Schema, TagShape, compile_pattern,
};
use serde_json::json;

fn all() -> Vec<&'static ResourceSchema> {
    Catalog::type_names()
        .map(|name| Catalog::schema(name).expect("listed type has a schema"))
        .collect()
}

/// Calls `visit` on `schema` and on every schema nested in it, depth first.
fn walk<'a>(schema: &'a Schema, visit: &mut impl FnMut(&'a Schema)) {
    visit(schema);
    let additional = match &schema.additional_properties {
        Some(Additional::Schema(sub)) => Some(&**sub),
        _ => None,
    };
    let subs = schema
        .properties
        .values()
        .chain(schema.pattern_properties.values())
        .chain(schema.items.as_deref())
        .chain(&schema.prefix_items)
        .chain(&schema.one_of)
        .chain(&schema.any_of)
        .chain(&schema.all_of)
        .chain(schema.not.as_deref())
        .chain(schema.if_.as_deref())
        .chain(schema.then.as_deref())
        .chain(schema.else_.as_deref())
        .chain(additional);
    for sub in subs {
        walk(sub, visit);
    }
}

/// Every `$ref` in `schema`.
fn refs<'a>(schema: &'a Schema, out: &mut Vec<&'a str>) {
    walk(schema, &mut |s| out.extend(s.reference.as_deref()));
}

/// Every `pattern` and `patternProperties` key in `schema`.
fn patterns<'a>(schema: &'a Schema, out: &mut BTreeSet<&'a str>) {
    walk(schema, &mut |s| {
        out.extend(s.pattern.as_deref());
        out.extend(s.pattern_properties.keys().map(String::as_str));
    });
}

#[test]
fn every_type_decodes_and_every_ref_resolves() {
    let names: Vec<&str> = Catalog::type_names().collect();
    assert_eq!(names.len(), Catalog::len());
    assert!(names.windows(2).all(|w| w[0] < w[1]), "index sorted");
    assert!(names.len() > 1800, "{} types", names.len());
    for schema in all() {
        let mut found = Vec::new();
        refs(&schema.root, &mut found);
        for d in schema.definitions.values() {
            refs(d, &mut found);
        }
        for r in found {
            assert!(
                schema.definitions.contains_key(r),
                "{}: $ref {r} unresolved",
                schema.type_name
            );
        }
        for p in &schema.read_only_properties {
            assert!(p.starts_with("/properties/"), "{}: {p}", schema.type_name);
        }
    }
}

#[test]
fn patterns_the_regex_crate_cannot_compile_are_few() {
    let schemas = all();
    let mut distinct = BTreeSet::new();
    for schema in &schemas {
        patterns(&schema.root, &mut distinct);
        for d in schema.definitions.values() {
            patterns(d, &mut distinct);
        }
    }
    // Compiling 3,000 patterns is the slow part of this crate's tests in a
    // debug build: spread it over the machine's cores.
    let distinct: Vec<&str> = distinct.into_iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = distinct.len().div_ceil(threads);
    let mut failing: Vec<&str> = std::thread::scope(|scope| {
        let handles: Vec<_> = distinct
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .copied()
                        .filter(|p| compile_pattern(p).is_none())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    failing.sort();
    eprintln!(
        "{} distinct patterns, {} do not compile:",
        distinct.len(),
        failing.len()
    );
    for p in &failing {
        eprintln!("  {p}");
    }
    assert!(
        failing.len() * 100 <= distinct.len(),
        "more than 1% of patterns fail to compile"
    );
}

#[test]
fn log_group_retention_enum() {
    let lg = Catalog::schema("AWS::Logs::LogGroup").unwrap();
    let retention = lg.property("RetentionInDays").unwrap();
    assert_eq!(retention.types, vec![JsonType::Integer]);
    let allowed: Vec<i64> = retention
        .enum_values
        .as_ref()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(
        allowed,
        [
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
            2922, 3288, 3653
        ]
    );
    assert_eq!(lg.primary_identifier(), ["LogGroupName"]);
    assert_eq!(lg.read_only(), ["Arn"]);
    assert!(
        lg.property("RetentionInDays")
            .unwrap()
            .description
            .is_some(),
        "help text kept"
    );
}

#[test]
fn sqs_queue_facts() {
    let q = Catalog::schema("AWS::SQS::Queue").unwrap();
    let period = q.property("MessageRetentionPeriod").unwrap();
    assert_eq!(
        (period.minimum, period.maximum),
        (Some(60.0), Some(1_209_600.0))
    );
    // The schema's read-only properties...
    let read_only: BTreeSet<String> = q.read_only().into_iter().collect();
    assert_eq!(
        read_only,
        BTreeSet::from(["Arn".to_string(), "QueueUrl".to_string()])
    );
    // ...and what Fn::GetAtt accepts (cfn-lint allows every property of a queue).
    for attr in ["Arn", "QueueUrl", "QueueName"] {
        assert!(q.has_attribute(attr), "{attr}");
    }
    assert!(!q.has_attribute("Nope"));
    let stack = Catalog::schema("AWS::CloudFormation::Stack").unwrap();
    assert!(stack.has_attribute("Outputs.BucketName"));
    assert!(!stack.has_attribute("Outputs"));
    assert_eq!(q.primary_identifier(), ["QueueUrl"]);
    assert!(q.is_create_only("FifoQueue") && q.is_create_only("QueueName"));
    let tags = q.tags();
    assert!(tags.taggable);
    assert_eq!(tags.property.as_deref(), Some("Tags"));
    assert_eq!(tags.shape, Some(TagShape::KeyValueList));
}

#[test]
fn s3_bucket_facts() {
    let b = Catalog::schema("AWS::S3::Bucket").unwrap();
    assert!(b.create_only().contains(&"BucketName".to_string()));
    assert!(b.is_create_only("BucketName"));
    assert_eq!(b.primary_identifier(), ["BucketName"]);
    for attr in ["Arn", "DomainName", "RegionalDomainName", "WebsiteURL"] {
        assert!(b.has_attribute(attr), "{attr}");
    }
    assert_eq!(b.tags().shape, Some(TagShape::KeyValueList));
    // Nested definitions are reachable by name.
    let encryption = b.property("BucketEncryption").unwrap();
    assert!(
        encryption
            .required
            .contains(&"ServerSideEncryptionConfiguration".to_string())
    );
}

#[test]
fn nested_read_only_attributes_use_dots() {
    let db = Catalog::schema("AWS::RDS::DBInstance").unwrap();
    assert!(db.has_attribute("Endpoint.Address"));
    assert!(db.deprecated().contains(&"TdeCredentialArn".to_string()));
    let f = Catalog::schema("AWS::Lambda::Function").unwrap();
    assert!(f.write_only().iter().any(|p| p.starts_with("Code")));
}

#[test]
fn map_shaped_tags() {
    // AWS::SSM::Parameter's Tags is an object of key -> value.
    let p = Catalog::schema("AWS::SSM::Parameter").unwrap();
    assert_eq!(p.tags().shape, Some(TagShape::Map), "{:?}", p.tags());
}

#[test]
fn regions() {
    assert_eq!(Catalog::regions().len(), 45);
    assert!(Catalog::regions().contains(&"us-east-1"));
    let us_east_1 = Catalog::type_names()
        .filter(|t| Catalog::offered_in(t, "us-east-1") && !Catalog::is_sam(t))
        .count();
    assert_eq!(us_east_1, 1854);
    assert!(Catalog::offered_in("AWS::S3::Bucket", "eu-west-1"));
    assert!(!Catalog::offered_in("AWS::S3::Bucket", "mars-north-1"));
    assert!(!Catalog::offered_in("AWS::Nope::Nope", "us-east-1"));
    assert!(Catalog::is_sam("AWS::Serverless::Function"));
    assert!(Catalog::offered_in(
        "AWS::Serverless::Function",
        "us-east-1"
    ));
    let everywhere = Catalog::regions_offering("AWS::S3::Bucket").unwrap();
    assert_eq!(everywhere.len(), 45);
    // Some types are offered in a few regions only.
    assert!(Catalog::type_names().any(|t| Catalog::regions_offering(t).unwrap().len() < 10));
}

#[test]
fn unknown_type() {
    assert!(Catalog::schema("AWS::S3::Bukket").is_none());
    assert!(!Catalog::contains("aws::s3::bucket"));
    assert_eq!(
        cicd_dsl_cfn::suggest("AWS::S3::Bukket", Catalog::type_names()),
        Some("AWS::S3::Bucket")
    );
}

#[test]
fn raw_schema_is_the_line() {
    let raw = Catalog::raw_schema("AWS::SQS::Queue").unwrap();
    let v: serde_json::Value = serde_json::from_str(raw).unwrap();
    assert_eq!(v["typeName"], json!("AWS::SQS::Queue"));
    assert!(!Catalog::schema_date().is_empty());
}
