//! IAM policy statements as a reader sees them: effect, principals,
//! actions, resources and condition, with CloudFormation intrinsics shown
//! the way the AWS CDK shows them (`${Artifacts.Arn}`), in a canonical
//! order so that two spellings of one statement compare equal.

use serde::Serialize;
use serde_json::Value;

/// One statement, normalised: lists sorted, the statement id dropped (it
/// names a statement, it grants nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// `Allow` or `Deny`.
    pub effect: String,
    /// `*`, `AWS:...`, `Service:...`, `Federated:...`; `not ` first for a
    /// `NotPrincipal`. For an identity policy, the role, user or group it
    /// is attached to.
    pub principals: Vec<String>,
    /// `not ` first for a `NotAction`.
    pub actions: Vec<String>,
    /// `not ` first for a `NotResource`; empty in a trust policy.
    pub resources: Vec<String>,
    pub condition: Option<Value>,
}

impl Statement {
    fn parse(statement: &Value, holder: Option<&[String]>) -> Option<Self> {
        let statement = statement.as_object()?;
        let list = |key: &str, not_key: &str| -> Vec<String> {
            let (value, prefix) = match (statement.get(key), statement.get(not_key)) {
                (Some(value), _) => (value, ""),
                (None, Some(value)) => (value, "not "),
                (None, None) => return Vec::new(),
            };
            sorted(
                items(value)
                    .iter()
                    .map(|v| format!("{prefix}{}", render(v))),
            )
        };
        let principals = match (statement.get("Principal"), statement.get("NotPrincipal")) {
            (Some(p), _) => principal_names(p, ""),
            (None, Some(p)) => principal_names(p, "not "),
            (None, None) => holder.map(<[String]>::to_vec).unwrap_or_default(),
        };
        Some(Statement {
            effect: statement
                .get("Effect")
                .map(render)
                .unwrap_or_else(|| "Allow".to_owned()),
            principals,
            actions: list("Action", "NotAction"),
            resources: list("Resource", "NotResource"),
            condition: statement.get("Condition").cloned(),
        })
    }

    /// A `AWS::Lambda::Permission` as the statement it adds to the
    /// function's resource policy.
    pub fn from_lambda_permission(properties: Option<&Value>) -> Self {
        let get = |key: &str| properties.and_then(|p| p.get(key));
        let principal = get("Principal").map(render).unwrap_or_default();
        let principal = if principal.ends_with(".amazonaws.com") {
            format!("Service:{principal}")
        } else {
            format!("AWS:{principal}")
        };
        let condition: serde_json::Map<String, Value> = ["SourceArn", "SourceAccount"]
            .into_iter()
            .filter_map(|key| Some((key.to_owned(), Value::String(render(get(key)?)))))
            .collect();
        Statement {
            effect: "Allow".to_owned(),
            principals: vec![principal],
            actions: get("Action").map(render).into_iter().collect(),
            resources: get("FunctionName").map(render).into_iter().collect(),
            condition: (!condition.is_empty()).then_some(Value::Object(condition)),
        }
    }

    /// Whether this grants no more than `other`: the same effect, principals
    /// and condition, with its actions and resources among `other`'s
    /// (compared as written: a wildcard is not expanded).
    pub fn is_within(&self, other: &Statement) -> bool {
        let among = |mine: &[String], theirs: &[String]| mine.iter().all(|m| theirs.contains(m));
        self.effect == other.effect
            && self.principals == other.principals
            && self.condition == other.condition
            && among(&self.actions, &other.actions)
            && among(&self.resources, &other.resources)
    }
}

/// The statements of a policy document (an object, or JSON text as some
/// properties take it); `holder` is the principal of an identity policy.
pub fn statements_in(document: &Value, holder: Option<&[String]>) -> Vec<Statement> {
    let parsed;
    let document = match document {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                parsed = value;
                &parsed
            }
            Err(_) => return Vec::new(),
        },
        other => other,
    };
    document
        .get("Statement")
        .map(items)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| Statement::parse(s, holder))
        .collect()
}

fn items(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        one => vec![one.clone()],
    }
}

fn sorted(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.collect();
    names.sort();
    names.dedup();
    names
}

fn principal_names(principal: &Value, prefix: &str) -> Vec<String> {
    match principal {
        Value::Object(kinds) if !is_intrinsic(principal) => {
            sorted(kinds.iter().flat_map(|(kind, who)| {
                items(who)
                    .iter()
                    .map(|w| format!("{prefix}{kind}:{}", render(w)))
                    .collect::<Vec<_>>()
            }))
        }
        other => vec![format!("{prefix}{}", render(other))],
    }
}

fn is_intrinsic(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|m| m.len() == 1 && m.keys().all(|k| k == "Ref" || k.starts_with("Fn::")))
}

/// A value as text: strings as they are, `Ref` and `Fn::GetAtt` as
/// `${Name}` / `${Name.Attribute}`, `Fn::Sub` as its pattern, `Fn::Join` as
/// the joined parts; anything else as compact JSON.
pub fn render(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(map) if map.len() == 1 => {
            let (name, argument) = map.iter().next().expect("one entry");
            match (name.as_str(), argument) {
                ("Ref", Value::String(target)) => format!("${{{target}}}"),
                ("Fn::GetAtt", Value::Array(parts)) => format!(
                    "${{{}}}",
                    parts.iter().map(render).collect::<Vec<_>>().join(".")
                ),
                ("Fn::GetAtt", Value::String(dotted)) => format!("${{{dotted}}}"),
                ("Fn::Sub", Value::String(pattern)) => pattern.clone(),
                ("Fn::Sub", Value::Array(parts)) if !parts.is_empty() => render(&parts[0]),
                ("Fn::Join", Value::Array(parts)) if parts.len() == 2 => {
                    let separator = parts[0].as_str().unwrap_or_default();
                    items(&parts[1])
                        .iter()
                        .map(render)
                        .collect::<Vec<_>>()
                        .join(separator)
                }
                _ => value.to_string(),
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intrinsics_read_as_the_cdk_shows_them() {
        assert_eq!(render(&json!({"Ref": "Bucket"})), "${Bucket}");
        assert_eq!(
            render(&json!({"Fn::GetAtt": ["Bucket", "Arn"]})),
            "${Bucket.Arn}"
        );
        assert_eq!(
            render(&json!({"Fn::Join": ["", [{"Fn::GetAtt": ["B", "Arn"]}, "/*"]]})),
            "${B.Arn}/*"
        );
        assert_eq!(
            render(&json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::x"})),
            "arn:${AWS::Partition}:s3:::x"
        );
        assert_eq!(render(&json!(true)), "true");
    }

    #[test]
    fn principals_and_negations_are_spelled_out() {
        let document = json!({"Statement": {"Effect": "Deny",
            "NotPrincipal": {"AWS": ["arn:b", "arn:a"], "Service": "s.amazonaws.com"},
            "NotAction": "iam:*", "Resource": "*"}});
        let statement = &statements_in(&document, None)[0];
        assert_eq!(
            statement.principals,
            [
                "not AWS:arn:a",
                "not AWS:arn:b",
                "not Service:s.amazonaws.com"
            ]
        );
        assert_eq!(statement.actions, ["not iam:*"]);
        let text = json!(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]}"#);
        assert_eq!(statements_in(&text, None)[0].principals, ["*"]);
        assert!(statements_in(&json!("not json"), None).is_empty());
    }
}
