//! Schema-valid values generated from a schema node: enums' first value,
//! numbers within range, strings that match the node's pattern and
//! lengths, objects with their required properties, lists of their minimum
//! length.

use cicd_dsl_cfn::{JsonType, ResourceSchema, Schema, pattern_matches};
use serde_json::{Map, Value as Json, json};

/// A value for `node`, or `None` when none could be made.
pub fn value(rs: &ResourceSchema, node: &Schema, depth: usize) -> Option<Json> {
    if depth > 12 {
        return None;
    }
    let node = rs.resolve(node);
    if let Some(c) = &node.const_value {
        return Some(c.clone());
    }
    if let Some(first) = node.enum_values.as_ref().and_then(|e| e.first()) {
        return Some(first.clone());
    }
    if let Some(first) = node.enum_case_insensitive.as_ref().and_then(|e| e.first()) {
        return Some(first.clone());
    }
    let types: Vec<JsonType> = if node.types.is_empty() {
        infer_types(node)
    } else {
        node.types.clone()
    };
    for t in preferred(&types) {
        let made = match t {
            JsonType::String => string(node),
            JsonType::Integer => number(node, true),
            JsonType::Number => number(node, false),
            JsonType::Boolean => Some(json!(true)),
            JsonType::Object => object(rs, node, depth),
            JsonType::Array => array(rs, node, depth),
            JsonType::Null => None,
        };
        if made.is_some() {
            return made;
        }
    }
    for alternative in node.one_of.iter().chain(&node.any_of) {
        let mut merged = node.clone();
        merged.one_of.clear();
        merged.any_of.clear();
        let alt = rs.resolve(alternative);
        merged.required.extend(alt.required.iter().cloned());
        merged
            .properties
            .extend(alt.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
        if merged.types.is_empty() {
            merged.types = alt.types.clone();
        }
        if let Some(v) = value(rs, &merged, depth + 1) {
            return Some(v);
        }
    }
    None
}

fn infer_types(node: &Schema) -> Vec<JsonType> {
    if !node.properties.is_empty() || !node.required.is_empty() {
        vec![JsonType::Object]
    } else if node.items.is_some() {
        vec![JsonType::Array]
    } else if node.pattern.is_some()
        || node.min_length.is_some()
        || (node.one_of.is_empty() && node.any_of.is_empty())
    {
        vec![JsonType::String]
    } else {
        Vec::new()
    }
}

fn preferred(types: &[JsonType]) -> Vec<JsonType> {
    let order = [
        JsonType::String,
        JsonType::Integer,
        JsonType::Number,
        JsonType::Boolean,
        JsonType::Object,
        JsonType::Array,
    ];
    order.into_iter().filter(|t| types.contains(t)).collect()
}

fn number(node: &Schema, integer: bool) -> Option<Json> {
    let lo = node
        .minimum
        .or(node.exclusive_minimum.map(|m| m + 1.0))
        .unwrap_or(1.0);
    let hi = node
        .maximum
        .or(node.exclusive_maximum.map(|m| m - 1.0))
        .unwrap_or(f64::MAX);
    let mut n = if lo <= 1.0 && 1.0 <= hi { 1.0 } else { lo };
    if let Some(m) = node.multiple_of {
        n = (n / m).ceil() * m;
    }
    if integer || n.fract() == 0.0 {
        n = n.ceil();
        if n > hi {
            return None;
        }
        Some(json!(n as i64))
    } else {
        Some(json!(n))
    }
}

fn object(rs: &ResourceSchema, node: &Schema, depth: usize) -> Option<Json> {
    let mut map = Map::new();
    for name in &node.required {
        let property = node.properties.get(name);
        let made = match property {
            Some(p) => value(rs, p, depth + 1)?,
            None => json!("example"),
        };
        map.insert(name.clone(), made);
    }
    for group in [&node.required_xor, &node.required_or] {
        if let Some(first) = group.first()
            && !map.contains_key(first)
            && let Some(p) = node.properties.get(first)
        {
            map.insert(first.clone(), value(rs, p, depth + 1)?);
        }
    }
    let min = node.min_properties.unwrap_or(0) as usize;
    if map.len() < min {
        for (name, p) in &node.properties {
            if map.len() >= min {
                break;
            }
            if !map.contains_key(name)
                && let Some(v) = value(rs, p, depth + 1)
            {
                map.insert(name.clone(), v);
            }
        }
        if map.len() < min {
            return None;
        }
    }
    Some(Json::Object(map))
}

fn array(rs: &ResourceSchema, node: &Schema, depth: usize) -> Option<Json> {
    let count = node.min_items.unwrap_or(0) as usize;
    if count == 0 {
        return Some(json!([]));
    }
    if count > 1 && node.unique_items == Some(true) {
        return None;
    }
    let item = value(rs, node.items.as_deref()?, depth + 1)?;
    Some(Json::Array(vec![item; count]))
}

/// Strings people write, tried before the pattern's own minimal match.
const CANDIDATES: &[&str] = &[
    "example",
    "Example1",
    "a",
    "1",
    "arn:aws:iam::123456789012:role/example",
    "us-east-1",
    "123456789012",
    "10.0.0.0/16",
    "https://example.com",
    "example.com",
    "2024-01-01T00:00:00Z",
];

fn string(node: &Schema) -> Option<Json> {
    let fits = |s: &str| {
        let len = s.chars().count() as u64;
        node.min_length.is_none_or(|m| len >= m)
            && node.max_length.is_none_or(|m| len <= m)
            && node
                .pattern
                .as_deref()
                .is_none_or(|p| pattern_matches(p, s))
    };
    // Formats of the node, or of its alternatives (`anyOf` a key ARN, a key
    // ID or an alias).
    let mut tried: Vec<String> = std::iter::once(node)
        .chain(node.any_of.iter().chain(&node.one_of))
        .filter_map(|n| n.format.as_deref().and_then(format_example))
        .collect();
    tried.extend(CANDIDATES.iter().map(|s| s.to_string()));
    if let Some(pattern) = node.pattern.as_deref() {
        for stretch in [0, 1, 2, 3, 5, 8, 12, 20, 32, 64] {
            if let Some(s) = from_pattern(pattern, stretch) {
                tried.push(s);
            }
        }
    }
    let min = node.min_length.unwrap_or(0) as usize;
    let padded: Vec<String> = tried
        .iter()
        .filter(|s| s.chars().count() < min)
        .map(|s| format!("{s}{}", "a".repeat(min - s.chars().count())))
        .collect();
    tried.extend(padded);
    tried.into_iter().find(|s| fits(s)).map(Json::String)
}

/// cfn-lint's formats (`AWS::IAM::Role.Arn`, `date-time`, ...).
fn format_example(format: &str) -> Option<String> {
    Some(
        match format {
            "AWS::IAM::Role.Arn" => "arn:aws:iam::123456789012:role/example",
            "AWS::KMS::Key.Arn" => {
                "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"
            }
            "AWS::KMS::Key.Id" => "12345678-1234-1234-1234-123456789012",
            "AWS::EC2::SecurityGroup.Id" | "AWS::EC2::SecurityGroup.Ids" => "sg-12345678",
            "AWS::EC2::Subnet.Id" => "subnet-12345678",
            "AWS::EC2::VPC.Id" => "vpc-12345678",
            "AWS::EC2::Image.Id" => "ami-12345678",
            "AWS::S3::Bucket.Name" => "example-bucket",
            "AWS::Lambda::Function.Arn" => "arn:aws:lambda:us-east-1:123456789012:function:example",
            "AWS::KMS::Alias.AliasName" => "alias/example",
            "AWS::Logs::LogGroup.Name" => "example",
            "date-time" => "2024-01-01T00:00:00Z",
            "ipv4-network" | "ipv4-cidr" => "10.0.0.0/16",
            "ipv6-network" | "ipv6-cidr" => "2001:db8::/32",
            "ipv4" => "10.0.0.1",
            "json" => "{}",
            other => return arn_example(other),
        }
        .to_owned(),
    )
}

/// `AWS::SNS::Topic.Arn` -> `arn:aws:sns:us-east-1:123456789012:topic/example`.
fn arn_example(format: &str) -> Option<String> {
    let (type_name, attr) = format.rsplit_once('.')?;
    let mut parts = type_name.split("::");
    let (Some("AWS"), Some(service), Some(resource)) = (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    (attr == "Arn").then(|| {
        format!(
            "arn:aws:{}:us-east-1:123456789012:{}/example",
            service.to_ascii_lowercase(),
            resource.to_ascii_lowercase()
        )
    })
}

/// The shortest string the pattern matches, quantifiers that allow more
/// repeating their atom `stretch` more times. A small subset of ECMAScript
/// regular expressions: literals, escapes, classes, groups (first
/// alternative), `? * + {n} {n,} {n,m}`, anchors.
pub fn from_pattern(pattern: &str, stretch: usize) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut pos = 0;
    let out = sequence(&chars, &mut pos, stretch)?;
    Some(out)
}

fn sequence(chars: &[char], pos: &mut usize, stretch: usize) -> Option<String> {
    let mut out = String::new();
    while *pos < chars.len() {
        let c = chars[*pos];
        if c == ')' {
            break;
        }
        if c == '|' {
            // Keep the first alternative: skip to the end of this group.
            let mut depth = 0usize;
            while *pos < chars.len() {
                match chars[*pos] {
                    '\\' => *pos += 1,
                    '(' => depth += 1,
                    ')' if depth == 0 => break,
                    ')' => depth -= 1,
                    _ => {}
                }
                *pos += 1;
            }
            break;
        }
        let atom = atom(chars, pos, stretch)?;
        let (lo, hi) = quantifier(chars, pos)?;
        let count = match hi {
            Some(hi) => (lo + stretch).min(hi).max(lo),
            None => lo + stretch,
        };
        for _ in 0..count {
            out.push_str(&atom);
        }
    }
    Some(out)
}

fn atom(chars: &[char], pos: &mut usize, stretch: usize) -> Option<String> {
    let c = chars[*pos];
    *pos += 1;
    Some(match c {
        '^' | '$' => String::new(),
        '.' => "a".into(),
        '(' => {
            if chars.get(*pos) == Some(&'?') {
                // (?:...) groups; look-arounds are not generated.
                if chars.get(*pos + 1) == Some(&':') {
                    *pos += 2;
                } else {
                    return None;
                }
            }
            let inner = sequence(chars, pos, stretch)?;
            if chars.get(*pos) != Some(&')') {
                return None;
            }
            *pos += 1;
            inner
        }
        '[' => class(chars, pos)?.to_string(),
        '\\' => {
            let e = *chars.get(*pos)?;
            *pos += 1;
            match e {
                'd' => "1".into(),
                'w' | 'S' => "a".into(),
                's' => " ".into(),
                'Z' | 'z' | 'A' | 'b' => String::new(),
                'u' => {
                    let hex: String = chars.get(*pos..*pos + 4)?.iter().collect();
                    *pos += 4;
                    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?.to_string()
                }
                other => other.to_string(),
            }
        }
        other => other.to_string(),
    })
}

/// A character of `[...]`: a letter or digit when the class has one.
fn class(chars: &[char], pos: &mut usize) -> Option<char> {
    let negated = chars.get(*pos) == Some(&'^');
    if negated {
        *pos += 1;
    }
    let mut members: Vec<(char, char)> = Vec::new();
    let mut first = true;
    while *pos < chars.len() && (chars[*pos] != ']' || first) {
        first = false;
        let mut c = chars[*pos];
        *pos += 1;
        if c == '\\' {
            let e = *chars.get(*pos)?;
            *pos += 1;
            match e {
                'd' => {
                    members.push(('0', '9'));
                    continue;
                }
                'w' => {
                    members.push(('a', 'z'));
                    members.push(('A', 'Z'));
                    members.push(('0', '9'));
                    members.push(('_', '_'));
                    continue;
                }
                's' => {
                    members.push((' ', ' '));
                    continue;
                }
                'u' => {
                    let hex: String = chars.get(*pos..*pos + 4)?.iter().collect();
                    *pos += 4;
                    c = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
                }
                'n' => c = '\n',
                't' => c = '\t',
                'r' => c = '\r',
                other => c = other,
            }
        }
        if chars.get(*pos) == Some(&'-') && chars.get(*pos + 1).is_some_and(|n| *n != ']') {
            let mut end = chars[*pos + 1];
            *pos += 2;
            if end == '\\' {
                end = *chars.get(*pos)?;
                *pos += 1;
                if end == 'u' {
                    let hex: String = chars.get(*pos..*pos + 4)?.iter().collect();
                    *pos += 4;
                    end = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
                }
            }
            members.push((c, end));
        } else {
            members.push((c, c));
        }
    }
    *pos += 1; // ']'
    let inside = |x: char| members.iter().any(|(a, b)| *a <= x && x <= *b);
    let preferred = "a1Ab0-_.x/";
    if negated {
        return preferred.chars().find(|c| !inside(*c));
    }
    preferred
        .chars()
        .find(|c| inside(*c))
        .or_else(|| members.first().map(|(a, _)| *a))
}

fn quantifier(chars: &[char], pos: &mut usize) -> Option<(usize, Option<usize>)> {
    let q = match chars.get(*pos) {
        Some('?') => (0, Some(1)),
        Some('*') => (0, None),
        Some('+') => (1, None),
        Some('{') => {
            let end = chars[*pos..].iter().position(|c| *c == '}')? + *pos;
            let body: String = chars[*pos + 1..end].iter().collect();
            let parsed = match body.split_once(',') {
                None => {
                    let n = body.trim().parse().ok()?;
                    (n, Some(n))
                }
                Some((lo, hi)) => (
                    lo.trim().parse().unwrap_or(0),
                    if hi.trim().is_empty() {
                        None
                    } else {
                        Some(hi.trim().parse().ok()?)
                    },
                ),
            };
            *pos = end;
            parsed
        }
        _ => return Some((1, Some(1))),
    };
    *pos += 1;
    if matches!(chars.get(*pos), Some('?' | '+')) {
        *pos += 1;
    }
    Some(q)
}

#[test]
fn patterns_give_matching_strings() {
    for pattern in [
        "^[a-zA-Z0-9_.-]+$",
        "^arn:aws[a-z-]*:iam::\\d{12}:role/.+$",
        "^(sg-[0-9a-f]{8}|sg-[0-9a-f]{17})$",
        "^[0-9]{12}$",
    ] {
        let made = from_pattern(pattern, 0).unwrap();
        assert!(pattern_matches(pattern, &made), "{pattern}: {made}");
    }
}
