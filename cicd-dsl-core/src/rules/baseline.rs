//! The security baseline: each finding is an error unless the item
//! suppresses the rule with a written reason (which lands in the template
//! metadata).
//!
//! Public principals: the model has no resource policies with principals
//! (a bucket's only policy is the generated TLS-only deny, and trust
//! policies name services from a closed enum), so a public principal cannot
//! be written. The nearest real risk an identity policy can carry is a
//! literal ARN that leaves the account open (`arn:aws:iam::*:role/x`),
//! which `any-account-resource` reports.

use super::Finding;
use crate::model::{Encryption, ResourceKind, StackDef, StatementResource};
use crate::model::{FieldPath, Path};

pub fn bucket_baseline(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Bucket(bucket) = &resource.kind else {
            continue;
        };
        let id = &resource.id;
        if bucket.encryption == Encryption::None {
            findings.push(
                Finding::error(
                    "bucket-encryption",
                    Path::new(id, "encryption"),
                    format!("`{id}` has no default encryption"),
                )
                .with_help("use `encryption = Aes256` (SSE-S3) or `KmsManaged`, or suppress `bucket-encryption` with a reason"),
            );
        }
        if !bucket.block_public_access {
            findings.push(
                Finding::error(
                    "bucket-public-access",
                    Path::new(id, "block_public_access"),
                    format!("`{id}` does not block public access"),
                )
                .with_help("keep `block_public_access` on (all four blocks), or suppress `bucket-public-access` with a reason"),
            );
        }
        if !bucket.tls_only {
            findings.push(
                Finding::error(
                    "bucket-tls",
                    Path::new(id, "tls_only"),
                    format!("`{id}` accepts requests that are not made over TLS"),
                )
                .with_help("keep `tls_only` on (a bucket policy denying `aws:SecureTransport = false`), or suppress `bucket-tls` with a reason"),
            );
        }
    }
    findings
}

pub fn repository_scan(stack: &StackDef) -> Vec<Finding> {
    stack
        .resources
        .iter()
        .filter_map(|resource| match &resource.kind {
            ResourceKind::Repository(repo) if !repo.scan_on_push => Some(
                Finding::error(
                    "repository-scan",
                    Path::new(&resource.id, "scan_on_push"),
                    format!("`{}` does not scan images on push", resource.id),
                )
                .with_help("add `scan_on_push`, or suppress `repository-scan` with a reason"),
            ),
            _ => None,
        })
        .collect()
}

pub fn log_retention_set(stack: &StackDef) -> Vec<Finding> {
    stack
        .resources
        .iter()
        .filter_map(|resource| match &resource.kind {
            ResourceKind::LogGroup(group) if group.retention_days.is_none() => Some(
                // About a key the user did not write: the item is the place.
                Finding::error(
                    "log-retention-missing",
                    Path::item(&resource.id),
                    format!("`{}` keeps its logs forever", resource.id),
                )
                .with_help("set `retention_days` (e.g. 7, 14, 30, 90, 365), or suppress `log-retention-missing` with a reason"),
            ),
            _ => None,
        })
        .collect()
}

/// `*` and `*:*` grant every action of every service.
pub fn is_admin_action(action: &str) -> bool {
    action.bytes().all(|b| b == b'*') || action == "*:*"
}

pub fn admin_wildcard(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Role(role) = &resource.kind else {
            continue;
        };
        for (i, statement) in role.statements.iter().enumerate() {
            for (j, action) in statement.actions.iter().enumerate() {
                if is_admin_action(action) {
                    findings.push(
                        Finding::error(
                            "admin-wildcard",
                            Path::new(&resource.id, FieldPath::statement_action(i, j)),
                            format!("`{action}` makes `{}` an administrator of the account", resource.id),
                        )
                        .with_help("list the actions the role needs, or use grants; suppress `admin-wildcard` only with a reason"),
                    );
                }
            }
        }
    }
    findings
}

