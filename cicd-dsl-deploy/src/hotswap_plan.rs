//! Whether a deploy can be a hotswap: the deployed template and the new
//! one may differ only in the `Code.S3Key` of Lambda functions (a new
//! build of the same function). Anything else (a property, a resource
//! added or removed, an output, the S3 bucket of the code, a section
//! outside `Resources`) needs CloudFormation, and the reason says which.

use serde::Serialize;
use serde_json::Value;

use crate::template_diff::diff_templates;

const FUNCTION_TYPE: &str = "AWS::Lambda::Function";

/// One function whose code changes: the new object in the asset bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeSwap {
    pub logical_id: String,
    /// The S3 key the deployed template names.
    pub old_key: String,
    /// The S3 key of the new build.
    pub new_key: String,
    /// The bucket holding both, resolved from the template.
    pub bucket: String,
}

/// Why a change needs a full deploy (one line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedsFullDeploy(pub String);

/// The functions whose code alone changes, or why this is not a code-only
/// change. `account` and `region` resolve the `Fn::Sub` of the code's bucket.
/// An empty list means the templates are equal.
pub fn plan_hotswap(
    deployed: &Value,
    proposed: &Value,
    account: &str,
    region: &str,
) -> Result<Vec<CodeSwap>, NeedsFullDeploy> {
    let mut aligned = deployed.clone();
    let mut swaps = Vec::new();
    let new_resources = proposed.get("Resources").and_then(Value::as_object);
    for (id, new_resource) in new_resources.into_iter().flatten() {
        if new_resource.get("Type").and_then(Value::as_str) != Some(FUNCTION_TYPE) {
            continue;
        }
        let Some(old_code) = aligned
            .pointer_mut(&format!("/Resources/{}/Properties/Code", escape(id)))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let new_code = new_resource.pointer("/Properties/Code");
        let (Some(new_key), Some(old_key)) = (
            new_code
                .and_then(|c| c.get("S3Key"))
                .and_then(Value::as_str),
            old_code.get("S3Key").and_then(Value::as_str),
        ) else {
            continue;
        };
        if new_key == old_key {
            continue;
        }
        let old_key = old_key.to_owned();
        old_code.insert("S3Key".to_owned(), Value::from(new_key));
        // Equal buckets are checked with the rest of the template below.
        let bucket = new_code
            .and_then(|c| c.get("S3Bucket"))
            .and_then(|b| resolve_name(b, account, region))
            .ok_or_else(|| {
                NeedsFullDeploy(format!(
                    "the code bucket of {id} is neither a name nor a Fn::Sub of pseudo parameters"
                ))
            })?;
        swaps.push(CodeSwap {
            logical_id: id.clone(),
            old_key,
            new_key: new_key.to_owned(),
            bucket,
        });
    }
    match first_difference(&aligned, proposed) {
        Some(why) => Err(NeedsFullDeploy(why)),
        None => Ok(swaps),
    }
}

/// The first difference between two templates, in words; `None` when equal.
fn first_difference(old: &Value, new: &Value) -> Option<String> {
    if old == new {
        return None;
    }
    let diff = diff_templates(old, new);
    let count = diff.resources.len() + diff.outputs.len();
    let more = |shown: usize| match count.saturating_sub(shown) {
        0 => String::new(),
        n => format!(" (and {n} more)"),
    };
    if let Some(resource) = diff.resources.first() {
        let what = match resource.properties.first() {
            Some(property) if resource.kind == crate::template_diff::DiffKind::Modified => {
                format!("{} changes", property.path)
            }
            _ => format!("is {:?}", resource.kind).to_lowercase(),
        };
        return Some(format!(
            "{} ({}) {what}{}",
            resource.logical_id,
            resource.resource_type,
            more(1)
        ));
    }
    if let Some(output) = diff.outputs.first() {
        return Some(format!("output {} changes{}", output.path, more(1)));
    }
    let sections = [old, new]
        .iter()
        .flat_map(|t| t.as_object().into_iter().flat_map(|o| o.keys()))
        .find(|key| key.as_str() != "Resources" && old.get(key) != new.get(key))
        .cloned();
    Some(match sections {
        Some(key) => format!("the template's {key} section changes"),
        None => "the template changes outside resources and outputs".to_owned(),
    })
}

