//! Property tests of the schema checks, through the rules a build runs: on
//! a random type of the catalog, take a random top-level property whose
//! schema states a constraint (allowed values, a range, lengths, a
//! pattern, a scalar type). A random value inside the constraint passes;
//! the same property with a value just outside fails with the rule that
//! names that constraint, at that property.

use crate::every_type::{minimal, prop_value, values::from_pattern};
use cicd_dsl_cfn::{Catalog, JsonType, ResourceSchema, Schema, compile_pattern, pattern_matches};
use cicd_dsl_core::rules::{self, Date, Severity};
use cicd_dsl_core::{Generic, Resource, ResourceKind, StackDef};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::Value as Json;

/// The constraint of a property the test can land inside and outside of.
#[derive(Debug, Clone)]
enum Constraint {
    Enum(Vec<String>),
    /// The schema's bounds; at least one is set.
    Range {
        min: Option<i64>,
        max: Option<i64>,
    },
    Length {
        min: u64,
        max: u64,
    },
    Pattern {
        pattern: String,
        min: u64,
        max: u64,
    },
}

impl Constraint {
    /// The rule that names a value outside this constraint.
    fn rule(&self) -> &'static str {
        match self {
            Constraint::Enum(_) => "cfn-enum",
            Constraint::Range { .. } => "cfn-range",
            Constraint::Length { .. } => "cfn-length",
            Constraint::Pattern { .. } => "cfn-pattern",
        }
    }
}

/// A property of a type with one checkable constraint, and the minimal
/// properties its type needs besides.
#[derive(Debug, Clone)]
struct Case {
    type_name: &'static str,
    property: String,
    constraint: Constraint,
    base: serde_json::Map<String, Json>,
}

/// Whether the property's value stands alone: no other property depends on
/// it, excludes it or picks between it and another.
fn independent(schema: &ResourceSchema, name: &str) -> bool {
    let root = &schema.root;
    let pointer = format!("/properties/{name}");
    root.one_of.is_empty()
        && root.any_of.is_empty()
        && root.all_of.is_empty()
        && root.if_.is_none()
        && root.required_xor.is_empty()
        && root.required_or.is_empty()
        && root.dependencies.is_empty()
        && root.dependent_required.is_empty()
        && root.dependent_excluded.is_empty()
        && !schema.read_only_properties.contains(&pointer)
        && !schema.deprecated_properties.contains(&pointer)
}

/// The constraint the test exercises on `node`, if it has one it models.
fn constraint(node: &Schema) -> Option<Constraint> {
    let plain = node.one_of.is_empty()
        && node.any_of.is_empty()
        && node.all_of.is_empty()
        && node.not.is_none()
        && node.format.is_none()
        && node.const_value.is_none()
        && node.enum_case_insensitive.is_none();
    if !plain || node.types.len() != 1 {
        return None;
    }
    match node.types[0] {
        JsonType::String => {
            if let Some(values) = &node.enum_values {
                let texts: Option<Vec<String>> = values
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect();
                return texts.filter(|t| !t.is_empty()).map(Constraint::Enum);
            }
            let min = node.min_length.unwrap_or(0);
            let max = node.max_length.unwrap_or(u64::MAX);
            match &node.pattern {
                Some(pattern) => Some(Constraint::Pattern {
                    pattern: pattern.clone(),
                    min,
                    max,
                }),
                None if node.max_length.is_some() || min > 0 => {
                    Some(Constraint::Length { min, max })
                }
                None => None,
            }
        }
        JsonType::Integer if node.multiple_of.is_none() && node.enum_values.is_none() => {
            let min = node
                .minimum
                .or(node.exclusive_minimum.map(|m| m + 1.0))
                .map(|m| m.ceil() as i64);
            let max = node
                .maximum
                .or(node.exclusive_maximum.map(|m| m - 1.0))
                .map(|m| m.floor() as i64);
            let (low, high) = range_to_pick_from(min, max);
            (min.is_some() || max.is_some())
                .then_some(Constraint::Range { min, max })
                .filter(|_| low <= high)
        }
        _ => None,
    }
}

/// Where inside values are picked: the schema's bounds, or 1,000 either
/// side of the one bound it states.
fn range_to_pick_from(min: Option<i64>, max: Option<i64>) -> (i64, i64) {
    let low = min.unwrap_or_else(|| max.unwrap_or(0).saturating_sub(1000));
    let high = max.unwrap_or_else(|| low.saturating_add(1000));
    (low, high)
}

/// Every case the catalog offers, found once.
fn cases() -> &'static [Case] {
    static CASES: std::sync::OnceLock<Vec<Case>> = std::sync::OnceLock::new();
    CASES.get_or_init(|| {
        let mut out = Vec::new();
        for type_name in Catalog::type_names() {
            if Catalog::is_sam(type_name) {
                continue;
            }
            let schema = Catalog::schema(type_name).expect("every catalog type decodes");
            let Ok(Json::Object(base)) = minimal(schema) else {
                continue;
            };
            for (property, node) in &schema.root.properties {
                if !independent(schema, property) {
                    continue;
                }
                if let Some(constraint) = constraint(schema.resolve(node)) {
                    out.push(Case {
                        type_name,
                        property: property.clone(),
                        constraint,
                        base: base.clone(),
                    });
                }
            }
        }
        out
    })
}

