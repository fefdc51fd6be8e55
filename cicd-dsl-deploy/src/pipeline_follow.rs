//! `push-source --follow`: follow one pipeline execution stage by stage
//! until it ends, telling each action's status as it changes.
//!
//! GetPipelineExecution says whether the execution has ended; GetPipelineState
//! says where it is. A stage's state belongs to this execution only when its
//! `latestExecution` names it (another execution may hold a later stage), so
//! actions of other executions are never reported as this one's.

use std::time::Duration;

use aws_sdk_codepipeline::types::{PipelineExecutionStatus, StageState};
use serde::Serialize;

use crate::aws::AwsClients;
use crate::error::{DeployError, aws_error};
use crate::reporter::{Reporter, Style};

/// One action of the execution as last seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionProgress {
    pub stage: String,
    pub action: String,
    /// CodePipeline's status: `InProgress`, `Succeeded`, `Failed`, ...
    pub status: String,
    pub summary: Option<String>,
    /// The build id, the job's external id, ...
    pub external_execution_id: Option<String>,
    /// Why the action failed, as the action reported it.
    pub error: Option<String>,
}

impl ActionProgress {
    /// One line for the user: `Build / Build: InProgress (docker-build-project:1b2c)`.
    pub fn line(&self) -> String {
        let mut line = format!("{} / {}: {}", self.stage, self.action, self.status);
        if let Some(error) = &self.error {
            line.push_str(&format!(": {error}"));
        } else if let Some(detail) = self
            .summary
            .as_ref()
            .or(self.external_execution_id.as_ref())
        {
            line.push_str(&format!(" ({detail})"));
        }
        line
    }
}

/// How the execution ended, and what was seen on the way.
#[derive(Debug, Clone, Serialize)]
pub struct FollowOutcome {
    pub pipeline: String,
    pub execution_id: String,
    /// `Succeeded`, `Failed`, `Stopped`, `Superseded`, `Cancelled`.
    pub status: String,
    /// Why it did not succeed: the failed action and its message, or
    /// CodePipeline's summary of the execution.
    pub reason: Option<String>,
    /// Every change of an action's status, in the order seen.
    pub steps: Vec<ActionProgress>,
}

impl FollowOutcome {
    pub fn succeeded(&self) -> bool {
        self.status == PipelineExecutionStatus::Succeeded.as_str()
    }
}

/// Follows `execution_id` of `pipeline` until it ends, looking every `poll`.
pub async fn follow_execution(
    clients: &AwsClients,
    pipeline: &str,
    execution_id: &str,
    poll: Duration,
    reporter: &Reporter,
) -> Result<FollowOutcome, DeployError> {
    let mut steps: Vec<ActionProgress> = Vec::new();
    loop {
        let execution = clients
            .codepipeline
            .get_pipeline_execution()
            .pipeline_name(pipeline)
            .pipeline_execution_id(execution_id)
            .send()
            .await
            .map_err(|err| aws_error("CodePipeline GetPipelineExecution", err))?;
        let execution = execution.pipeline_execution();
        let status = execution
            .and_then(|e| e.status())
            .map(|s| s.as_str().to_owned())
            .unwrap_or_else(|| "Unknown".to_owned());
        // Read the state after the status, so the last look at an ended
        // execution shows its last action.
        let state = clients
            .codepipeline
            .get_pipeline_state()
            .name(pipeline)
            .send()
            .await
            .map_err(|err| aws_error("CodePipeline GetPipelineState", err))?;
        for action in actions_of(state.stage_states(), execution_id) {
            let seen = steps
                .iter()
                .rev()
                .find(|s| s.stage == action.stage && s.action == action.action);
            if seen != Some(&action) {
                let style = match action.status.as_str() {
                    "Failed" | "Abandoned" => Style::Danger,
                    "Succeeded" => Style::Added,
                    _ => Style::Plain,
                };
                reporter.styled(style, &action.line());
                steps.push(action);
            }
        }
        if status != PipelineExecutionStatus::InProgress.as_str()
            && status != PipelineExecutionStatus::Stopping.as_str()
        {
            let reason = (status != PipelineExecutionStatus::Succeeded.as_str()).then(|| {
                failure_reason(&steps)
                    .or_else(|| {
                        execution
                            .and_then(|e| e.status_summary())
                            .map(str::to_owned)
                    })
                    .unwrap_or_else(|| format!("the execution ended {status}"))
            });
            return Ok(FollowOutcome {
                pipeline: pipeline.to_owned(),
                execution_id: execution_id.to_owned(),
                status,
                reason,
                steps,
            });
        }
        tokio::time::sleep(poll).await;
    }
}

