"""The template `cicd-stack synth` writes, created through a CREATE change set
and read back resource by resource through each service's own API.

The template is the one committed copy of the pipeline's synth, the Rust
snapshot `cicd-stack/tests/snapshots/pipeline.template.json`; cicd-stack's
snapshot test fails when synth no longer writes exactly that file.
Expected values are the template's own properties with Ref / Fn::GetAtt /
Fn::Sub worked out here from the physical ids (not by the endpoint's
resolver), so a property the endpoint drops or mangles fails."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from templates import deploy_with_change_set, lambda_zip, outputs

STACK = "cicd-pipeline"
ACCOUNT = "123456789012"
REGION = "us-east-1"
SNAPSHOT = Path(__file__).resolve().parents[2] / "cicd-stack" / "tests" / "snapshots" / "pipeline.template.json"
ASSET_BUCKET = f"cicd-dsl-assets-{ACCOUNT}-{REGION}"


def load_template() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text())


# --- expected values --------------------------------------------------------


class Resolver:
    """Ref, Fn::GetAtt and Fn::Sub as CloudFormation evaluates them, from the
    physical ids DescribeStackResources reports."""

    def __init__(self, template: dict[str, Any], physical: dict[str, str]):
        self.resources = template["Resources"]
        self.physical = physical

    def ref(self, name: str) -> str:
        pseudo = {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::Partition": "aws", "AWS::StackName": STACK}
        return pseudo[name] if name in pseudo else self.physical[name]

    def get_att(self, name: str, attribute: str) -> str:
        kind, physical = self.resources[name]["Type"], self.physical[name]
        if (kind, attribute) == ("AWS::ECR::Repository", "RepositoryUri"):
            return f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{physical}"
        assert attribute == "Arn", f"{name}.{attribute} is not known to this test"
        return {
            "AWS::S3::Bucket": f"arn:aws:s3:::{physical}",
            "AWS::ECR::Repository": f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{physical}",
            "AWS::Logs::LogGroup": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{physical}:*",
            "AWS::IAM::Role": f"arn:aws:iam::{ACCOUNT}:role/{physical}",
            "AWS::CodeBuild::Project": f"arn:aws:codebuild:{REGION}:{ACCOUNT}:project/{physical}",
            "AWS::Lambda::Function": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{physical}",
            "AWS::Events::Rule": f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{physical}",
        }[kind]

    def sub(self, text: str) -> str:
        def variable(match: re.Match[str]) -> str:
            name, _, attribute = match.group(1).partition(".")
            return self.get_att(name, attribute) if attribute else self.ref(name)

        return re.sub(r"\$\{([^!}][^}]*)\}", variable, text)

    def __call__(self, node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"Ref"}:
                return self.ref(node["Ref"])
            if set(node) == {"Fn::GetAtt"}:
                name, attribute = node["Fn::GetAtt"]
                return self.get_att(name, attribute)
            if set(node) == {"Fn::Sub"}:
                assert isinstance(node["Fn::Sub"], str), "only the one-argument Fn::Sub is used"
                return self.sub(node["Fn::Sub"])
            return {key: self(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self(item) for item in node]
        return node


def tag_map(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {t.get("Key", t.get("key")): t.get("Value", t.get("value")) for t in tags or []}


def camel(node: Any, opaque: frozenset[str] = frozenset()) -> Any:
    """CloudFormation's PascalCase keys in the CodeBuild/CodePipeline API's camelCase."""
    if isinstance(node, dict):
        return {
            ("buildspec" if k == "BuildSpec" else k[:1].lower() + k[1:]): (v if k in opaque else camel(v, opaque))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [camel(item, opaque) for item in node]
    return node


# --- deployment -------------------------------------------------------------


@dataclass
class DeployedStack:
    """The snapshot deployed: its template, the physical ids
    DescribeStackResources reports, and the resolver built from them."""

    template: dict[str, Any]
    physical: dict[str, str]
    resolve: Resolver

    def resources(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        """(physical id, resolved properties) of each resource of type
        `kind`, which the template must declare."""
        return [(self.physical[name], self.resolve(body["Properties"])) for name, body in of_type(self.template, kind)]


@pytest.fixture
def stack(aws) -> DeployedStack:
    template = load_template()
    code = template["Resources"]["TagProduction"]["Properties"]["Code"]
    assert code["S3Bucket"] == {"Fn::Sub": "cicd-dsl-assets-${AWS::AccountId}-${AWS::Region}"}
    aws.s3.create_bucket(Bucket=ASSET_BUCKET)
    aws.s3.put_object(Bucket=ASSET_BUCKET, Key=code["S3Key"], Body=lambda_zip())
    status = deploy_with_change_set(aws, STACK, template)
    assert status == "CREATE_COMPLETE", status
    listed = aws.cloudformation.describe_stack_resources(StackName=STACK)["StackResources"]
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed}
    return DeployedStack(template, physical, Resolver(template, physical))


def of_type(template: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    found = [(name, body) for name, body in template["Resources"].items() if body["Type"] == kind]
    assert found, f"the template has no {kind}"
    return found


def test_every_resource_type_of_the_template_is_read_back_here():
    """A resource type the stack gains must get a test below, or this file
    would deploy it without checking a property of it."""
    read_back = set(re.findall(r'(?:resources\(|of_type\(stack\.template, )"([^"]+)"\)', Path(__file__).read_text()))
    deployed = {body["Type"] for body in load_template()["Resources"].values()}
    assert deployed <= read_back, f"no test reads back {sorted(deployed - read_back)}"


def test_every_resource_is_created_with_outputs(aws, stack):
    assert set(stack.physical) == set(stack.template["Resources"])
    expected = {key: stack.resolve(output["Value"]) for key, output in stack.template["Outputs"].items()}
    assert outputs(aws, STACK) == expected


def test_buckets(aws, stack):
    s3 = aws.s3
    for bucket, props in stack.resources("AWS::S3::Bucket"):
        assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == props["VersioningConfiguration"]["Status"]
        rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
        want = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        assert [
            {"ServerSideEncryptionByDefault": r["ApplyServerSideEncryptionByDefault"], "BucketKeyEnabled": r["BucketKeyEnabled"]}
            for r in rules
        ] == want
        got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
        assert len(got) == len(props["LifecycleConfiguration"]["Rules"])
        for rule, want in zip(got, props["LifecycleConfiguration"]["Rules"]):
            assert rule["ID"] == want["Id"] and rule["Status"] == want["Status"]
            assert rule["Expiration"]["Days"] == want["ExpirationInDays"]
            assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == want["NoncurrentVersionExpiration"]["NoncurrentDays"]
            assert rule["AbortIncompleteMultipartUpload"] == want["AbortIncompleteMultipartUpload"]
        block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        assert block == props["PublicAccessBlockConfiguration"]
        assert "EventBridgeConfiguration" in s3.get_bucket_notification_configuration(Bucket=bucket)
        assert tag_map(s3.get_bucket_tagging(Bucket=bucket)["TagSet"]) == tag_map(props["Tags"])


def test_bucket_policies_are_the_resolved_documents(aws, stack):
    for _, props in stack.resources("AWS::S3::BucketPolicy"):
        policy = json.loads(aws.s3.get_bucket_policy(Bucket=props["Bucket"])["Policy"])
        assert policy == props["PolicyDocument"]
        # The TLS-only statement does not lock out the endpoint's own clients.
        aws.s3.put_object(Bucket=props["Bucket"], Key="probe.txt", Body=b"x")


def test_repositories(aws, stack):
    ecr = aws.ecr
    for repository, props in stack.resources("AWS::ECR::Repository"):
        repo = ecr.describe_repositories(repositoryNames=[repository])["repositories"][0]
        assert repo["repositoryName"] == props["RepositoryName"]
        assert repo["imageScanningConfiguration"] == {"scanOnPush": props["ImageScanningConfiguration"]["ScanOnPush"]}
        assert repo["imageTagMutability"] == props["ImageTagMutability"]
        text = ecr.get_lifecycle_policy(repositoryName=repository)["lifecyclePolicyText"]
        assert json.loads(text) == json.loads(props["LifecyclePolicy"]["LifecyclePolicyText"])
        tags = ecr.list_tags_for_resource(resourceArn=repo["repositoryArn"])["tags"]
        assert tag_map(tags) == tag_map(props["Tags"])


def test_log_groups(aws, stack):
    logs = aws.logs
    for group_name, props in stack.resources("AWS::Logs::LogGroup"):
        groups = logs.describe_log_groups(logGroupNamePrefix=group_name)["logGroups"]
        group = next(g for g in groups if g["logGroupName"] == props["LogGroupName"])
        assert group["retentionInDays"] == props["RetentionInDays"]
        assert logs.list_tags_log_group(logGroupName=group_name)["tags"] == tag_map(props["Tags"])


def test_roles(aws, stack):
    iam = aws.iam
    for role_name, props in stack.resources("AWS::IAM::Role"):
        role = iam.get_role(RoleName=role_name)["Role"]
        assert role["AssumeRolePolicyDocument"] == props["AssumeRolePolicyDocument"]
        assert role["Description"] == props["Description"]
        assert tag_map(iam.list_role_tags(RoleName=role_name)["Tags"]) == tag_map(props["Tags"])


def test_role_policies_are_inline_json_with_resolved_arns(aws, stack):
    iam = aws.iam
    policies = of_type(stack.template, "AWS::IAM::Policy")
    for name, body in policies:
        props = stack.resolve(body["Properties"])
        for role in props["Roles"]:
            assert iam.list_role_policies(RoleName=role)["PolicyNames"] == [props["PolicyName"]]
            document = iam.get_role_policy(RoleName=role, PolicyName=props["PolicyName"])["PolicyDocument"]
            assert document == props["PolicyDocument"], name
            # Resolved, not left as intrinsic functions or `${...}` text.
            assert "Fn::" not in json.dumps(document) and "${" not in json.dumps(document)
    # Every role the template declares carries exactly its policy.
    roles = {stack.physical[n] for n, _ in of_type(stack.template, "AWS::IAM::Role")}
    assert roles == {r for _, body in policies for r in stack.resolve(body["Properties"]["Roles"])}


def test_codebuild_projects(aws, stack):
    for project_name, resolved in stack.resources("AWS::CodeBuild::Project"):
        props = camel(resolved)
        project = aws.codebuild.batch_get_projects(names=[project_name])["projects"][0]
        for field in ("name", "description", "serviceRole", "source", "artifacts", "environment", "logsConfig", "timeoutInMinutes"):
            assert project[field] == props[field], field
        assert tag_map(project["tags"]) == tag_map(props["tags"])


def test_functions(aws, stack):
    for function_name, props in stack.resources("AWS::Lambda::Function"):
        function = aws.__getattr__("lambda").get_function(FunctionName=function_name)
        config = function["Configuration"]
        for field in ("FunctionName", "Description", "Runtime", "Handler", "Architectures", "Role", "MemorySize", "Timeout", "Environment", "LoggingConfig"):
            assert config[field] == props[field], field
        assert config["CodeSize"] == len(lambda_zip())
        assert function["Tags"] == tag_map(props["Tags"])


def test_pipelines(aws, stack):
    codepipeline = aws.codepipeline
    for pipeline_name, props in stack.resources("AWS::CodePipeline::Pipeline"):
        got = codepipeline.get_pipeline(name=pipeline_name)
        pipeline = got["pipeline"]
        want = camel({k: v for k, v in props.items() if k != "Tags"}, opaque=frozenset({"Configuration"}))
        for stage in want["stages"]:
            for action in stage["actions"]:
                # GetPipeline spells out the defaults, as CodePipeline does.
                for key, default in (("runOrder", 1), ("configuration", {}), ("inputArtifacts", []), ("outputArtifacts", [])):
                    action.setdefault(key, default)
        for field in ("name", "roleArn", "pipelineType", "executionMode", "artifactStore", "stages"):
            assert pipeline[field] == want[field], field
        tags = codepipeline.list_tags_for_resource(resourceArn=got["metadata"]["pipelineArn"])["tags"]
        assert tag_map(tags) == tag_map(props["Tags"])


def test_event_rules(aws, stack):
    events = aws.events
    for rule_name, props in stack.resources("AWS::Events::Rule"):
        rule = events.describe_rule(Name=rule_name)
        assert rule["Description"] == props["Description"]
        assert rule["State"] == props["State"]
        assert json.loads(rule["EventPattern"]) == props["EventPattern"]
        assert events.list_targets_by_rule(Rule=rule_name)["Targets"] == props["Targets"]
        assert tag_map(events.list_tags_for_resource(ResourceARN=rule["Arn"])["Tags"]) == tag_map(props["Tags"])
