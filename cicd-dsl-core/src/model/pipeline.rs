use super::Kind;
use super::reference::{Attr, Reference};
use serde::{Deserialize, Serialize};

/// A CodePipeline pipeline. Each stage's actions read the previous stage's
/// output artifact, so the wiring of artifacts needs no names from the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    pub name: Option<String>,
    pub role: String,
    /// The bucket that stores artifacts between stages.
    pub artifacts: String,
    pub stages: Vec<Stage>,
    pub execution_mode: ExecutionMode,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub name: String,
    pub actions: Vec<PipelineAction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PipelineAction {
    /// `Source/AWS/S3/1`, without polling: an EventBridge rule starts the
    /// pipeline instead.
    S3Source { bucket: String, key: String },
    /// `Build/AWS/CodeBuild/1`.
    Build { project: String },
    /// `Invoke/AWS/Lambda/1`. The function must report the job result.
    Invoke {
        function: String,
        user_parameters: Option<String>,
    },
}

impl PipelineAction {
    /// The item the action uses and the kind it must be.
    pub fn target(&self) -> (&str, Kind) {
        match self {
            PipelineAction::S3Source { bucket, .. } => (bucket, Kind::Bucket),
            PipelineAction::Build { project } => (project, Kind::Project),
            PipelineAction::Invoke { function, .. } => (function, Kind::Function),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExecutionMode {
    Queued,
    Superseded,
    Parallel,
}

impl ExecutionMode {
    pub fn cfn(self) -> &'static str {
        match self {
            ExecutionMode::Queued => "QUEUED",
            ExecutionMode::Superseded => "SUPERSEDED",
            ExecutionMode::Parallel => "PARALLEL",
        }
    }
}

impl Pipeline {
    pub(super) fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            Reference::new("role", &self.role, Attr::Arn, Some(Kind::Role)),
            Reference::new("artifacts", &self.artifacts, Attr::Name, Some(Kind::Bucket)),
        ];
        for stage in &self.stages {
            for (i, action) in stage.actions.iter().enumerate() {
                let (item, kind) = action.target();
                let field = super::FieldPath::stage_action(&stage.name, i);
                refs.push(Reference::new(field, item, Attr::Name, Some(kind)));
            }
        }
        refs
    }
}
