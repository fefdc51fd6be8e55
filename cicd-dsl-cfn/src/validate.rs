//! Checks a resource's `Properties` against its schema. Pure: no I/O.
//!
//! Leniency follows cfn-lint (our judge of a template): CloudFormation
//! coerces scalars, so `"60"` satisfies an integer and `60` a string;
//! `"true"` a boolean. Values that are intrinsic functions (`Ref`, `Fn::*`)
//! or contain a dynamic reference (`{{resolve:...}}`) are unknown before a
//! deploy and satisfy every constraint, except a type the function can never
//! produce (`Fn::Sub` gives a string, so it cannot fill an object or a list).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use fancy_regex::Regex;
use serde_json::{Map, Value};

use crate::schema::{Additional, Dependency, JsonType, ResourceSchema, Schema};
use crate::suggest::suggest;

/// One step of the path from `Properties` to the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// A property named by the schema.
    Property(String),
    /// An array element.
    Index(usize),
    /// A key of a map-shaped object (tags, environment variables, ...).
    Key(String),
}

/// How bad a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// CloudFormation (or cfn-lint) rejects the template.
    Error,
    /// Accepted, but worth a look: a deprecated property; a read-only one,
    /// which CloudFormation accepts but never sends to the service (cfn-lint
    /// 1.58's E3040 does not fire on it either).
    Warning,
}

/// What an intrinsic function can evaluate to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Produces {
    /// A string or number (`Fn::Sub`, `Fn::Join`, `Fn::ImportValue`, ...).
    Scalar,
    /// A list of strings (`Fn::GetAZs`, `Fn::Split`, `Fn::Cidr`).
    List,
    /// A scalar or, for list parameters, a list (`Ref`).
    ScalarOrList,
    /// Anything (`Fn::GetAtt`, `Fn::If`, `Fn::Select`, `Fn::FindInMap`, ...).
    Any,
}

/// What is wrong, with the data a `help:` line needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ViolationKind {
    /// A property the schema does not define (and extra properties are not
    /// allowed). `suggestion` is the closest defined name, if any is close.
    UnknownProperty {
        name: String,
        suggestion: Option<String>,
    },
    /// A map key that matches none of the schema's key patterns.
    KeyNotAllowed {
        key: String,
        patterns: Vec<String>,
    },
    /// The value (or the intrinsic function named in `found`) cannot be of
    /// the demanded type.
    WrongType {
        expected: Vec<JsonType>,
        found: String,
    },
    /// Not one of the allowed values (`enum`, `enumCaseInsensitive`, `const`).
    NotInEnum {
        allowed: Vec<Value>,
        found: Value,
        case_insensitive: bool,
    },
    BelowMinimum {
        minimum: f64,
        exclusive: bool,
        found: f64,
    },
    AboveMaximum {
        maximum: f64,
        exclusive: bool,
        found: f64,
    },
    NotMultipleOf {
        multiple_of: f64,
        found: f64,
    },
    /// Shorter than `minLength` (lengths count Unicode scalar values).
    TooShort {
        min_length: u64,
        length: u64,
    },
    TooLong {
        max_length: u64,
        length: u64,
    },
    /// Does not match the schema's regular expression (searched anywhere in
    /// the value, as cfn-lint does).
    PatternMismatch {
        pattern: String,
        found: String,
    },
    /// A required property is missing (or set to `Ref: AWS::NoValue`).
    MissingRequired {
        name: String,
    },
    /// A read-only property (an attribute to read with `Fn::GetAtt`) is set:
    /// a warning, CloudFormation ignores the value.
    ReadOnlySet {
        name: String,
    },
    TooFewItems {
        min_items: u64,
        count: u64,
    },
    TooManyItems {
        max_items: u64,
        count: u64,
    },
    /// `uniqueItems`: items `first` and `second` are equal.
    DuplicateItems {
        first: usize,
        second: usize,
    },
    TooFewProperties {
        min_properties: u64,
        count: u64,
    },
    TooManyProperties {
        max_properties: u64,
        count: u64,
    },
    /// The schema marks the property deprecated (a warning).
    Deprecated {
        name: String,
    },
    /// `oneOf`: no alternative fits. `alternatives` lists each alternative's
    /// required properties (empty when it states none).
    OneOfNone {
        alternatives: Vec<Vec<String>>,
    },
    /// `oneOf`: more than one alternative fits (indexes into alternatives).
    OneOfSeveral {
        matched: Vec<usize>,
        alternatives: Vec<Vec<String>>,
    },
    /// `anyOf`: no alternative fits.
    AnyOfNone {
        alternatives: Vec<Vec<String>>,
    },
    /// `not`: the value matches a shape the schema forbids (e.g. a reserved
    /// user name).
    Forbidden {
        found: Value,
    },
    /// `requiredXor`: exactly one of `names` must be set; `set` is what is.
    RequiredXor {
        names: Vec<String>,
        set: Vec<String>,
    },
    /// `requiredOr`: at least one of `names` must be set.
    RequiredOr {
        names: Vec<String>,
    },
    /// `dependentExcluded`: `property` is set, so `excluded` must not be.
    DependentExcluded {
        property: String,
        excluded: String,
    },
    /// `dependentRequired` / `dependencies`: `property` is set, so `missing`
    /// must be too.
    DependentRequired {
        property: String,
        missing: String,
    },
}

