//! Least privilege from wiring: the exact permissions each role needs,
//! derived from how the stack uses it, plus its explicit grants and
//! hand-written statements.
//!
//! One table ([`access_permissions`]) says what each kind of access means in
//! IAM actions; the wiring rules ([`derived_grants`]) say which access each
//! use implies. The compile-time rules read the same functions.

use crate::model::{Access, ItemRef, PipelineAction, ResourceKind, StackDef, StatementResource};
use std::collections::{BTreeMap, BTreeSet};

/// What an IAM statement's `Resource` points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// An item's ARN with a suffix (`/*` for a bucket's objects).
    Item {
        item: String,
        suffix: String,
    },
    Arn(String),
    /// `*`: only for actions that AWS lets no resource scope.
    Any,
}

/// One allowed action on one scope, and the wiring that needs it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Permission {
    pub action: String,
    pub scope: Scope,
    pub because: String,
}

/// A statement of the synthesized policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyStatement {
    pub sid: String,
    pub actions: Vec<String>,
    pub scope: Scope,
}

const REPORT_JOB_ACTIONS: [&str; 2] = [
    "codepipeline:PutJobFailureResult",
    "codepipeline:PutJobSuccessResult",
];

/// The IAM actions behind one access to one item.
pub fn access_permissions(access: Access, item: &str) -> Vec<(&'static str, Scope)> {
    let arn = || Scope::Item {
        item: item.to_owned(),
        suffix: String::new(),
    };
    let objects = || Scope::Item {
        item: item.to_owned(),
        suffix: "/*".to_owned(),
    };
    let on = |actions: &[&'static str], scope: Scope| -> Vec<(&'static str, Scope)> {
        actions.iter().map(|a| (*a, scope.clone())).collect()
    };
    const READ_OBJECTS: [&str; 2] = ["s3:GetObject", "s3:GetObjectVersion"];
    const READ_BUCKET: [&str; 3] = [
        "s3:GetBucketAcl",
        "s3:GetBucketLocation",
        "s3:GetBucketVersioning",
    ];
    const PULL: [&str; 3] = [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
    ];
    const PUSH: [&str; 4] = [
        "ecr:CompleteLayerUpload",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart",
    ];
    match access {
        Access::Read => [on(&READ_OBJECTS, objects()), on(&READ_BUCKET, arn())].concat(),
        Access::Write => [
            on(&["s3:PutObject"], objects()),
            on(&["s3:GetBucketLocation"], arn()),
        ]
        .concat(),
        Access::ReadWrite => [
            on(&READ_OBJECTS, objects()),
            on(&["s3:PutObject"], objects()),
            on(&READ_BUCKET, arn()),
        ]
        .concat(),
        Access::Pull => [
            on(&PULL, arn()),
            on(&["ecr:GetAuthorizationToken"], Scope::Any),
        ]
        .concat(),
        Access::Push => [
            on(&PULL, arn()),
            on(&PUSH, arn()),
            on(&["ecr:GetAuthorizationToken"], Scope::Any),
        ]
        .concat(),
        Access::Retag => on(
            &["ecr:BatchGetImage", "ecr:DescribeImages", "ecr:PutImage"],
            arn(),
        ),
        Access::WriteLogs => on(&["logs:CreateLogStream", "logs:PutLogEvents"], arn()),
        Access::StartBuild => on(&["codebuild:BatchGetBuilds", "codebuild:StartBuild"], arn()),
        Access::Invoke => on(&["lambda:InvokeFunction"], arn()),
        Access::StartExecution => on(&["codepipeline:StartPipelineExecution"], arn()),
    }
}

/// The accesses the stack's wiring implies for `role`, each with the item
/// and property that implies it.
pub fn derived_grants(stack: &StackDef, role: &str) -> Vec<(Access, String, String)> {
    let mut grants = Vec::new();
    let mut add = |access: Access, item: &str, because: String| {
        grants.push((access, item.to_owned(), because));
    };
    for resource in &stack.resources {
        let id = &resource.id;
        match &resource.kind {
            ResourceKind::Project(p) if p.role == role => {
                if let Some(logs) = &p.logs {
                    add(Access::WriteLogs, logs, format!("{id} writes its logs"));
                }
                if let Some(repo) = &p.pushes_to {
                    add(Access::Push, repo, format!("{id} pushes images"));
                }
            }
            ResourceKind::Function(f) if f.role == role => {
                if let Some(logs) = &f.logs {
                    add(Access::WriteLogs, logs, format!("{id} writes its logs"));
                }
                for grant in &f.grants {
                    add(
                        grant.access,
                        &grant.target.item,
                        format!(
                            "{id}'s code uses {}.{}()",
                            grant.target.item,
                            grant.access.method()
                        ),
                    );
                }
            }
            ResourceKind::Pipeline(p) => {
                if p.role == role {
                    add(
                        Access::ReadWrite,
                        &p.artifacts,
                        format!("{id} stores artifacts"),
                    );
                }
                for stage in &p.stages {
                    for action in &stage.actions {
                        pipeline_action_grants(
                            stack,
                            id,
                            p.role == role,
                            role,
                            action,
                            &p.artifacts,
                            &mut add,
                        );
                    }
                }
            }
            ResourceKind::Rule(r) if r.role == role => {
                add(
                    Access::StartExecution,
                    &r.target,
                    format!("{id} starts the pipeline"),
                );
            }
            _ => {}
        }
    }
    grants
}

