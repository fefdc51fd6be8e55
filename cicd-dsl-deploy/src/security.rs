//! The security-relevant part of a template change, read from the deployed
//! and the proposed template: IAM statements added or removed (identity
//! policies, trust policies, resource policies), managed policies attached
//! or detached, and S3 public access blocks and encryption settings. Like
//! the AWS CDK's "IAM Statement Changes"; whether a change widens access
//! (`broadens`) is what `--require-approval broadening` asks about.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::policy_text::{Statement, render, statements_in};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Sign {
    Added,
    Removed,
}

/// One IAM statement that appears or disappears.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementChange {
    pub sign: Sign,
    /// Logical id of the resource that holds the statement.
    pub resource: String,
    /// Which document: `trust policy`, `inline policy NAME`, `policy`,
    /// `bucket policy`, `key policy`, ...
    pub source: String,
    #[serde(flatten)]
    pub statement: Statement,
    /// An added `Allow` (not merely a narrowed copy of a removed one) or a
    /// removed `Deny`.
    pub broadens: bool,
}

/// A managed policy ARN attached to or detached from a role, user or group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagedPolicyChange {
    pub sign: Sign,
    pub resource: String,
    pub arn: String,
    /// An attachment widens what the principal may do.
    pub broadens: bool,
}

/// A security setting of a resource that exists before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingChange {
    pub resource: String,
    pub resource_type: String,
    /// Dotted path, e.g. `PublicAccessBlockConfiguration.BlockPublicPolicy`.
    pub setting: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// A public access block setting that was on and no longer is.
    pub broadens: bool,
}

/// A security group ingress rule that appears or disappears.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IngressChange {
    pub sign: Sign,
    /// Logical id of the group (or of the `AWS::EC2::SecurityGroupIngress`).
    pub resource: String,
    /// `tcp 443 from 0.0.0.0/0`, `-1 all from ${OtherGroup.GroupId}`.
    pub rule: String,
    /// An added rule lets more traffic in.
    pub broadens: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SecurityDiff {
    pub statements: Vec<StatementChange>,
    pub managed_policies: Vec<ManagedPolicyChange>,
    pub settings: Vec<SettingChange>,
    pub ingress: Vec<IngressChange>,
}

impl SecurityDiff {
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
            && self.managed_policies.is_empty()
            && self.settings.is_empty()
            && self.ingress.is_empty()
    }

    /// Whether anything here widens access (see each change's `broadens`).
    pub fn broadens(&self) -> bool {
        self.statements.iter().any(|s| s.broadens)
            || self.managed_policies.iter().any(|m| m.broadens)
            || self.settings.iter().any(|s| s.broadens)
            || self.ingress.iter().any(|i| i.broadens)
    }
}

/// The four switches of an S3 public access block; each defaults to off.
const PUBLIC_ACCESS_BLOCK: [&str; 4] = [
    "BlockPublicAcls",
    "BlockPublicPolicy",
    "IgnorePublicAcls",
    "RestrictPublicBuckets",
];

/// Encryption properties by type: a change is shown, never counted as
/// widening access (who may read is the policies' business).
const ENCRYPTION: [(&str, &str); 8] = [
    ("AWS::S3::Bucket", "BucketEncryption"),
    ("AWS::Logs::LogGroup", "KmsKeyId"),
    ("AWS::SQS::Queue", "KmsMasterKeyId"),
    ("AWS::SQS::Queue", "SqsManagedSseEnabled"),
    ("AWS::SNS::Topic", "KmsMasterKeyId"),
    ("AWS::DynamoDB::Table", "SSESpecification"),
    ("AWS::ECR::Repository", "EncryptionConfiguration"),
    ("AWS::CodeBuild::Project", "EncryptionKey"),
];

/// Compares `old` (deployed; `Value::Null` for none) with `new`.
pub fn security_diff(old: &Value, new: &Value) -> SecurityDiff {
    let old_resources = resources(old);
    let new_resources = resources(new);
    SecurityDiff {
        statements: statement_changes(&old_resources, &new_resources),
        managed_policies: managed_policy_changes(&old_resources, &new_resources),
        settings: setting_changes(&old_resources, &new_resources),
        ingress: ingress_changes(&old_resources, &new_resources),
    }
}