/// One finding: where, what, how bad.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// From the resource's `Properties` down to the value; empty for the
    /// `Properties` object itself.
    pub path: Vec<PathSegment>,
    pub kind: ViolationKind,
}

impl Violation {
    pub fn severity(&self) -> Severity {
        match self.kind {
            ViolationKind::Deprecated { .. } | ViolationKind::ReadOnlySet { .. } => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }

    /// `Tags[0].Key`, `Environment.Variables["MY VAR"]`; empty for the root.
    pub fn path_string(&self) -> String {
        path_string(&self.path)
    }
}

fn path_string(path: &[PathSegment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            PathSegment::Property(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            PathSegment::Index(i) => out.push_str(&format!("[{i}]")),
            PathSegment::Key(key) => out.push_str(&format!("[{key:?}]")),
        }
    }
    out
}

fn list_values(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_alternatives(alternatives: &[Vec<String>]) -> String {
    alternatives
        .iter()
        .map(|names| {
            if names.is_empty() {
                "(other shape)".to_string()
            } else {
                names.join(" + ")
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ViolationKind::*;
        match self {
            UnknownProperty {
                name,
                suggestion: Some(s),
            } => {
                write!(f, "unknown property `{name}` (did you mean `{s}`?)")
            }
            UnknownProperty {
                name,
                suggestion: None,
            } => write!(f, "unknown property `{name}`"),
            KeyNotAllowed { key, patterns } => {
                write!(f, "key {key:?} matches none of {}", patterns.join(", "))
            }
            WrongType { expected, found } => {
                let names: Vec<&str> = expected.iter().map(|t| t.as_str()).collect();
                write!(f, "expected {}, found {found}", names.join(" or "))
            }
            NotInEnum {
                allowed,
                found,
                case_insensitive,
            } => {
                let found = match found {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                write!(f, "`{found}` is not one of {}", list_values(allowed))?;
                if *case_insensitive {
                    f.write_str(" (case-insensitive)")?;
                }
                Ok(())
            }
            BelowMinimum {
                minimum,
                exclusive,
                found,
            } => write!(
                f,
                "{} is below the minimum {}{}",
                number(*found),
                number(*minimum),
                if *exclusive { " (exclusive)" } else { "" }
            ),
            AboveMaximum {
                maximum,
                exclusive,
                found,
            } => write!(
                f,
                "{} is above the maximum {}{}",
                number(*found),
                number(*maximum),
                if *exclusive { " (exclusive)" } else { "" }
            ),
            NotMultipleOf { multiple_of, found } => {
                write!(
                    f,
                    "{} is not a multiple of {}",
                    number(*found),
                    number(*multiple_of)
                )
            }
            TooShort { min_length, length } => {
                write!(
                    f,
                    "length {length} is below the minimum length {min_length}"
                )
            }
            TooLong { max_length, length } => {
                write!(
                    f,
                    "length {length} is above the maximum length {max_length}"
                )
            }
            PatternMismatch { pattern, found } => write!(f, "{found:?} does not match {pattern}"),
            MissingRequired { name } => write!(f, "missing required property `{name}`"),
            ReadOnlySet { name } => write!(
                f,
                "`{name}` is read-only: CloudFormation ignores the value (read it with Fn::GetAtt)"
            ),
            TooFewItems { min_items, count } => {
                write!(f, "{count} items, at least {min_items} required")
            }
            TooManyItems { max_items, count } => {
                write!(f, "{count} items, at most {max_items} allowed")
            }
            DuplicateItems { first, second } => {
                write!(
                    f,
                    "items {first} and {second} are equal; items must be unique"
                )
            }
            TooFewProperties {
                min_properties,
                count,
            } => {
                write!(f, "{count} entries, at least {min_properties} required")
            }
            TooManyProperties {
                max_properties,
                count,
            } => {
                write!(f, "{count} entries, at most {max_properties} allowed")
            }
            Deprecated { name } => write!(f, "`{name}` is deprecated"),
            OneOfNone { alternatives } => {
                write!(
                    f,
                    "expected exactly one of: {}",
                    list_alternatives(alternatives)
                )
            }
            OneOfSeveral { alternatives, .. } => write!(
                f,
                "matches more than one of: {}; set only one",
                list_alternatives(alternatives)
            ),
            AnyOfNone { alternatives } => {
                write!(
                    f,
                    "expected at least one of: {}",
                    list_alternatives(alternatives)
                )
            }
            Forbidden { found } => write!(f, "the value {found} is not allowed here"),
            RequiredXor { names, set } if set.is_empty() => {
                write!(f, "set exactly one of {}", names.join(", "))
            }
            RequiredXor { names, set } => write!(
                f,
                "set exactly one of {} (found {})",
                names.join(", "),
                set.join(", ")
            ),
            RequiredOr { names } => write!(f, "set at least one of {}", names.join(", ")),
            DependentExcluded { property, excluded } => {
                write!(f, "`{excluded}` cannot be set together with `{property}`")
            }
            DependentRequired { property, missing } => {
                write!(f, "`{property}` requires `{missing}`")
            }
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path_string(), self.kind)
        }
    }
}

/// Checks `properties` (the value of a resource's `Properties`) against the
/// type's schema and returns every violation found, errors and warnings.
pub fn validate(schema: &ResourceSchema, properties: &Value) -> Vec<Violation> {
    let mut v = Walker {
        rs: schema,
        path: Vec::new(),
        out: Vec::new(),
        branch: false,
    };
    if !properties.is_object() {
        // `Properties` is always an object (the root schema states no type).
        if intrinsic(properties).is_none_or(|(_, p)| p != Produces::Any) {
            let found = match intrinsic(properties) {
                Some((name, _)) => name.to_string(),
                None => type_of(properties).to_string(),
            };
            v.push(ViolationKind::WrongType {
                expected: vec![JsonType::Object],
                found,
            });
        }
        return v.out;
    }
    v.node(&schema.root, properties);
    v.out
}

/// If `value` is an intrinsic function (`{"Ref": ..}`, `{"Fn::X": ..}`),
/// its name and what it can evaluate to.
pub fn intrinsic(value: &Value) -> Option<(&str, Produces)> {
    let Value::Object(map) = value else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    let (name, _) = map.iter().next()?;
    let produces = match name.as_str() {
        "Ref" => Produces::ScalarOrList,
        "Fn::Sub" | "Fn::Join" | "Fn::Base64" | "Fn::ImportValue" | "Fn::ToJsonString"
        | "Fn::Length" => Produces::Scalar,
        "Fn::GetAZs" | "Fn::Split" | "Fn::Cidr" => Produces::List,
        n if n.starts_with("Fn::") => Produces::Any,
        _ => return None,
    };
    Some((name.as_str(), produces))
}

fn is_no_value(value: &Value) -> bool {
    matches!(value, Value::Object(m) if m.len() == 1 && m.get("Ref").and_then(Value::as_str) == Some("AWS::NoValue"))
}

/// Whether the value holds an intrinsic function or a dynamic reference
/// anywhere inside it.
fn holds_unknown(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains("{{resolve:"),
        Value::Array(items) => items.iter().any(holds_unknown),
        Value::Object(map) => intrinsic(value).is_some() || map.values().any(holds_unknown),
        _ => false,
    }
}

/// Compiles (once per process) a schema pattern; `None` when it cannot be
/// compiled even after [`translate_pattern`]: that check is skipped.
pub fn compile_pattern(pattern: &str) -> Option<Regex> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(compiled) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(pattern) {
        return compiled.clone();
    }
    // Compiled without the lock held, so threads compile in parallel.
    let compiled = fancy_regex::RegexBuilder::new(&translate_pattern(pattern))
        .delegate_size_limit(64 << 20)
        .build()
        .ok();
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(pattern.to_string(), compiled.clone());
    compiled
}

/// Whether `text` matches anywhere (cfn-lint uses Python's `re.search`).
/// A pattern that cannot be compiled, or whose backtracking runs out of
/// budget, matches: a check that cannot be made is not a failure.
pub fn pattern_matches(pattern: &str, text: &str) -> bool {
    match compile_pattern(pattern) {
        Some(re) => re.is_match(text).unwrap_or(true),
        None => true,
    }
}

/// Rewrites the ECMA-262 / Java / Python spellings the schemas use into what
/// fancy-regex reads:
/// - `\Z` (Python: end of text) becomes `\z`;
/// - UTF-16 surrogate escapes (`\uD800`, `\uDBFF-\uDC00`), which in the
///   schemas spell "any supplementary-plane character", become
///   `\x{10000}-\x{10FFFF}`;
/// - Java's `\p{Graph}` / `\p{Print}` become `[^\s\p{C}]` / `[^\p{C}]`;
/// - inside a class, `-` right after a class escape (`[\w-.]`) and `[` are
///   literals (except Java's nested class after `&&`).
pub fn translate_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = 0usize;
    let mut i = 0;
    let surrogate = |at: usize| -> bool {
        at + 5 < chars.len()
            && chars[at] == '\\'
            && chars[at + 1] == 'u'
            && chars[at + 2].eq_ignore_ascii_case(&'d')
            && matches!(chars[at + 3].to_ascii_lowercase(), '8'..='9' | 'a'..='f')
            && chars[at + 4].is_ascii_hexdigit()
            && chars[at + 5].is_ascii_hexdigit()
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            if surrogate(i) {
                // A range of surrogates (`\uDBFF-\uDC00`) or a lone one.
                i += 6;
                if i + 6 <= chars.len() && chars[i] == '-' && surrogate(i + 1) {
                    i += 7;
                }
                if !out.ends_with("\\x{10000}-\\x{10FFFF}") {
                    out.push_str("\\x{10000}-\\x{10FFFF}");
                }
                continue;
            }
            let next = chars[i + 1];
            let rest: String = chars[i..].iter().take(9).collect();
            if rest.starts_with("\\p{Graph}") {
                out.push_str("[^\\s\\p{C}]");
                i += 9;
            } else if rest.starts_with("\\p{Print}") {
                out.push_str("[^\\p{C}]");
                i += 9;
            } else if next == 'Z' {
                out.push_str("\\z");
                i += 2;
            } else if next == 'p' || next == 'P' {
                let end = chars[i..]
                    .iter()
                    .position(|c| *c == '}')
                    .map_or(chars.len(), |p| i + p + 1);
                out.extend(&chars[i..end]);
                i = end;
            } else {
                out.push(c);
                out.push(next);
                i += 2;
            }
            // `[\w-.]`: a `-` after a class escape cannot start a range.
            if in_class > 0
                && matches!(next, 'w' | 'W' | 'd' | 'D' | 's' | 'S' | 'p' | 'P')
                && chars.get(i) == Some(&'-')
                && chars.get(i + 1) != Some(&']')
            {
                out.push_str("\\-");
                i += 1;
            }
            continue;
        }
        match c {
            // ECMA-262 reads `[` inside a class as a literal; a nested class
            // only follows Java's `&&` (intersection).
            '[' if in_class > 0 && !out.ends_with("&&") => {
                out.push_str("\\[");
                i += 1;
                continue;
            }
            '[' => in_class += 1,
            ']' if in_class > 0 => in_class -= 1,
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// cfn-lint's non-strict type check: CloudFormation coerces scalars.
fn type_ok(t: JsonType, value: &Value) -> bool {
    match t {
        JsonType::String => !matches!(value, Value::Object(_) | Value::Array(_) | Value::Null),
        JsonType::Number => match value {
            Value::Number(_) => true,
            Value::String(s) => s.trim().parse::<f64>().is_ok(),
            _ => false,
        },
        JsonType::Integer => match value {
            // Python's int() truncates floats; cfn-lint accepts them.
            Value::Number(_) => true,
            Value::String(s) => s.trim().parse::<i128>().is_ok(),
            _ => false,
        },
        JsonType::Boolean => match value {
            Value::Bool(_) => true,
            Value::String(s) => matches!(
                s.as_str(),
                "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
            ),
            _ => false,
        },
        JsonType::Object => value.is_object(),
        JsonType::Array => value.is_array(),
        JsonType::Null => value.is_null(),
    }
}

fn produces_ok(t: JsonType, produces: Produces) -> bool {
    let scalar = matches!(
        t,
        JsonType::String | JsonType::Number | JsonType::Integer | JsonType::Boolean
    );
    match produces {
        Produces::Any => true,
        Produces::Scalar => scalar,
        Produces::List => t == JsonType::Array,
        Produces::ScalarOrList => scalar || t == JsonType::Array,
    }
}

fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn python_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

/// cfn-lint's `equal`: booleans and "true"/"false" compare as booleans;
/// otherwise a string compares with the other side's string form (`"7"`
/// equals `7`); numbers compare numerically.
fn cfn_equal(a: &Value, b: &Value) -> bool {
    let boolish = |v: &Value| matches!(v, Value::Bool(_) | Value::String(_));
    let is_bool_like = |v: &Value| match v {
        Value::Bool(_) => true,
        Value::String(s) => s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false"),
        _ => false,
    };
    if boolish(a) && boolish(b) && (is_bool_like(a) || is_bool_like(b)) {
        return match (as_bool(a), as_bool(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        };
    }
    match (a, b) {
        (Value::String(_), _) | (_, Value::String(_)) => python_str(a) == python_str(b),
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| cfn_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| cfn_equal(v, w)))
        }
        _ => a == b,
    }
}

/// A number for range checks: numbers, and strings that parse as one.
fn numeric(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
}

struct Walker<'a> {
    rs: &'a ResourceSchema,
    path: Vec<PathSegment>,
    out: Vec<Violation>,
    /// Inside a trial of a `oneOf`/`anyOf`/`not`/`if` alternative: only
    /// whether errors occur matters, and resource-level facts (read-only,
    /// deprecated) are reported by the main pass.
    branch: bool,
}