/// The actions of the stages whose latest execution is `execution_id`.
fn actions_of(stages: &[StageState], execution_id: &str) -> Vec<ActionProgress> {
    let mut found = Vec::new();
    for stage in stages {
        let ours = stage
            .latest_execution()
            .is_some_and(|e| e.pipeline_execution_id() == execution_id);
        if !ours {
            continue;
        }
        let stage_name = stage.stage_name().unwrap_or_default();
        for action in stage.action_states() {
            let Some(latest) = action.latest_execution() else {
                continue;
            };
            let Some(status) = latest.status() else {
                continue;
            };
            found.push(ActionProgress {
                stage: stage_name.to_owned(),
                action: action.action_name().unwrap_or_default().to_owned(),
                status: status.as_str().to_owned(),
                summary: latest.summary().map(str::to_owned),
                external_execution_id: latest.external_execution_id().map(str::to_owned),
                error: latest
                    .error_details()
                    .and_then(|e| e.message())
                    .filter(|m| !m.is_empty())
                    .map(str::to_owned),
            });
        }
    }
    found
}

/// `<stage> / <action>: <message>` of the last failed action seen.
fn failure_reason(steps: &[ActionProgress]) -> Option<String> {
    let failed = steps.iter().rev().find(|s| s.status == "Failed")?;
    Some(format!(
        "{} / {} failed: {}",
        failed.stage,
        failed.action,
        failed.error.as_deref().unwrap_or("no reason given")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_codepipeline::types::{
        ActionExecution, ActionExecutionStatus, ActionState, ErrorDetails, StageExecution,
        StageExecutionStatus,
    };

    fn stage(name: &str, execution: &str, actions: Vec<ActionState>) -> StageState {
        StageState::builder()
            .stage_name(name)
            .latest_execution(
                StageExecution::builder()
                    .pipeline_execution_id(execution)
                    .status(StageExecutionStatus::InProgress)
                    .build()
                    .unwrap(),
            )
            .set_action_states(Some(actions))
            .build()
    }

    fn action(name: &str, status: ActionExecutionStatus, error: Option<&str>) -> ActionState {
        let mut latest = ActionExecution::builder().status(status);
        if let Some(message) = error {
            latest = latest.error_details(
                ErrorDetails::builder()
                    .code("JobFailed")
                    .message(message)
                    .build(),
            );
        }
        ActionState::builder()
            .action_name(name)
            .latest_execution(latest.build())
            .build()
    }

    #[test]
    fn only_stages_of_this_execution_count() {
        let stages = [
            stage(
                "Source",
                "mine",
                vec![action("Source", ActionExecutionStatus::Succeeded, None)],
            ),
            stage(
                "Deploy",
                "older",
                vec![action(
                    "TagProduction",
                    ActionExecutionStatus::Failed,
                    Some("old"),
                )],
            ),
        ];
        let found = actions_of(&stages, "mine");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line(), "Source / Source: Succeeded");
    }

    #[test]
    fn the_reason_names_the_failed_action_and_its_message() {
        let stages = [stage(
            "Deploy",
            "mine",
            vec![action(
                "TagProduction",
                ActionExecutionStatus::Failed,
                Some("repository docker-image-repo has no images"),
            )],
        )];
        let found = actions_of(&stages, "mine");
        assert_eq!(
            found[0].line(),
            "Deploy / TagProduction: Failed: repository docker-image-repo has no images"
        );
        assert_eq!(
            failure_reason(&found).as_deref(),
            Some("Deploy / TagProduction failed: repository docker-image-repo has no images")
        );
    }
}
