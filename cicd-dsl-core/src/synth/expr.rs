//! References become CloudFormation intrinsic functions.

use crate::model::{Attr, ItemRef, Kind};
use serde_json::{Value as Json, json};

/// The expression for `reference`, or `None` if that kind has no such
/// attribute.
pub fn item_ref_expr(kind: Kind, reference: &ItemRef) -> Option<Json> {
    let id = reference.item.as_str();
    match (kind, &reference.attr) {
        (_, Attr::Name) => Some(json!({ "Ref": id })),
        (_, Attr::Get(attr)) => Some(json!({ "Fn::GetAtt": [id, attr] })),
        (Kind::Pipeline, Attr::Arn) => Some(pipeline_arn(id)),
        (_, Attr::Arn) => Some(json!({ "Fn::GetAtt": [id, "Arn"] })),
        (Kind::Repository, Attr::Uri) => Some(json!({ "Fn::GetAtt": [id, "RepositoryUri"] })),
        (_, Attr::Uri) => None,
    }
}

/// A pipeline has no `Arn` attribute in CloudFormation; its ARN is built.
pub fn pipeline_arn(id: &str) -> Json {
    json!({
        "Fn::Sub": format!("arn:${{AWS::Partition}}:codepipeline:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}")
    })
}

/// `Fn::Sub` text for an item's ARN, to append a path (`/*`) to it.
pub fn arn_sub_text(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Pipeline => format!(
            "arn:${{AWS::Partition}}:codepipeline:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}"
        ),
        _ => format!("${{{id}.Arn}}"),
    }
}