impl<'a> Walker<'a> {
    fn push(&mut self, kind: ViolationKind) {
        self.out.push(Violation {
            path: self.path.clone(),
            kind,
        });
    }

    /// Checks a length or count against a schema's (minimum, maximum), both
    /// inclusive; `too_few` and `too_many` make the violation from the bound
    /// that is crossed.
    fn bounds(
        &mut self,
        found: u64,
        (min, max): (Option<u64>, Option<u64>),
        too_few: impl FnOnce(u64) -> ViolationKind,
        too_many: impl FnOnce(u64) -> ViolationKind,
    ) {
        if let Some(min) = min
            && found < min
        {
            self.push(too_few(min));
        }
        if let Some(max) = max
            && found > max
        {
            self.push(too_many(max));
        }
    }

    /// Whether `value` satisfies `schema` without errors (warnings ignored).
    fn fits(&self, schema: &'a Schema, value: &Value) -> bool {
        let mut trial = Walker {
            rs: self.rs,
            path: self.path.clone(),
            out: Vec::new(),
            branch: true,
        };
        trial.node(schema, value);
        trial.out.iter().all(|v| v.severity() != Severity::Error)
    }

    fn alternatives(&self, schemas: &[Schema]) -> Vec<Vec<String>> {
        schemas
            .iter()
            .map(|s| self.rs.resolve(s).required.clone())
            .collect()
    }

