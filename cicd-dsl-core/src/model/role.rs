use super::reference::{Attr, ItemRef};
use serde::{Deserialize, Serialize};

/// An IAM role: who may assume it, and what it may do.
///
/// Most permissions are not written here at all: the wiring of projects,
/// functions, pipelines and rules implies them (see `synth::permissions`).
/// `grants` add the ones the wiring cannot know (what a function's code
/// calls), and `statements` are hand-written policy statements, checked
/// against the IAM catalog.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub name: Option<String>,
    pub assumed_by: Vec<ServicePrincipal>,
    pub grants: Vec<Grant>,
    pub statements: Vec<Statement>,
}

impl Role {
    pub(super) fn references(&self) -> Vec<super::Reference> {
        let mut refs = Vec::new();
        for (i, grant) in self.grants.iter().enumerate() {
            refs.push(super::Reference {
                field: super::FieldPath::grant(i),
                target: grant.target.clone(),
                expected: Some(grant.access.target_kind()),
            });
        }
        for (i, statement) in self.statements.iter().enumerate() {
            for (j, resource) in statement.resources.iter().enumerate() {
                if let StatementResource::Item { item, .. } = resource {
                    refs.push(super::Reference {
                        field: super::FieldPath::statement_resource(i, j),
                        target: item.clone(),
                        expected: None,
                    });
                }
            }
        }
        refs
    }
}

/// The AWS services a role can be assumed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ServicePrincipal {
    CodeBuild,
    CodePipeline,
    Lambda,
    Events,
    Ec2,
    EcsTasks,
    States,
    Scheduler,
}

impl ServicePrincipal {
    pub const ALL: [ServicePrincipal; 8] = [
        ServicePrincipal::CodeBuild,
        ServicePrincipal::CodePipeline,
        ServicePrincipal::Lambda,
        ServicePrincipal::Events,
        ServicePrincipal::Ec2,
        ServicePrincipal::EcsTasks,
        ServicePrincipal::States,
        ServicePrincipal::Scheduler,
    ];

    pub fn principal(self) -> &'static str {
        match self {
            ServicePrincipal::CodeBuild => "codebuild.amazonaws.com",
            ServicePrincipal::CodePipeline => "codepipeline.amazonaws.com",
            ServicePrincipal::Lambda => "lambda.amazonaws.com",
            ServicePrincipal::Events => "events.amazonaws.com",
            ServicePrincipal::Ec2 => "ec2.amazonaws.com",
            ServicePrincipal::EcsTasks => "ecs-tasks.amazonaws.com",
            ServicePrincipal::States => "states.amazonaws.com",
            ServicePrincipal::Scheduler => "scheduler.amazonaws.com",
        }
    }

    /// The name a user writes in `assumed_by = ...`.
    pub fn ident(self) -> &'static str {
        match self {
            ServicePrincipal::CodeBuild => "CodeBuild",
            ServicePrincipal::CodePipeline => "CodePipeline",
            ServicePrincipal::Lambda => "Lambda",
            ServicePrincipal::Events => "Events",
            ServicePrincipal::Ec2 => "Ec2",
            ServicePrincipal::EcsTasks => "EcsTasks",
            ServicePrincipal::States => "States",
            ServicePrincipal::Scheduler => "Scheduler",
        }
    }

    pub fn from_ident(ident: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.ident() == ident)
    }
}

/// Access to another item, named by what it is for rather than by actions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Grant {
    pub target: ItemRef,
    pub access: Access,
}

/// The access levels an item offers; each maps to an exact action list in
/// `synth::permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Bucket: get objects.
    Read,
    /// Bucket: put objects.
    Write,
    /// Bucket: both.
    ReadWrite,
    /// Repository: pull images.
    Pull,
    /// Repository: push images.
    Push,
    /// Repository: find images and put a new tag on one.
    Retag,
    /// Log group: create streams and put events.
    WriteLogs,
    /// Project: start builds and read their status.
    StartBuild,
    /// Function: invoke.
    Invoke,
    /// Pipeline: start an execution.
    StartExecution,
}

impl Access {
    pub const ALL: [Access; 10] = [
        Access::Read,
        Access::Write,
        Access::ReadWrite,
        Access::Pull,
        Access::Push,
        Access::Retag,
        Access::WriteLogs,
        Access::StartBuild,
        Access::Invoke,
        Access::StartExecution,
    ];

    /// The method name a user writes (`Images.push()`).
    pub fn method(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
            Access::ReadWrite => "read_write",
            Access::Pull => "pull",
            Access::Push => "push",
            Access::Retag => "retag",
            Access::WriteLogs => "write_logs",
            Access::StartBuild => "start_build",
            Access::Invoke => "invoke",
            Access::StartExecution => "start_execution",
        }
    }

    pub fn from_method(method: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.method() == method)
    }

    /// The kind of item this access applies to.
    pub fn target_kind(self) -> super::Kind {
        use super::Kind;
        match self {
            Access::Read | Access::Write | Access::ReadWrite => Kind::Bucket,
            Access::Pull | Access::Push | Access::Retag => Kind::Repository,
            Access::WriteLogs => Kind::LogGroup,
            Access::StartBuild => Kind::Project,
            Access::Invoke => Kind::Function,
            Access::StartExecution => Kind::Pipeline,
        }
    }
}

/// A hand-written `Allow` statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub actions: Vec<String>,
    pub resources: Vec<StatementResource>,
}

/// A statement's resource: an item of the stack (optionally with a path
/// suffix such as `/*` for a bucket's objects), a literal ARN, or `*`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementResource {
    Item { item: ItemRef, suffix: String },
    Arn(String),
    Any,
}

impl StatementResource {
    pub fn item_arn(item: &str) -> Self {
        StatementResource::Item {
            item: ItemRef::new(item, Attr::Arn),
            suffix: String::new(),
        }
    }
}