/// The account field (fifth) of a literal ARN, if it is a wildcard.
fn open_account(arn: &str) -> bool {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    fields.len() == 6 && fields[0] == "arn" && fields[4].contains(['*', '?'])
}

pub fn any_account_resource(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Role(role) = &resource.kind else {
            continue;
        };
        for (i, statement) in role.statements.iter().enumerate() {
            for (j, r) in statement.resources.iter().enumerate() {
                if let StatementResource::Arn(arn) = r
                    && open_account(arn)
                {
                    findings.push(
                        Finding::error(
                            "any-account-resource",
                            Path::new(&resource.id, FieldPath::statement_resource(i, j)),
                            format!("`{arn}` matches resources in every AWS account"),
                        )
                        .with_help("name the account (`${AWS::AccountId}` for this one), or suppress `any-account-resource` with a reason"),
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
    use crate::model::{Bucket, LogGroup, Repository, Resource, Role, Statement};

    fn stack(kind: ResourceKind) -> StackDef {
        StackDef::new("s", vec![Resource::new("Item", kind)])
    }

    #[test]
    fn default_bucket_passes_and_each_opt_out_is_reported() {
        assert!(bucket_baseline(&stack(ResourceKind::Bucket(Bucket::default()))).is_empty());
        let open = Bucket {
            encryption: Encryption::None,
            block_public_access: false,
            tls_only: false,
            ..Bucket::default()
        };
        let findings = bucket_baseline(&stack(ResourceKind::Bucket(open)));
        let rules: Vec<_> = findings
            .iter()
            .map(|f| (f.rule, f.field_text().unwrap()))
            .collect();
        assert_eq!(
            rules,
            [
                ("bucket-encryption", "encryption".to_owned()),
                ("bucket-public-access", "block_public_access".to_owned()),
                ("bucket-tls", "tls_only".to_owned())
            ]
        );
    }

    #[test]
    fn repository_and_logs() {
        let unscanned = Repository {
            scan_on_push: false,
            ..Repository::default()
        };
        assert_eq!(
            repository_scan(&stack(ResourceKind::Repository(unscanned))).len(),
            1
        );
        assert!(
            repository_scan(&stack(ResourceKind::Repository(Repository::default()))).is_empty()
        );
        assert_eq!(
            log_retention_set(&stack(ResourceKind::LogGroup(LogGroup::default()))).len(),
            1
        );
        let kept = LogGroup {
            name: None,
            retention_days: Some(7),
        };
        assert!(log_retention_set(&stack(ResourceKind::LogGroup(kept))).is_empty());
    }

    fn role(actions: &[&str], arn: &str) -> StackDef {
        stack(ResourceKind::Role(Role {
            statements: vec![Statement {
                actions: actions.iter().map(|a| a.to_string()).collect(),
                resources: vec![StatementResource::Arn(arn.into())],
            }],
            ..Role::default()
        }))
    }

    #[test]
    fn admin_actions() {
        assert!(is_admin_action("*"));
        assert!(is_admin_action("*:*"));
        assert!(!is_admin_action("s3:*"));
        let f = admin_wildcard(&role(&["s3:GetObject", "*:*"], "*"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field_text().as_deref(), Some("statements.0.actions.1"));
        assert!(admin_wildcard(&role(&["s3:*"], "*")).is_empty());
    }

    #[test]
    fn open_account_arns() {
        let f = any_account_resource(&role(&["sts:AssumeRole"], "arn:aws:iam::*:role/deployer"));
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].field_text().as_deref(),
            Some("statements.0.resources.0")
        );
        assert!(any_account_resource(&role(&["s3:GetObject"], "arn:aws:s3:::b/*")).is_empty());
        assert!(
            any_account_resource(&role(
                &["sts:AssumeRole"],
                "arn:aws:iam::123456789012:role/x"
            ))
            .is_empty()
        );
    }
}