    /// `/properties/A/*/B`, the pointer form of the current path.
    fn pointer(&self) -> String {
        let mut out = String::from("/properties");
        for segment in &self.path {
            out.push('/');
            match segment {
                PathSegment::Property(name) | PathSegment::Key(name) => out.push_str(name),
                PathSegment::Index(_) => out.push('*'),
            }
        }
        out
    }

    fn node(&mut self, schema: &'a Schema, value: &Value) {
        let schema = self.rs.resolve(schema);

        if let Some((name, produces)) = intrinsic(value) {
            if !schema.types.is_empty() && !schema.types.iter().any(|t| produces_ok(*t, produces)) {
                let found = match produces {
                    Produces::List => format!("{name} (a list)"),
                    _ => format!("{name} (a string)"),
                };
                self.push(ViolationKind::WrongType {
                    expected: schema.types.clone(),
                    found,
                });
            }
            return;
        }
        if let Value::String(s) = value
            && s.contains("{{resolve:")
        {
            return;
        }

        if !schema.types.is_empty() && !schema.types.iter().any(|t| type_ok(*t, value)) {
            self.push(ViolationKind::WrongType {
                expected: schema.types.clone(),
                found: type_of(value).to_string(),
            });
            return;
        }

        self.enums(schema, value);
        self.numbers(schema, value);
        self.strings(schema, value);
        if let Value::Array(items) = value {
            self.array(schema, items);
        }
        if let Value::Object(map) = value {
            self.object(schema, map);
        }
        self.combinators(schema, value);
    }