fn resources(template: &Value) -> Map<String, Value> {
    template
        .get("Resources")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn type_of(resource: &Value) -> &str {
    resource.get("Type").and_then(Value::as_str).unwrap_or("")
}

fn property<'a>(resource: &'a Value, name: &str) -> Option<&'a Value> {
    resource.get("Properties")?.get(name)
}

/// A statement where it lives: (logical id, document, statement).
type Located = (String, String, Statement);

/// Every IAM statement of a template, with where it lives.
fn all_statements(resources: &Map<String, Value>) -> Vec<Located> {
    let mut found = Vec::new();
    for (id, resource) in resources {
        let holder = vec![format!("AWS:${{{id}}}")];
        let mut add = |source: String, document: Option<&Value>, principal: Option<&[String]>| {
            if let Some(document) = document {
                for statement in statements_in(document, principal) {
                    found.push((id.clone(), source.clone(), statement));
                }
            }
        };
        match type_of(resource) {
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                if type_of(resource) == "AWS::IAM::Role" {
                    add(
                        "trust policy".to_owned(),
                        property(resource, "AssumeRolePolicyDocument"),
                        None,
                    );
                }
                let inline = property(resource, "Policies").and_then(Value::as_array);
                for policy in inline.into_iter().flatten() {
                    let name = policy.get("PolicyName").map(render).unwrap_or_default();
                    add(
                        format!("inline policy {name}"),
                        policy.get("PolicyDocument"),
                        Some(&holder),
                    );
                }
            }
            kind @ ("AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy") => {
                let attached = attached_principals(resource);
                let source = if kind == "AWS::IAM::ManagedPolicy" {
                    "managed policy"
                } else {
                    "policy"
                };
                add(
                    source.to_owned(),
                    property(resource, "PolicyDocument"),
                    Some(&attached),
                );
            }
            "AWS::S3::BucketPolicy" => add(
                "bucket policy".to_owned(),
                property(resource, "PolicyDocument"),
                None,
            ),
            "AWS::SQS::QueuePolicy" => add(
                "queue policy".to_owned(),
                property(resource, "PolicyDocument"),
                None,
            ),
            "AWS::SNS::TopicPolicy" => add(
                "topic policy".to_owned(),
                property(resource, "PolicyDocument"),
                None,
            ),
            "AWS::KMS::Key" => add(
                "key policy".to_owned(),
                property(resource, "KeyPolicy"),
                None,
            ),
            "AWS::ECR::Repository" => add(
                "repository policy".to_owned(),
                property(resource, "RepositoryPolicyText"),
                None,
            ),
            "AWS::Lambda::Permission" => {
                found.push((
                    id.clone(),
                    "function permission".to_owned(),
                    Statement::from_lambda_permission(resource.get("Properties")),
                ));
            }
            _ => {}
        }
    }
    found
}

/// Who a standalone policy applies to: its roles, users and groups.
fn attached_principals(resource: &Value) -> Vec<String> {
    let mut principals = Vec::new();
    for key in ["Roles", "Users", "Groups", "RoleName"] {
        let values = match property(resource, key) {
            Some(Value::Array(items)) => items.clone(),
            Some(one) => vec![one.clone()],
            None => Vec::new(),
        };
        principals.extend(values.iter().map(|v| format!("AWS:{}", render(v))));
    }
    principals.sort();
    principals
}

/// Statements present on one side only, per (resource, document); a
/// statement that moves within a document is no change.
fn statement_changes(
    old_resources: &Map<String, Value>,
    new_resources: &Map<String, Value>,
) -> Vec<StatementChange> {
    let old = all_statements(old_resources);
    let new = all_statements(new_resources);
    let removed = one_side_only(&old, &new);
    let added = one_side_only(&new, &old);
    let mut changes = Vec::new();
    for (resource, source, statement) in &added {
        let narrowed_copy = removed
            .iter()
            .any(|(r, s, gone)| r == resource && s == source && statement.is_within(gone));
        changes.push(StatementChange {
            sign: Sign::Added,
            resource: resource.clone(),
            source: source.clone(),
            broadens: statement.effect == "Allow" && !narrowed_copy,
            statement: statement.clone(),
        });
    }
    for (resource, source, statement) in removed {
        changes.push(StatementChange {
            sign: Sign::Removed,
            resource,
            source,
            broadens: statement.effect == "Deny",
            statement,
        });
    }
    changes
}