/// A bucket name as the template gives it: a string, or a `Fn::Sub` of
/// the account, region and partition only.
fn resolve_name(value: &Value, account: &str, region: &str) -> Option<String> {
    if let Some(name) = value.as_str() {
        return Some(name.to_owned());
    }
    let text = value.get("Fn::Sub")?.as_str()?;
    let resolved = text
        .replace("${AWS::AccountId}", account)
        .replace("${AWS::Region}", region)
        .replace("${AWS::Partition}", partition(region));
    (!resolved.contains("${")).then_some(resolved)
}

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// A logical id in a JSON pointer (ids are alphanumeric, but be exact).
fn escape(id: &str) -> String {
    id.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(key: &str, timeout: u32) -> Value {
        json!({
            "Resources": {
                "Fn": {
                    "Type": "AWS::Lambda::Function",
                    "Properties": {
                        "Code": {
                            "S3Bucket": {"Fn::Sub": "cicd-dsl-assets-${AWS::AccountId}-${AWS::Region}"},
                            "S3Key": key
                        },
                        "Timeout": timeout
                    }
                },
                "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}
            },
            "Outputs": {"Name": {"Value": {"Ref": "Fn"}}}
        })
    }

    fn plan(old: &Value, new: &Value) -> Result<Vec<CodeSwap>, NeedsFullDeploy> {
        plan_hotswap(old, new, "123456789012", "eu-west-1")
    }

    #[test]
    fn a_new_code_key_alone_is_a_hotswap_with_the_resolved_bucket() {
        let swaps = plan(&template("assets/a.zip", 30), &template("assets/b.zip", 30)).unwrap();
        assert_eq!(
            swaps,
            vec![CodeSwap {
                logical_id: "Fn".into(),
                old_key: "assets/a.zip".into(),
                new_key: "assets/b.zip".into(),
                bucket: "cicd-dsl-assets-123456789012-eu-west-1".into(),
            }]
        );
    }

    #[test]
    fn equal_templates_swap_nothing() {
        let same = template("assets/a.zip", 30);
        assert_eq!(plan(&same, &same).unwrap(), Vec::new());
    }

    #[test]
    fn any_other_change_needs_a_full_deploy_and_says_which() {
        let why = |old: &Value, new: &Value| plan(old, new).unwrap_err().0;
        let old = template("assets/a.zip", 30);
        // A property of the function itself, with or without a code change.
        let reason = why(&old, &template("assets/b.zip", 60));
        assert_eq!(reason, "Fn (AWS::Lambda::Function) Timeout changes");

        let mut retention = template("assets/b.zip", 30);
        retention["Resources"]["Logs"]["Properties"]["RetentionInDays"] = json!(14);
        assert_eq!(
            why(&old, &retention),
            "Logs (AWS::Logs::LogGroup) RetentionInDays changes"
        );

        let mut added = old.clone();
        added["Resources"]["Queue"] = json!({"Type": "AWS::SQS::Queue"});
        assert_eq!(why(&old, &added), "Queue (AWS::SQS::Queue) is added");

        let mut output = old.clone();
        output["Outputs"]["Other"] = json!({"Value": "x"});
        assert_eq!(why(&old, &output), "output Other changes");

        let mut described = old.clone();
        described["Description"] = json!("new words");
        assert_eq!(
            why(&old, &described),
            "the template's Description section changes"
        );

        let mut bucket = template("assets/b.zip", 30);
        bucket["Resources"]["Fn"]["Properties"]["Code"]["S3Bucket"] = json!("elsewhere");
        assert_eq!(
            why(&old, &bucket),
            "Fn (AWS::Lambda::Function) Code.S3Bucket changes"
        );
    }

    #[test]
    fn a_bucket_that_cannot_be_resolved_is_not_swapped() {
        let mut new = template("assets/b.zip", 30);
        let sub = json!({"Fn::Sub": "${Other}-bucket"});
        new["Resources"]["Fn"]["Properties"]["Code"]["S3Bucket"] = sub.clone();
        let mut old = template("assets/a.zip", 30);
        old["Resources"]["Fn"]["Properties"]["Code"]["S3Bucket"] = sub;
        assert!(
            plan(&old, &new)
                .unwrap_err()
                .0
                .contains("code bucket of Fn")
        );
    }
}