    fn enums(&mut self, schema: &Schema, value: &Value) {
        if let Some(allowed) = &schema.enum_values
            && !allowed.iter().any(|a| cfn_equal(value, a))
        {
            self.push(ViolationKind::NotInEnum {
                allowed: allowed.clone(),
                found: value.clone(),
                case_insensitive: false,
            });
        }
        if let Some(allowed) = &schema.enum_case_insensitive {
            let lower = |v: &Value| match v {
                Value::String(s) => Value::String(s.to_lowercase()),
                other => other.clone(),
            };
            let found = lower(value);
            if !allowed.iter().any(|a| cfn_equal(&found, &lower(a))) {
                self.push(ViolationKind::NotInEnum {
                    allowed: allowed.clone(),
                    found: value.clone(),
                    case_insensitive: true,
                });
            }
        }
        if let Some(constant) = &schema.const_value
            && !cfn_equal(value, constant)
        {
            self.push(ViolationKind::NotInEnum {
                allowed: vec![constant.clone()],
                found: value.clone(),
                case_insensitive: false,
            });
        }
    }

    fn numbers(&mut self, schema: &Schema, value: &Value) {
        if matches!(value, Value::Bool(_)) {
            return;
        }
        let Some(found) = numeric(value) else { return };
        if let Some(minimum) = schema.minimum
            && found < minimum
        {
            self.push(ViolationKind::BelowMinimum {
                minimum,
                exclusive: false,
                found,
            });
        }
        if let Some(minimum) = schema.exclusive_minimum
            && found <= minimum
        {
            self.push(ViolationKind::BelowMinimum {
                minimum,
                exclusive: true,
                found,
            });
        }
        if let Some(maximum) = schema.maximum
            && found > maximum
        {
            self.push(ViolationKind::AboveMaximum {
                maximum,
                exclusive: false,
                found,
            });
        }
        if let Some(maximum) = schema.exclusive_maximum
            && found >= maximum
        {
            self.push(ViolationKind::AboveMaximum {
                maximum,
                exclusive: true,
                found,
            });
        }
        if let Some(multiple_of) = schema.multiple_of
            && multiple_of != 0.0
        {
            let quotient = found / multiple_of;
            if (quotient - quotient.round()).abs() > 1e-9 {
                self.push(ViolationKind::NotMultipleOf { multiple_of, found });
            }
        }
    }