/// A value inside the constraint, from the random `pick` and `stretch`.
fn inside(constraint: &Constraint, pick: u64, stretch: usize) -> Option<Json> {
    match constraint {
        Constraint::Enum(values) => Some(Json::from(values[pick as usize % values.len()].clone())),
        Constraint::Range { min, max } => {
            let (low, high) = range_to_pick_from(*min, *max);
            let span = (high as i128 - low as i128 + 1) as u128;
            Some(Json::from(
                (low as i128 + (pick as u128 % span) as i128) as i64,
            ))
        }
        Constraint::Length { min, max } => {
            let len = *min + pick % ((*max).min(*min + 40) - *min + 1);
            Some(Json::from(
                (0..len)
                    .map(|i| (b'a' + (i % 26) as u8) as char)
                    .collect::<String>(),
            ))
        }
        Constraint::Pattern { pattern, min, max } => {
            let text = from_pattern(pattern, stretch)?;
            let length = text.chars().count() as u64;
            (length >= *min && length <= *max && pattern_matches(pattern, &text))
                .then(|| Json::from(text))
        }
    }
}

/// A value just outside the constraint.
fn outside(constraint: &Constraint, valid: &Json, pick: u64) -> Option<Json> {
    match constraint {
        Constraint::Enum(values) => {
            let text = format!("NotAValue{pick}");
            (!values.iter().any(|v| v.eq_ignore_ascii_case(&text))).then(|| Json::from(text))
        }
        Constraint::Range { min, max } => {
            let beyond = 1 + (pick % 1000) as i64;
            let above = || max.and_then(|m| m.checked_add(beyond));
            let below = || min.and_then(|m| m.checked_sub(beyond));
            let value = if pick.is_multiple_of(2) {
                above().or_else(below)
            } else {
                below().or_else(above)
            };
            value.map(Json::from)
        }
        Constraint::Length { min, max } => {
            if *max < 100_000 && (pick.is_multiple_of(2) || *min == 0) {
                let long = (max + 1 + pick % 10) as usize;
                Some(Json::from("a".repeat(long)))
            } else if *min > 0 {
                Some(Json::from("a".repeat((*min - 1) as usize)))
            } else {
                None
            }
        }
        Constraint::Pattern { pattern, .. } => {
            // A pattern the engine cannot compile is not checked at all.
            compile_pattern(pattern)?;
            let base = valid.as_str().unwrap_or_default();
            [" ", "#", "\u{1F680}", "\n"]
                .iter()
                .flat_map(|bad| {
                    [
                        format!("{base}{bad}"),
                        format!("{bad}{base}"),
                        (*bad).to_owned(),
                    ]
                })
                .find(|text| !pattern_matches(pattern, text))
                .map(Json::from)
        }
    }
}

/// The findings of a stack with one item of the case's type, the property
/// set to `value`, as `(path, rule)` of each error.
fn errors(case: &Case, value: &Json) -> Vec<(String, &'static str)> {
    let mut generic = Generic::new(case.type_name);
    for (name, v) in &case.base {
        generic = generic.with(name.clone(), prop_value(v));
    }
    generic = generic.with(case.property.clone(), prop_value(value));
    let stack = StackDef {
        name: "schema-properties".into(),
        description: None,
        tags: Default::default(),
        resources: vec![Resource::new("Item", ResourceKind::Generic(generic))],
        outputs: vec![],
        moved: Default::default(),
    };
    rules::check(&stack, Date::parse("2026-12-01").expect("a date"))
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.path().to_string(), f.rule))
        .collect()
}

fn property_case() -> impl Strategy<Value = (usize, u64, u64, usize)> {
    (0..cases().len(), any::<u64>(), any::<u64>(), 0usize..4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn values_inside_a_constraint_pass_and_values_outside_fail_with_its_rule(
        (index, pick, mutation, stretch) in property_case()
    ) {
        let case = &cases()[index];
        let Some(valid) = inside(&case.constraint, pick, stretch) else {
            return Err(TestCaseError::reject("the pattern generator cannot make a value"));
        };
        let found = errors(case, &valid);
        prop_assert!(
            found.is_empty(),
            "{}.{} = {valid} is inside {:?} but fails: {found:?}",
            case.type_name, case.property, case.constraint
        );

        let Some(invalid) = outside(&case.constraint, &valid, mutation) else {
            return Err(TestCaseError::reject("no value outside this constraint"));
        };
        let found = errors(case, &invalid);
        let at = format!("Item.{}", case.property);
        prop_assert!(
            found.iter().any(|(path, rule)| *path == at && *rule == case.constraint.rule()),
            "{}.{} = {invalid} is outside {:?}: expected {} at {at}, got {found:?}",
            case.type_name, case.property, case.constraint, case.constraint.rule()
        );
    }

    /// A scalar of the wrong type: text where the schema wants an integer,
    /// a list where it wants text.
    #[test]
    fn a_value_of_the_wrong_type_fails_with_cfn_type((index, pick, _m, stretch) in property_case()) {
        let case = &cases()[index];
        let Some(valid) = inside(&case.constraint, pick, stretch) else {
            return Err(TestCaseError::reject("the pattern generator cannot make a value"));
        };
        let wrong = match &valid {
            Json::Number(_) => Json::from("twelve"),
            other => Json::Array(vec![other.clone()]),
        };
        let found = errors(case, &wrong);
        let at = format!("Item.{}", case.property);
        prop_assert!(
            found.iter().any(|(path, rule)| *path == at && *rule == "cfn-type"),
            "{}.{} = {wrong}: expected cfn-type at {at}, got {found:?}",
            case.type_name, case.property
        );
    }
}

#[test]
fn the_catalog_offers_cases_of_every_constraint() {
    let count = |rule: &str| {
        cases()
            .iter()
            .filter(|c| c.constraint.rule() == rule)
            .count()
    };
    for rule in ["cfn-enum", "cfn-range", "cfn-length", "cfn-pattern"] {
        assert!(count(rule) > 50, "only {} cases of {rule}", count(rule));
    }
}