fn pipeline_action_grants(
    stack: &StackDef,
    pipeline: &str,
    is_pipeline_role: bool,
    role: &str,
    action: &PipelineAction,
    artifacts: &str,
    add: &mut impl FnMut(Access, &str, String),
) {
    match action {
        PipelineAction::S3Source { bucket, .. } => {
            if is_pipeline_role {
                add(Access::Read, bucket, format!("{pipeline} reads its source"));
            }
        }
        PipelineAction::Build { project } => {
            if is_pipeline_role {
                add(
                    Access::StartBuild,
                    project,
                    format!("{pipeline} runs the build"),
                );
            }
            let project_role = match stack.resource(project).map(|r| &r.kind) {
                Some(ResourceKind::Project(p)) => Some(p.role.as_str()),
                _ => None,
            };
            if project_role == Some(role) {
                add(
                    Access::Read,
                    artifacts,
                    format!("{project} reads its input artifact from {pipeline}"),
                );
            }
        }
        PipelineAction::Invoke { function, .. } => {
            if is_pipeline_role {
                add(
                    Access::Invoke,
                    function,
                    format!("{pipeline} invokes the function"),
                );
            }
        }
    }
}

/// Whether `role` belongs to a function that a pipeline invokes, which
/// then must report the job result.
fn reports_jobs(stack: &StackDef, role: &str) -> Option<String> {
    stack.resources.iter().find_map(|resource| {
        let ResourceKind::Pipeline(p) = &resource.kind else {
            return None;
        };
        p.stages
            .iter()
            .flat_map(|s| &s.actions)
            .find_map(|action| match action {
                PipelineAction::Invoke { function, .. } => match stack.resource(function) {
                    Some(r) => match &r.kind {
                        ResourceKind::Function(f) if f.role == role => Some(format!(
                            "{function} reports its job result to {}",
                            resource.id
                        )),
                        _ => None,
                    },
                    None => None,
                },
                _ => None,
            })
    })
}

/// Every permission of `role`: derived, granted and hand-written.
pub fn role_permissions(stack: &StackDef, role: &str) -> Vec<Permission> {
    let mut permissions = Vec::new();
    let mut push = |access: Access, item: &str, because: &str| {
        for (action, scope) in access_permissions(access, item) {
            permissions.push(Permission {
                action: action.to_owned(),
                scope,
                because: because.to_owned(),
            });
        }
    };
    for (access, item, because) in derived_grants(stack, role) {
        push(access, &item, &because);
    }
    let Some(ResourceKind::Role(role_def)) = stack.resource(role).map(|r| &r.kind) else {
        return permissions;
    };
    for grant in &role_def.grants {
        push(
            grant.access,
            &grant.target.item,
            &format!("granted {}.{}()", grant.target.item, grant.access.method()),
        );
    }
    if let Some(because) = reports_jobs(stack, role) {
        for action in REPORT_JOB_ACTIONS {
            permissions.push(Permission {
                action: action.to_owned(),
                scope: Scope::Any,
                because: because.clone(),
            });
        }
    }
    for statement in &role_def.statements {
        for action in &statement.actions {
            for resource in &statement.resources {
                permissions.push(Permission {
                    action: action.clone(),
                    scope: statement_scope(resource),
                    because: "hand-written statement".to_owned(),
                });
            }
        }
    }
    permissions.sort();
    permissions.dedup_by(|a, b| a.action == b.action && a.scope == b.scope);
    permissions
}

/// What a hand-written statement resource scopes a permission to.
pub fn statement_scope(resource: &StatementResource) -> Scope {
    match resource {
        StatementResource::Item {
            item: ItemRef { item, .. },
            suffix,
        } => Scope::Item {
            item: item.clone(),
            suffix: suffix.clone(),
        },
        StatementResource::Arn(arn) => Scope::Arn(arn.clone()),
        StatementResource::Any => Scope::Any,
    }
}

/// The role's policy as statements, one per scope, in a stable order:
/// items in declaration order, then literal ARNs, then `*`.
pub fn for_role(stack: &StackDef, role: &str) -> Vec<PolicyStatement> {
    statements(stack, role_permissions(stack, role))
}

/// Groups permissions into statements (see [`for_role`]).
pub fn statements(stack: &StackDef, permissions: Vec<Permission>) -> Vec<PolicyStatement> {
    let order: std::collections::HashMap<&str, usize> = stack
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let declared = |item: &str| order.get(item).copied();
    let mut by_scope: BTreeMap<(usize, Scope), BTreeSet<String>> = BTreeMap::new();
    for permission in permissions {
        let rank = match &permission.scope {
            Scope::Item { item, .. } => declared(item).unwrap_or(usize::MAX - 2),
            Scope::Arn(_) => usize::MAX - 1,
            Scope::Any => usize::MAX,
        };
        by_scope
            .entry((rank, permission.scope))
            .or_default()
            .insert(permission.action);
    }
    by_scope
        .into_iter()
        .map(|((_, scope), actions)| PolicyStatement {
            sid: sid_for(&scope),
            actions: actions.into_iter().collect(),
            scope,
        })
        .collect()
}

fn sid_for(scope: &Scope) -> String {
    match scope {
        Scope::Item { item, suffix } if suffix.is_empty() => item.clone(),
        Scope::Item { item, suffix } if suffix == "/*" => format!("{item}Objects"),
        Scope::Item { item, suffix } => {
            let tail: String = suffix.chars().filter(char::is_ascii_alphanumeric).collect();
            format!("{item}{tail}")
        }
        Scope::Arn(arn) => {
            let tail: String = arn.chars().filter(char::is_ascii_alphanumeric).collect();
            format!("Arn{}", tail.chars().take(40).collect::<String>())
        }
        Scope::Any => "NoResourceScope".to_owned(),
    }
}