    fn strings(&mut self, schema: &Schema, value: &Value) {
        if let Value::String(s) = value {
            let length = s.chars().count() as u64;
            self.bounds(
                length,
                (schema.min_length, schema.max_length),
                |min_length| ViolationKind::TooShort { min_length, length },
                |max_length| ViolationKind::TooLong { max_length, length },
            );
        }
        if let Some(pattern) = &schema.pattern {
            // cfn-lint matches scalars' JSON text too (`60` as "60").
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(_) | Value::Bool(_) => value.to_string(),
                _ => return,
            };
            if !pattern_matches(pattern, &text) {
                self.push(ViolationKind::PatternMismatch {
                    pattern: pattern.clone(),
                    found: text,
                });
            }
        }
    }

    fn array(&mut self, schema: &'a Schema, items: &[Value]) {
        let count = items.len() as u64;
        self.bounds(
            count,
            (schema.min_items, schema.max_items),
            |min_items| ViolationKind::TooFewItems { min_items, count },
            |max_items| ViolationKind::TooManyItems { max_items, count },
        );
        if schema.unique_items == Some(true) {
            'outer: for (i, a) in items.iter().enumerate() {
                for (j, b) in items.iter().enumerate().skip(i + 1) {
                    if cfn_equal(a, b) {
                        self.push(ViolationKind::DuplicateItems {
                            first: i,
                            second: j,
                        });
                        break 'outer;
                    }
                }
            }
        }
        for (i, item) in items.iter().enumerate() {
            let item_schema = schema.prefix_items.get(i).or(schema.items.as_deref());
            if let Some(item_schema) = item_schema {
                self.path.push(PathSegment::Index(i));
                self.node(item_schema, item);
                self.path.pop();
            }
        }
    }

    fn object(&mut self, schema: &'a Schema, map: &Map<String, Value>) {
        let present = |name: &str| map.get(name).is_some_and(|v| !is_no_value(v));

        for name in &schema.required {
            if !present(name) {
                self.push(ViolationKind::MissingRequired { name: name.clone() });
            }
        }
        let count = map.len() as u64;
        self.bounds(
            count,
            (schema.min_properties, schema.max_properties),
            |min_properties| ViolationKind::TooFewProperties {
                min_properties,
                count,
            },
            |max_properties| ViolationKind::TooManyProperties {
                max_properties,
                count,
            },
        );

        for (key, value) in map {
            if is_no_value(value) {
                continue;
            }
            if let Some(property) = schema.properties.get(key) {
                self.path.push(PathSegment::Property(key.clone()));
                if !self.branch {
                    self.resource_facts(key);
                }
                self.node(property, value);
                self.path.pop();
                continue;
            }
            let mut matched = false;
            for (pattern, sub) in &schema.pattern_properties {
                // A key pattern that does not compile matches every key: the
                // check is skipped, not failed.
                if pattern_matches(pattern, key) {
                    matched = true;
                    self.path.push(PathSegment::Key(key.clone()));
                    self.node(sub, value);
                    self.path.pop();
                }
            }
            if matched {
                continue;
            }
            match &schema.additional_properties {
                Some(Additional::Allowed(false)) => {
                    if schema.pattern_properties.is_empty() {
                        let suggestion = suggest(key, schema.properties.keys().map(String::as_str))
                            .map(str::to_string);
                        self.push(ViolationKind::UnknownProperty {
                            name: key.clone(),
                            suggestion,
                        });
                    } else {
                        self.path.push(PathSegment::Key(key.clone()));
                        self.push(ViolationKind::KeyNotAllowed {
                            key: key.clone(),
                            patterns: schema.pattern_properties.keys().cloned().collect(),
                        });
                        self.path.pop();
                    }
                }
                Some(Additional::Schema(sub)) => {
                    self.path.push(PathSegment::Key(key.clone()));
                    self.node(sub, value);
                    self.path.pop();
                }
                Some(Additional::Allowed(true)) | None => {}
            }
        }

        if !schema.required_xor.is_empty() {
            let set: Vec<String> = schema
                .required_xor
                .iter()
                .filter(|n| present(n))
                .cloned()
                .collect();
            if set.len() != 1 {
                self.push(ViolationKind::RequiredXor {
                    names: schema.required_xor.clone(),
                    set,
                });
            }
        }
        if !schema.required_or.is_empty() && !schema.required_or.iter().any(|n| present(n)) {
            self.push(ViolationKind::RequiredOr {
                names: schema.required_or.clone(),
            });
        }
        for (property, excluded) in &schema.dependent_excluded {
            if present(property) {
                for other in excluded.iter().filter(|n| present(n)) {
                    self.push(ViolationKind::DependentExcluded {
                        property: property.clone(),
                        excluded: other.clone(),
                    });
                }
            }
        }
        let required_lists =
            schema
                .dependent_required
                .iter()
                .chain(schema.dependencies.iter().filter_map(|(k, d)| match d {
                    Dependency::Required(names) => Some((k, names)),
                    Dependency::Schema(_) => None,
                }));
        for (property, needs) in required_lists {
            if present(property) {
                for missing in needs.iter().filter(|n| !present(n)) {
                    self.push(ViolationKind::DependentRequired {
                        property: property.clone(),
                        missing: missing.clone(),
                    });
                }
            }
        }
        for (property, dependency) in &schema.dependencies {
            if let Dependency::Schema(sub) = dependency
                && present(property)
            {
                self.node(sub, &Value::Object(map.clone()));
            }
        }
    }

    /// Read-only and deprecated properties, by the resource's pointer lists.
    fn resource_facts(&mut self, key: &str) {
        if self.rs.read_only_properties.is_empty() && self.rs.deprecated_properties.is_empty() {
            return;
        }
        let pointer = self.pointer();
        if self.rs.read_only_properties.contains(&pointer) {
            self.push(ViolationKind::ReadOnlySet {
                name: key.to_string(),
            });
        }
        if self.rs.deprecated_properties.contains(&pointer) {
            self.push(ViolationKind::Deprecated {
                name: key.to_string(),
            });
        }
    }

    fn combinators(&mut self, schema: &'a Schema, value: &Value) {
        for sub in &schema.all_of {
            self.node(sub, value);
        }
        // Intrinsics inside the value satisfy everything in a trial, so "no
        // alternative fits" holds whatever they evaluate to; "several fit",
        // a `not` that matches and an `if` that holds may be artefacts of
        // that, so they are reported only for fully known values.
        let unknown = holds_unknown(value);
        if !schema.one_of.is_empty() {
            let matched: Vec<usize> = schema
                .one_of
                .iter()
                .enumerate()
                .filter(|(_, s)| self.fits(s, value))
                .map(|(i, _)| i)
                .collect();
            if matched.is_empty() {
                let alternatives = self.alternatives(&schema.one_of);
                self.push(ViolationKind::OneOfNone { alternatives });
            } else if matched.len() > 1 && !unknown {
                let alternatives = self.alternatives(&schema.one_of);
                self.push(ViolationKind::OneOfSeveral {
                    matched,
                    alternatives,
                });
            }
        }
        if !schema.any_of.is_empty() && !schema.any_of.iter().any(|s| self.fits(s, value)) {
            let alternatives = self.alternatives(&schema.any_of);
            self.push(ViolationKind::AnyOfNone { alternatives });
        }
        if let Some(not) = &schema.not
            && !unknown
            && self.fits(not, value)
        {
            self.push(ViolationKind::Forbidden {
                found: value.clone(),
            });
        }
        if let Some(condition) = &schema.if_
            && !unknown
        {
            if self.fits(condition, value) {
                if let Some(then) = &schema.then {
                    self.node(then, value);
                }
            } else if let Some(otherwise) = &schema.else_ {
                self.node(otherwise, value);
            }
        }
    }
}
