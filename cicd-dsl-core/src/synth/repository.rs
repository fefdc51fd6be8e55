use super::context::Context;
use super::metadata::Entry;
use crate::model::{Repository, Resource, TagMutability};
use serde_json::{Value as Json, json};

/// Images with a protected tag are matched first by a rule that never
/// expires anything: ECR never lets a lower-priority rule expire an image
/// that a higher-priority rule's tag selection matched.
const NEVER: u32 = 9999;

pub fn synth(cx: &Context<'_>, resource: &Resource, repo: &Repository) -> Vec<(String, Json)> {
    let mut props = cx.named_props("RepositoryName", &repo.name);
    props.insert(
        "ImageScanningConfiguration".into(),
        json!({ "ScanOnPush": repo.scan_on_push }),
    );
    props.insert(
        "ImageTagMutability".into(),
        json!(match repo.tag_mutability {
            TagMutability::Mutable => "MUTABLE",
            TagMutability::Immutable => "IMMUTABLE",
        }),
    );
    if let Some(policy) = lifecycle_policy(repo) {
        props.insert(
            "LifecyclePolicy".into(),
            json!({ "LifecyclePolicyText": policy }),
        );
    }
    props.insert("Tags".into(), cx.tags(resource));
    vec![Entry::item(resource, props).under_item_id(cx)]
}

/// The lifecycle policy text (a JSON string inside the template).
pub fn lifecycle_policy(repo: &Repository) -> Option<String> {
    let keep_last = repo.keep_last?;
    let mut rules = Vec::new();
    for (i, tag) in repo.protect_tags.iter().enumerate() {
        rules.push(json!({
            "rulePriority": i + 1,
            "description": format!("Never expire the image tagged {tag}"),
            "selection": {
                "tagStatus": "tagged",
                "tagPatternList": [tag],
                "countType": "imageCountMoreThan",
                "countNumber": NEVER
            },
            "action": { "type": "expire" }
        }));
    }
    rules.push(json!({
        "rulePriority": repo.protect_tags.len() + 1,
        "description": format!("Keep the last {keep_last} images"),
        "selection": {
            "tagStatus": "any",
            "countType": "imageCountMoreThan",
            "countNumber": keep_last
        },
        "action": { "type": "expire" }
    }));
    Some(serde_json::to_string(&json!({ "rules": rules })).expect("JSON values serialize"))
}
