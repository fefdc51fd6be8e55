//! Every CloudFormation type of the catalog as a generic item: a minimal
//! declaration (its required properties, with values generated from its
//! schema) passes the DSL's own checks, synthesizes, and — the judge —
//! passes cfn-lint (`.venv-lint/bin/cfn-lint`, when it is installed).
//!
//! Templates are written in batches of up to 500 resources (CloudFormation's
//! limit per template) under `CARGO_TARGET_TMPDIR/every-type`, one region's
//! types per batch (cfn-lint checks a type against the regions it is
//! offered in).

pub mod values;

use cicd_dsl_cfn::{Catalog, ResourceSchema, validate};
use cicd_dsl_core::rules::{self, Date, Severity};
use cicd_dsl_core::{
    Generic, PropValue, Resource, ResourceKind, StackDef, SynthConfig, synthesize,
};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BATCH: usize = 500;

/// cfn-lint rules that go beyond the registry's resource schemas, which
/// neither the DSL's checks (`rules::schema`) nor this test's value
/// generator model: a finding of one of these is counted and listed in the
/// report, not failed. Any other cfn-lint error fails the test.
const BEYOND_THE_SCHEMAS: &[(&str, &str)] = &[
    ("E3710", "the type's service was shut down"),
    (
        "E11",
        "cfn-lint's value formats (`AWS::SNS::Topic.Arn`, ...)",
    ),
    (
        "E36",
        "service-specific rules (region instance types, conditional requirements)",
    ),
    ("E3510", "IAM policy documents"),
    ("E3511", "IAM role ARNs in policies"),
    ("E3051", "SSM documents"),
    (
        "E3031",
        "a pattern cfn-lint's own regex engine cannot compile",
    ),
];

fn beyond_the_schemas(rule: &str) -> bool {
    BEYOND_THE_SCHEMAS
        .iter()
        .any(|(prefix, _)| rule.starts_with(prefix))
}

/// Minimal properties for a type, or why none could be made.
pub fn minimal(schema: &ResourceSchema) -> Result<Json, String> {
    let mut attempts = vec![schema.root.clone()];
    for alternative in schema.root.one_of.iter().chain(&schema.root.any_of) {
        let mut root = schema.root.clone();
        root.one_of.clear();
        root.any_of.clear();
        let alt = schema.resolve(alternative);
        root.required.extend(alt.required.iter().cloned());
        attempts.push(root);
    }
    let mut last = String::from("no value could be generated");
    for root in attempts {
        let Some(props) = values::value(schema, &root, 0) else {
            continue;
        };
        let errors: Vec<String> = validate(schema, &props)
            .into_iter()
            .filter(|v| v.severity() == cicd_dsl_cfn::Severity::Error)
            .map(|v| v.to_string())
            .collect();
        if errors.is_empty() {
            return Ok(props);
        }
        last = errors.join("; ");
    }
    Err(last)
}

pub fn prop_value(json: &Json) -> PropValue {
    match json {
        Json::String(s) => PropValue::String(s.clone()),
        Json::Number(n) => PropValue::Number(n.to_string()),
        Json::Bool(b) => PropValue::Bool(*b),
        Json::Array(items) => PropValue::List(items.iter().map(prop_value).collect()),
        Json::Object(map) => PropValue::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), prop_value(v)))
                .collect(),
        ),
        Json::Null => PropValue::String(String::new()),
    }
}

fn logical_id(type_name: &str, taken: &mut BTreeSet<String>) -> String {
    let base: String = type_name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}{n}");
        n += 1;
    }
    id
}

