// The pipeline of spec/pipeline.md written with AWS CDK, as a CDK user would
// write it (L2 constructs, grant methods), only to compare `synth` time and
// memory with `cicd-stack synth`. Not part of any build.
//
// CICD_ASSET_ZIP names the function's built code (the zip `cicd-stack synth`
// writes), so that both tools stage the same asset; the benchmark script
// sets it. Without it the function gets a one-line inline stub.

import * as path from "node:path";
import {
  App,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  StackProps,
  Tags,
  aws_codebuild as codebuild,
  aws_codepipeline as codepipeline,
  aws_codepipeline_actions as actions,
  aws_ecr as ecr,
  aws_events as events,
  aws_events_targets as targets,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_s3 as s3,
} from "aws-cdk-lib";
import { Construct } from "constructs";

const BUILDSPEC = {
  version: "0.2",
  phases: {
    pre_build: {
      commands: [
        'aws ecr get-login-password --region "$AWS_DEFAULT_REGION" | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}"',
        "SOURCE_TAG=$(printf '%s' \"${CODEBUILD_RESOLVED_SOURCE_VERSION:-build-$CODEBUILD_BUILD_NUMBER}\" | tr -c 'A-Za-z0-9_.-' '-' | cut -c1-128)",
      ],
    },
    build: {
      commands: [
        'docker build --tag "$REPOSITORY_URI:$SOURCE_TAG" --tag "$REPOSITORY_URI:latest" .',
        'docker push "$REPOSITORY_URI:$SOURCE_TAG"',
        'docker push "$REPOSITORY_URI:latest"',
      ],
    },
  },
};

class PipelineStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    const artifacts = new s3.Bucket(this, "Artifacts", {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      eventBridgeEnabled: true,
      lifecycleRules: [
        { expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const images = new ecr.Repository(this, "Images", {
      repositoryName: "docker-image-repo",
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.MUTABLE,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // Matched first and never expiring in practice: the production image.
        {
          rulePriority: 1,
          tagStatus: ecr.TagStatus.TAGGED,
          tagPrefixList: ["production"],
          maxImageAge: Duration.days(36500),
        },
        { rulePriority: 2, tagStatus: ecr.TagStatus.ANY, maxImageCount: 10 },
      ],
    });

    const buildLogs = new logs.LogGroup(this, "BuildLogs", {
      logGroupName: "/aws/codebuild/docker-build-project",
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const functionLogs = new logs.LogGroup(this, "FunctionLogs", {
      logGroupName: "/aws/lambda/tag-production-image",
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const buildRole = new iam.Role(this, "BuildRole", {
      assumedBy: new iam.ServicePrincipal("codebuild.amazonaws.com"),
    });
    const functionRole = new iam.Role(this, "FunctionRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    });
    const pipelineRole = new iam.Role(this, "PipelineRole", {
      assumedBy: new iam.ServicePrincipal("codepipeline.amazonaws.com"),
    });
    const eventsRole = new iam.Role(this, "EventsRole", {
      assumedBy: new iam.ServicePrincipal("events.amazonaws.com"),
    });

    const build = new codebuild.PipelineProject(this, "DockerBuild", {
      projectName: "docker-build-project",
      role: buildRole,
      buildSpec: codebuild.BuildSpec.fromObject(BUILDSPEC),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        privileged: true,
      },
      environmentVariables: {
        REPOSITORY_URI: { value: images.repositoryUri },
      },
      logging: { cloudWatch: { logGroup: buildLogs } },
    });
    images.grantPullPush(buildRole);

    const assetZip = process.env.CICD_ASSET_ZIP;
    const tagProduction = new lambda.Function(this, "TagProduction", {
      functionName: "tag-production-image",
      runtime: assetZip ? lambda.Runtime.PROVIDED_AL2023 : lambda.Runtime.PYTHON_3_13,
      handler: assetZip ? "bootstrap" : "index.handler",
      code: assetZip
        ? lambda.Code.fromAsset(path.resolve(assetZip))
        : lambda.Code.fromInline("def handler(event, context):\n    pass\n"),
      role: functionRole,
      logGroup: functionLogs,
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: { REPOSITORY_NAME: images.repositoryName },
    });
    functionRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["ecr:DescribeImages", "ecr:BatchGetImage", "ecr:PutImage"],
        resources: [images.repositoryArn],
      }),
    );

    const source = new codepipeline.Artifact("Source");
    const pipeline = new codepipeline.Pipeline(this, "Release", {
      pipelineName: "cicd-pipeline",
      pipelineType: codepipeline.PipelineType.V2,
      executionMode: codepipeline.ExecutionMode.SUPERSEDED,
      role: pipelineRole,
      artifactBucket: artifacts,
      stages: [
        {
          stageName: "Source",
          actions: [
            new actions.S3SourceAction({
              actionName: "Source",
              bucket: artifacts,
              bucketKey: "source.zip",
              output: source,
              // An explicit EventBridge rule below starts the pipeline.
              trigger: actions.S3Trigger.NONE,
              role: pipelineRole,
            }),
          ],
        },
        {
          stageName: "Build",
          actions: [
            new actions.CodeBuildAction({
              actionName: "Build",
              project: build,
              input: source,
              role: pipelineRole,
            }),
          ],
        },
        {
          stageName: "Deploy",
          actions: [
            new actions.LambdaInvokeAction({
              actionName: "Deploy",
              lambda: tagProduction,
              role: pipelineRole,
            }),
          ],
        },
      ],
    });

    new events.Rule(this, "SourceUploaded", {
      eventPattern: {
        source: ["aws.s3"],
        detailType: ["Object Created"],
        detail: {
          bucket: { name: [artifacts.bucketName] },
          object: { key: ["source.zip"] },
        },
      },
      targets: [new targets.CodePipeline(pipeline, { eventRole: eventsRole })],
    });

    new CfnOutput(this, "artifactBucketName", { value: artifacts.bucketName });
    new CfnOutput(this, "ecrRepositoryUrl", { value: images.repositoryUri });
    new CfnOutput(this, "pipelineName", { value: pipeline.pipelineName });
    new CfnOutput(this, "codeBuildProjectName", { value: build.projectName });
  }
}

const app = new App();
new PipelineStack(app, "cicd-pipeline", {
  description:
    "CI/CD pipeline: S3 source, CodeBuild docker build to ECR, Lambda tagging the production image",
});
Tags.of(app).add("Environment", "production");
Tags.of(app).add("Team", "devops");
app.synth();