/// The items of `side` not matched one for one in `other`.
fn one_side_only(side: &[Located], other: &[Located]) -> Vec<Located> {
    let mut unmatched: Vec<Option<&Located>> = other.iter().map(Some).collect();
    side.iter()
        .filter(|item| {
            match unmatched
                .iter_mut()
                .find(|candidate| candidate.is_some_and(|c| c == *item))
            {
                Some(slot) => {
                    *slot = None;
                    false
                }
                None => true,
            }
        })
        .cloned()
        .collect()
}

fn managed_policy_changes(
    old_resources: &Map<String, Value>,
    new_resources: &Map<String, Value>,
) -> Vec<ManagedPolicyChange> {
    let arns = |resources: &Map<String, Value>| -> Vec<(String, String)> {
        let mut found = Vec::new();
        for (id, resource) in resources {
            let list = property(resource, "ManagedPolicyArns").and_then(Value::as_array);
            found.extend(
                list.into_iter()
                    .flatten()
                    .map(|arn| (id.clone(), render(arn))),
            );
        }
        found
    };
    let old = arns(old_resources);
    let new = arns(new_resources);
    let mut changes: Vec<ManagedPolicyChange> = new
        .iter()
        .filter(|pair| !old.contains(pair))
        .map(|(resource, arn)| ManagedPolicyChange {
            sign: Sign::Added,
            resource: resource.clone(),
            arn: arn.clone(),
            broadens: true,
        })
        .collect();
    changes.extend(
        old.iter()
            .filter(|pair| !new.contains(pair))
            .map(|(resource, arn)| ManagedPolicyChange {
                sign: Sign::Removed,
                resource: resource.clone(),
                arn: arn.clone(),
                broadens: false,
            }),
    );
    changes
}

/// Every ingress rule of a template: inline in a security group, or a
/// resource of its own.
fn ingress_rules(resources: &Map<String, Value>) -> Vec<(String, String)> {
    let mut rules = Vec::new();
    for (id, resource) in resources {
        match type_of(resource) {
            "AWS::EC2::SecurityGroup" => {
                let inline = property(resource, "SecurityGroupIngress").and_then(Value::as_array);
                rules.extend(
                    inline
                        .into_iter()
                        .flatten()
                        .map(|r| (id.clone(), rule_text(r))),
                );
            }
            "AWS::EC2::SecurityGroupIngress" => {
                if let Some(rule) = resource.get("Properties") {
                    rules.push((id.clone(), rule_text(rule)));
                }
            }
            _ => {}
        }
    }
    rules
}

/// `tcp 443-443 from 0.0.0.0/0`: protocol, ports, source.
fn rule_text(rule: &Value) -> String {
    let get = |key: &str| rule.get(key).map(render);
    let protocol = get("IpProtocol").unwrap_or_else(|| "?".to_owned());
    let ports = match (get("FromPort"), get("ToPort")) {
        (Some(from), Some(to)) if from == to => from,
        (Some(from), Some(to)) => format!("{from}-{to}"),
        _ => "all".to_owned(),
    };
    let source = [
        "CidrIp",
        "CidrIpv6",
        "SourceSecurityGroupId",
        "SourcePrefixListId",
    ]
    .into_iter()
    .find_map(get)
    .unwrap_or_else(|| "?".to_owned());
    format!("{protocol} {ports} from {source}")
}

fn ingress_changes(
    old_resources: &Map<String, Value>,
    new_resources: &Map<String, Value>,
) -> Vec<IngressChange> {
    let old = ingress_rules(old_resources);
    let new = ingress_rules(new_resources);
    let change = |sign, (resource, rule): &(String, String)| IngressChange {
        sign,
        resource: resource.clone(),
        rule: rule.clone(),
        broadens: sign == Sign::Added,
    };
    let mut changes: Vec<IngressChange> = new
        .iter()
        .filter(|r| !old.contains(r))
        .map(|r| change(Sign::Added, r))
        .collect();
    changes.extend(
        old.iter()
            .filter(|r| !new.contains(r))
            .map(|r| change(Sign::Removed, r)),
    );
    changes
}