/// The region cfn-lint checks a type in: us-east-1 when it offers the type.
fn region_of(type_name: &str) -> &'static str {
    if Catalog::offered_in(type_name, "us-east-1") {
        "us-east-1"
    } else {
        Catalog::regions_offering(type_name)
            .and_then(|r| r.first().copied())
            .unwrap_or("us-east-1")
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_type_declares_synthesizes_and_passes_cfn_lint() {
    let started = Instant::now();
    let mut skipped: Vec<(&str, String)> = Vec::new();
    let mut by_region: BTreeMap<&str, Vec<(&str, Json)>> = BTreeMap::new();
    for type_name in Catalog::type_names() {
        if Catalog::is_sam(type_name) {
            skipped.push((type_name, "a SAM transform type".into()));
            continue;
        }
        let schema = Catalog::schema(type_name).expect("every catalog type decodes");
        match minimal(schema) {
            Ok(props) => by_region
                .entry(region_of(type_name))
                .or_default()
                .push((type_name, props)),
            Err(why) => skipped.push((type_name, why)),
        }
    }
    let declared: usize = by_region.values().map(Vec::len).sum();
    assert_eq!(declared + skipped.len(), Catalog::len());

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("every-type");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the template directory can be made");
    let today = Date::parse("2026-12-01").expect("a date");
    let mut batches: Vec<(PathBuf, &str)> = Vec::new();
    let mut synthesized = 0;
    let mut own_findings = Vec::new();
    for (region, types) in &by_region {
        for (n, chunk) in types.chunks(BATCH).enumerate() {
            let mut taken = BTreeSet::new();
            let resources: Vec<Resource> = chunk
                .iter()
                .map(|(type_name, props)| {
                    let properties = props
                        .as_object()
                        .expect("properties are an object")
                        .iter()
                        .map(|(k, v)| (k.clone(), prop_value(v)))
                        .collect();
                    Resource::new(
                        logical_id(type_name, &mut taken),
                        ResourceKind::Generic(Generic {
                            type_name: type_name.to_string(),
                            properties,
                        }),
                    )
                })
                .collect();
            let stack = StackDef {
                name: format!("every-type-{region}-{n}"),
                description: None,
                tags: BTreeMap::new(),
                resources,
                outputs: Vec::new(),
                moved: Default::default(),
            };
            own_findings.extend(
                rules::check(&stack, today)
                    .into_iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(|f| {
                        format!(
                            "{} {}: {} [{}]",
                            f.item,
                            f.field_text().unwrap_or_default(),
                            f.message,
                            f.rule
                        )
                    }),
            );
            let template =
                synthesize(&stack, &SynthConfig::default()).expect("the batch synthesizes");
            let again = synthesize(&stack, &SynthConfig::default()).expect("it synthesizes again");
            assert_eq!(
                template.to_json(),
                again.to_json(),
                "synthesis is deterministic"
            );
            synthesized += template.resources().len();
            let path = dir.join(format!("{region}-{n}.json"));
            std::fs::write(&path, template.to_json()).expect("the template is written");
            batches.push((path, *region));
        }
    }
    let generated_in = started.elapsed();
    assert_eq!(synthesized, declared, "one resource per declared type");
    assert!(
        own_findings.is_empty(),
        "the DSL's own checks reject {} schema-valid declarations:\n{}",
        own_findings.len(),
        own_findings.join("\n")
    );
    skipped.sort();
    let mut report = format!(
        "{} types: {declared} declared and synthesized in {} templates ({:.1} s), {} skipped\n",
        Catalog::len(),
        batches.len(),
        generated_in.as_secs_f64(),
        skipped.len()
    );
    for (type_name, why) in &skipped {
        report.push_str(&format!("skipped {type_name}: {why}\n"));
    }

    let lint = workspace().join(".venv-lint/bin/cfn-lint");
    if !lint.exists() {
        eprintln!("{report}cfn-lint not installed (scripts/setup-python): templates not judged");
        return;
    }
    let linted = Instant::now();
    let mut rejected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut beyond: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, region) in &batches {
        let output = Command::new(&lint)
            .args(["--format", "json", "--regions", region, "--"])
            .arg(path)
            .output()
            .expect("cfn-lint runs");
        let text = String::from_utf8_lossy(&output.stdout);
        let findings: Vec<Json> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("cfn-lint output is JSON ({e}): {text}"));
        for finding in findings {
            if finding["Level"] != "Error" {
                continue;
            }
            let path = &finding["Location"]["Path"];
            let resource = path[1].as_str().unwrap_or("(template)").to_owned();
            let rule = finding["Rule"]["Id"].as_str().unwrap_or("?");
            let text = format!("{rule} {}", finding["Message"].as_str().unwrap_or("?"));
            let text: String = text.chars().take(300).collect();
            let into = if beyond_the_schemas(rule) {
                &mut beyond
            } else {
                &mut rejected
            };
            into.entry(resource).or_default().push(text);
        }
    }
    report.push_str(&format!(
        "cfn-lint: {} of {declared} resources with schema errors, {} more only by rules beyond the schemas ({:.1} s)\n",
        rejected.len(),
        beyond.len(),
        linted.elapsed().as_secs_f64()
    ));
    for (resource, errors) in &beyond {
        report.push_str(&format!(
            "beyond the schemas {resource}: {}\n",
            errors.join(" | ")
        ));
    }
    for (resource, errors) in &rejected {
        report.push_str(&format!(
            "cfn-lint rejects {resource}: {}\n",
            errors.join(" | ")
        ));
    }
    std::fs::write(dir.join("report.txt"), &report).expect("the report is written");
    eprintln!("{report}");
    assert!(
        rejected.is_empty(),
        "cfn-lint rejects {} generated declarations (see {}):\n{report}",
        rejected.len(),
        dir.join("report.txt").display()
    );
}
