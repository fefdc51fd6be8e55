//! The project's local AWS endpoint (moto extended by `local-aws`, started by
//! `cicd-local`) with a pipeline whose Deploy stage invokes the function.
//!
//! Unlike plain moto, the extended endpoint keeps CodePipeline jobs: an
//! execution stops at the Lambda Invoke action with a job in progress, and
//! PutJobSuccessResult / PutJobFailureResult complete it. The endpoint runs
//! no function, so the job event CodePipeline would have invoked it with is
//! read from the endpoint's `/moto-api/cicd/codepipeline/jobs` route and
//! handed to the function by the test.

use aws_config::SdkConfig;
use aws_config::retry::RetryConfig;
use aws_sdk_codepipeline::types::{ActionExecutionStatus, PipelineExecutionStatus};
use cicd_dsl_tests::clients;
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::Value;

pub const PIPELINE: &str = "release";
const DEPLOY_ACTION: &str = "TagProduction";

/// Source (not run by the endpoint) then Deploy, invoking the function.
/// PARALLEL: the endpoint does not emulate QUEUED/SUPERSEDED stage locks,
/// so the test declares the mode whose behaviour it gets.
const PIPELINE_TEMPLATE: &str = r#"{
  "Resources": {
    "Artifacts": {"Type": "AWS::S3::Bucket"},
    "PipelineRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": ["codepipeline.amazonaws.com"]}, "Action": "sts:AssumeRole"}]}}
    },
    "Release": {
      "Type": "AWS::CodePipeline::Pipeline",
      "Properties": {
        "Name": "release",
        "RoleArn": {"Fn::GetAtt": ["PipelineRole", "Arn"]},
        "PipelineType": "V2",
        "ExecutionMode": "PARALLEL",
        "ArtifactStore": {"Type": "S3", "Location": {"Ref": "Artifacts"}},
        "Stages": [
          {"Name": "Source", "Actions": [{"Name": "Artifacts",
            "ActionTypeId": {"Category": "Source", "Owner": "AWS", "Provider": "S3", "Version": "1"},
            "Configuration": {"S3Bucket": {"Ref": "Artifacts"}, "S3ObjectKey": "source.zip", "PollForSourceChanges": "false"},
            "OutputArtifacts": [{"Name": "Source"}]}]},
          {"Name": "Deploy", "Actions": [{"Name": "TagProduction",
            "ActionTypeId": {"Category": "Invoke", "Owner": "AWS", "Provider": "Lambda", "Version": "1"},
            "Configuration": {"FunctionName": "tag-production-image"}}]}
        ]
      }
    }
  }
}"#;

pub struct Local {
    endpoint: Endpoint,
    pub config: SdkConfig,
    pub pipeline: aws_sdk_codepipeline::Client,
}

/// A job the pipeline created for the function.
pub struct Job {
    pub id: String,
    pub execution_id: String,
    /// The payload CodePipeline invokes the function with.
    pub event: Value,
}

/// What the pipeline shows for the Deploy action after the job's result.
#[derive(Debug)]
pub struct DeployOutcome {
    pub execution: PipelineExecutionStatus,
    pub action: Option<ActionExecutionStatus>,
    pub summary: Option<String>,
    pub external_execution_id: Option<String>,
    pub error_message: Option<String>,
}

impl Local {
    /// Starts an endpoint of this test's own and deploys the pipeline.
    pub async fn start() -> Self {
        let endpoint = Endpoint::start();
        // One attempt per call, so an unexpected error shows at once.
        let config = clients::loader(&endpoint.url())
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .load()
            .await;
        let cloudformation = aws_sdk_cloudformation::Client::new(&config);
        cloudformation
            .create_stack()
            .stack_name("release")
            .template_body(PIPELINE_TEMPLATE)
            .send()
            .await
            .expect("pipeline stack is created");
        let stack = cloudformation
            .describe_stacks()
            .stack_name("release")
            .send()
            .await
            .unwrap();
        let status = stack.stacks()[0].stack_status().map(|s| s.as_str());
        assert_eq!(status, Some("CREATE_COMPLETE"));
        Local {
            pipeline: aws_sdk_codepipeline::Client::new(&config),
            endpoint,
            config,
        }
    }

    pub fn endpoint_url(&self) -> String {
        self.endpoint.url()
    }

    /// Starts an execution and returns the job it stopped at.
    pub async fn start_job(&self) -> Job {
        let execution_id = self
            .pipeline
            .start_pipeline_execution()
            .name(PIPELINE)
            .send()
            .await
            .expect("execution starts")
            .pipeline_execution_id()
            .expect("execution id")
            .to_owned();
        let jobs = self.jobs();
        let mine: Vec<&Value> = jobs
            .iter()
            .filter(|j| j["pipelineExecutionId"] == execution_id.as_str())
            .collect();
        assert_eq!(mine.len(), 1, "one job per execution: {jobs:?}");
        assert_eq!(mine[0]["actionName"], DEPLOY_ACTION);
        assert_eq!(mine[0]["status"], "InProgress");
        Job {
            id: mine[0]["jobId"].as_str().expect("job id").to_owned(),
            execution_id,
            event: mine[0]["event"].clone(),
        }
    }

    /// Every job the endpoint created, oldest first, as its jobs route lists them.
    pub fn jobs(&self) -> Vec<Value> {
        self.endpoint.codepipeline_jobs()
    }

    /// The result recorded for a job (the PutJob*Result request), with its status.
    pub fn job_record(&self, job_id: &str) -> Value {
        self.jobs()
            .into_iter()
            .find(|j| j["jobId"] == job_id)
            .unwrap_or_else(|| panic!("no job {job_id}"))
    }

    /// The execution's status and the Deploy action's latest execution, read
    /// through GetPipelineExecution and GetPipelineState.
    pub async fn outcome(&self, job: &Job) -> DeployOutcome {
        let execution = self
            .pipeline
            .get_pipeline_execution()
            .pipeline_name(PIPELINE)
            .pipeline_execution_id(&job.execution_id)
            .send()
            .await
            .expect("GetPipelineExecution");
        let execution = execution
            .pipeline_execution()
            .and_then(|e| e.status())
            .cloned()
            .expect("execution status");
        let state = self
            .pipeline
            .get_pipeline_state()
            .name(PIPELINE)
            .send()
            .await
            .expect("GetPipelineState");
        let latest = state
            .stage_states()
            .iter()
            .flat_map(|s| s.action_states())
            .find(|a| a.action_name() == Some(DEPLOY_ACTION))
            .and_then(|a| a.latest_execution())
            .expect("the Deploy action has run");
        DeployOutcome {
            execution,
            action: latest.status().cloned(),
            summary: latest.summary().map(str::to_owned),
            external_execution_id: latest.external_execution_id().map(str::to_owned),
            error_message: latest
                .error_details()
                .and_then(|e| e.message())
                .map(str::to_owned),
        }
    }
}
