//! EventBridge rules: patterns EventBridge accepts, and sources that
//! actually send events; and the S3 source of a pipeline, which CodePipeline
//! reads by version.

use super::Finding;
use crate::model::{EventPattern, PipelineAction, ResourceKind, StackDef};
use crate::model::{FieldPath, Path};
use serde_json::Value as Json;

/// Why a hand-written pattern is not one EventBridge accepts: a non-empty
/// JSON object whose leaves are arrays of match values.
pub fn pattern_problem(text: &str) -> Option<String> {
    let json: Json = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(e) => return Some(format!("it is not JSON ({e})")),
    };
    let Json::Object(map) = &json else {
        return Some("it is not a JSON object".into());
    };
    if map.is_empty() {
        return Some("it is empty, and would match nothing".into());
    }
    leaf_problem(&json, "")
}

fn leaf_problem(value: &Json, path: &str) -> Option<String> {
    match value {
        Json::Object(map) => map.iter().find_map(|(key, v)| {
            let path = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            match v {
                Json::Object(inner) if inner.is_empty() => {
                    Some(format!("`{path}` is an empty object"))
                }
                Json::Object(_) => leaf_problem(v, &path),
                Json::Array(items) if items.is_empty() => {
                    Some(format!("`{path}` is an empty array, which matches nothing"))
                }
                Json::Array(_) => None,
                _ => Some(format!(
                    "`{path}` must be an array of values to match, e.g. [{v}]"
                )),
            }
        }),
        _ => None,
    }
}

pub fn event_patterns(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Rule(rule) = &resource.kind else {
            continue;
        };
        match &rule.pattern {
            EventPattern::Json(text) => {
                if let Some(problem) = pattern_problem(text) {
                    findings.push(
                        Finding::error(
                            "event-pattern",
                            Path::new(&resource.id, "pattern"),
                            format!("the event pattern is malformed: {problem}"),
                        )
                        .with_help(
                            r#"a pattern is a JSON object whose leaves are arrays, e.g. {"source":["aws.s3"],"detail-type":["Object Created"]}"#,
                        ),
                    );
                }
            }
            EventPattern::S3ObjectCreated { bucket, key } => {
                if key.is_empty() {
                    findings.push(
                        Finding::error(
                            "event-pattern",
                            Path::new(&resource.id, "on"),
                            "the object key to watch is empty".into(),
                        )
                        .with_help("name the object key, e.g. \"source.zip\""),
                    );
                }
                let sends = match stack.resource(bucket).map(|r| &r.kind) {
                    Some(ResourceKind::Bucket(b)) => b.eventbridge,
                    // Unknown items and wrong kinds are other rules' findings.
                    _ => true,
                };
                if !sends {
                    findings.push(
                        Finding::error(
                            "bucket-events-off",
                            Path::new(&resource.id, "on"),
                            format!(
                                "`{bucket}` does not send its events to EventBridge, so this rule never fires"
                            ),
                        )
                        .with_help(format!("add `eventbridge` to the bucket `{bucket}`")),
                    );
                }
            }
        }
    }
    findings
}

/// CodePipeline's S3 source reads an object version: the bucket must be
/// versioned or the pipeline fails at its first run.
pub fn source_bucket_versioned(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Pipeline(pipeline) = &resource.kind else {
            continue;
        };
        for stage in &pipeline.stages {
            for (i, action) in stage.actions.iter().enumerate() {
                let PipelineAction::S3Source { bucket, .. } = action else {
                    continue;
                };
                if let Some(ResourceKind::Bucket(b)) = stack.resource(bucket).map(|r| &r.kind)
                    && !b.versioned
                {
                    findings.push(
                        Finding::error(
                            "source-not-versioned",
                            Path::new(&resource.id, FieldPath::stage_action(&stage.name, i)),
                            format!(
                                "the S3 source bucket `{bucket}` is not versioned, and CodePipeline requires it"
                            ),
                        )
                        .with_help(format!("add `versioned` to the bucket `{bucket}`")),
                    );
                }
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_patterns() {
        assert_eq!(
            pattern_problem(
                r#"{"source":["aws.s3"],"detail":{"object":{"key":[{"prefix":"uploads/"}]}}}"#
            ),
            None
        );
    }

    #[test]
    fn malformed_patterns() {
        assert!(
            pattern_problem("{source:")
                .unwrap()
                .starts_with("it is not JSON")
        );
        assert_eq!(
            pattern_problem("[1]").as_deref(),
            Some("it is not a JSON object")
        );
        assert!(pattern_problem("{}").unwrap().contains("empty"));
        assert_eq!(
            pattern_problem(r#"{"source":"aws.s3"}"#).as_deref(),
            Some(r#"`source` must be an array of values to match, e.g. ["aws.s3"]"#)
        );
        assert!(
            pattern_problem(r#"{"detail":{"bucket":{"name":[]}}}"#)
                .unwrap()
                .contains("`detail.bucket.name` is an empty array")
        );
    }
}