/// Public access blocks and encryption of resources on both sides (a new
/// resource's settings are its creation, not a change).
fn setting_changes(
    old_resources: &Map<String, Value>,
    new_resources: &Map<String, Value>,
) -> Vec<SettingChange> {
    let mut changes = Vec::new();
    for (id, new_resource) in new_resources {
        let Some(old_resource) = old_resources.get(id) else {
            continue;
        };
        let resource_type = type_of(new_resource);
        if resource_type != type_of(old_resource) {
            continue;
        }
        let mut push = |setting: String, old: Option<Value>, new: Option<Value>, broadens| {
            changes.push(SettingChange {
                resource: id.clone(),
                resource_type: resource_type.to_owned(),
                setting,
                old,
                new,
                broadens,
            });
        };
        if resource_type == "AWS::S3::Bucket" {
            let block = |r: &Value| property(r, "PublicAccessBlockConfiguration").cloned();
            let (before, after) = (block(old_resource), block(new_resource));
            if before != after {
                for switch in PUBLIC_ACCESS_BLOCK {
                    let on = |config: &Option<Value>| {
                        config
                            .as_ref()
                            .map(|c| c.get(switch) == Some(&Value::Bool(true)))
                    };
                    let (was, is) = (on(&before), on(&after));
                    if was.unwrap_or(false) != is.unwrap_or(false) {
                        push(
                            format!("PublicAccessBlockConfiguration.{switch}"),
                            was.map(Value::Bool),
                            is.map(Value::Bool),
                            was == Some(true),
                        );
                    }
                }
            }
        }
        for (_, name) in ENCRYPTION.iter().filter(|(t, _)| *t == resource_type) {
            let (before, after) = (property(old_resource, name), property(new_resource, name));
            if before != after {
                push(name.to_string(), before.cloned(), after.cloned(), false);
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn role(statements: Value, managed: Value) -> Value {
        json!({"Resources": {
            "BuildRole": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": "codebuild.amazonaws.com"},
                    "Action": "sts:AssumeRole"
                }]},
                "ManagedPolicyArns": managed,
                "Policies": [{"PolicyName": "Build", "PolicyDocument": {"Statement": statements}}]
            }}
        }})
    }

    #[test]
    fn an_added_statement_broadens_and_names_principal_actions_and_resources() {
        let read = json!({"Effect": "Allow", "Action": "s3:GetObject",
            "Resource": {"Fn::Sub": "${Artifacts.Arn}/*"}});
        let write = json!({"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],
            "Resource": {"Fn::GetAtt": ["Artifacts", "Arn"]}});
        let old = role(json!([read]), json!([]));
        let new = role(
            json!([read, write]),
            json!(["arn:aws:iam::aws:policy/ReadOnlyAccess"]),
        );
        let diff = security_diff(&old, &new);
        assert_eq!(diff.statements.len(), 1, "{diff:#?}");
        let added = &diff.statements[0];
        assert_eq!(added.sign, Sign::Added);
        assert_eq!(added.source, "inline policy Build");
        assert_eq!(added.statement.effect, "Allow");
        assert_eq!(added.statement.principals, ["AWS:${BuildRole}"]);
        assert_eq!(added.statement.actions, ["s3:DeleteObject", "s3:PutObject"]);
        assert_eq!(added.statement.resources, ["${Artifacts.Arn}"]);
        assert!(added.broadens);
        assert_eq!(diff.managed_policies.len(), 1);
        assert!(diff.managed_policies[0].broadens);
        assert!(diff.broadens());

        // The reverse removes the statement and detaches the policy: narrower.
        let back = security_diff(&new, &old);
        assert_eq!(back.statements[0].sign, Sign::Removed);
        assert!(!back.broadens(), "{back:#?}");
    }

    #[test]
    fn narrowing_a_statement_does_not_broaden_but_widening_it_does() {
        let wide =
            json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"});
        let narrow = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"});
        let narrowed = security_diff(
            &role(json!([wide]), json!([])),
            &role(json!([narrow]), json!([])),
        );
        assert_eq!(narrowed.statements.len(), 2);
        assert!(!narrowed.broadens(), "{narrowed:#?}");
        let widened = security_diff(
            &role(json!([narrow]), json!([])),
            &role(json!([wide]), json!([])),
        );
        assert!(widened.broadens());
        // Order and the statement id are no change.
        let a = json!({"Sid": "One", "Effect": "Allow", "Action": ["a:B", "a:A"], "Resource": "*"});
        let b = json!({"Effect": "Allow", "Action": ["a:A", "a:B"], "Resource": ["*"]});
        assert!(
            security_diff(&role(json!([a]), json!([])), &role(json!([b]), json!([]))).is_empty()
        );
    }

    #[test]
    fn trust_and_resource_policies_count_and_removing_a_deny_broadens() {
        let trusted = |service: &str| {
            json!({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow",
                    "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}}}}})
        };
        let diff = security_diff(
            &trusted("codebuild.amazonaws.com"),
            &trusted("lambda.amazonaws.com"),
        );
        let added = diff
            .statements
            .iter()
            .find(|s| s.sign == Sign::Added)
            .unwrap();
        assert_eq!(added.source, "trust policy");
        assert_eq!(added.statement.principals, ["Service:lambda.amazonaws.com"]);
        assert!(diff.broadens());

        let bucket_policy = |statements: Value| {
            json!({"Resources": {"P": {"Type": "AWS::S3::BucketPolicy", "Properties": {
                "Bucket": {"Ref": "B"}, "PolicyDocument": {"Statement": statements}}}}})
        };
        let deny = json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}});
        let diff = security_diff(&bucket_policy(json!([deny])), &bucket_policy(json!([])));
        assert_eq!(diff.statements[0].source, "bucket policy");
        assert_eq!(diff.statements[0].statement.principals, ["*"]);
        assert!(diff.statements[0].statement.condition.is_some());
        assert!(diff.broadens(), "removing a Deny widens access");
    }

    #[test]
    fn turning_off_a_public_access_block_broadens_and_encryption_is_shown() {
        let bucket = |block: Value, encryption: &str| {
            json!({"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {
                "PublicAccessBlockConfiguration": block,
                "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": encryption}}]}}}}})
        };
        let all_on = json!({"BlockPublicAcls": true, "BlockPublicPolicy": true,
            "IgnorePublicAcls": true, "RestrictPublicBuckets": true});
        let policy_off = json!({"BlockPublicAcls": true, "BlockPublicPolicy": false,
            "IgnorePublicAcls": true, "RestrictPublicBuckets": true});
        let diff = security_diff(
            &bucket(all_on.clone(), "aws:kms"),
            &bucket(policy_off, "AES256"),
        );
        let settings: Vec<_> = diff
            .settings
            .iter()
            .map(|s| (s.setting.as_str(), s.broadens))
            .collect();
        assert_eq!(
            settings,
            [
                ("PublicAccessBlockConfiguration.BlockPublicPolicy", true),
                ("BucketEncryption", false)
            ]
        );
        assert!(diff.broadens());
        let tightened = security_diff(&bucket(json!({}), "AES256"), &bucket(all_on, "AES256"));
        assert_eq!(tightened.settings.len(), 4);
        assert!(!tightened.broadens());
    }

    #[test]
    fn an_added_ingress_rule_broadens() {
        let group = |rules: Value| {
            json!({"Resources": {"Web": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "GroupDescription": "web", "SecurityGroupIngress": rules}}}})
        };
        let https =
            json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8"});
        let ssh = json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"});
        let diff = security_diff(&group(json!([https])), &group(json!([https, ssh])));
        assert_eq!(diff.ingress.len(), 1);
        assert_eq!(diff.ingress[0].rule, "tcp 22 from 0.0.0.0/0");
        assert!(diff.broadens());
        assert!(!security_diff(&group(json!([https, ssh])), &group(json!([https]))).broadens());
    }

    #[test]
    fn a_new_role_broadens_a_removed_one_does_not() {
        let template = role(
            json!([{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]),
            json!([]),
        );
        let created = security_diff(&Value::Null, &template);
        assert_eq!(
            created.statements.len(),
            2,
            "trust and inline: {created:#?}"
        );
        assert!(created.broadens());
        let deleted = security_diff(&template, &json!({"Resources": {}}));
        assert!(!deleted.broadens());
    }
}
