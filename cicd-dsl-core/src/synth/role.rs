use super::context::Context;
use super::expr::{arn_sub_text, item_ref_expr};
use super::metadata::Entry;
use super::permissions::{PolicyStatement, Scope, statements};
use crate::model::{Attr, ItemRef, Resource, Role};
use serde_json::{Value as Json, json};

pub fn synth(cx: &Context<'_>, resource: &Resource, role: &Role) -> Vec<(String, Json)> {
    let id = &resource.id;
    let mut props = cx.described_props("RoleName", &role.name, resource);
    let mut principals: Vec<&str> = role.assumed_by.iter().map(|p| p.principal()).collect();
    principals.sort();
    props.insert(
        "AssumeRolePolicyDocument".into(),
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": principals },
                "Action": "sts:AssumeRole"
            }]
        }),
    );
    props.insert("Tags".into(), cx.tags(resource));
    let mut out = vec![Entry::item(resource, props).under_item_id(cx)];

    let statements = statements(cx.stack, cx.permissions(id).to_vec());
    if let Some(policy_id) = cx.role_policy_id(id) {
        let document = json!({
            "Version": "2012-10-17",
            "Statement": statements.iter().map(|s| statement_json(cx, s)).collect::<Vec<_>>()
        });
        let props = json!({
            "PolicyName": policy_id,
            "Roles": [{ "Ref": id }],
            "PolicyDocument": document
        });
        out.push((
            policy_id,
            Entry::new(resource, "AWS::IAM::Policy", props).into_json(cx),
        ));
    }
    out
}

fn statement_json(cx: &Context<'_>, statement: &PolicyStatement) -> Json {
    let resource = match &statement.scope {
        Scope::Item { item, suffix } if suffix.is_empty() => {
            item_ref_expr(cx.kind_of(item), &ItemRef::new(item, Attr::Arn))
                .expect("every kind has an ARN")
        }
        Scope::Item { item, suffix } => {
            json!({ "Fn::Sub": format!("{}{suffix}", arn_sub_text(cx.kind_of(item), item)) })
        }
        Scope::Arn(arn) => json!(arn),
        Scope::Any => json!("*"),
    };
    let actions: Json = if statement.actions.len() == 1 {
        json!(statement.actions[0])
    } else {
        json!(statement.actions)
    };
    json!({
        "Sid": statement.sid,
        "Effect": "Allow",
        "Action": actions,
        "Resource": resource
    })
}
