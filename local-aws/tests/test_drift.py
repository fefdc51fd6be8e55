"""Drift detection: each resource is changed through its own service's API
(never through CloudFormation) and exactly that property is reported, with
both values; REVERT_DRIFT change sets put it back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from templates import deploy_with_change_set, pipeline_stack, stack_status, upload_function_code

STACK = "drifting"


def detect(aws: Any, stack: str = STACK) -> dict[str, Any]:
    cfn = aws.cloudformation
    detection = cfn.detect_stack_drift(StackName=stack)["StackDriftDetectionId"]
    status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
    assert status["DetectionStatus"] == "DETECTION_COMPLETE", status
    return status


def drifts(aws: Any, stack: str = STACK) -> dict[str, dict[str, Any]]:
    answer = aws.cloudformation.describe_stack_resource_drifts(StackName=stack)
    return {d["LogicalResourceId"]: d for d in answer["StackResourceDrifts"]}


def differences(aws: Any, logical_id: str) -> list[tuple[str, str, str, str]]:
    drift = drifts(aws)[logical_id]
    assert drift["StackResourceDriftStatus"] == "MODIFIED", drift
    return [
        (d["PropertyPath"], d["ExpectedValue"], d["ActualValue"], d["DifferenceType"])
        for d in drift["PropertyDifferences"]
    ]


def only_drifted(aws: Any) -> list[str]:
    status = detect(aws)
    found = sorted(k for k, d in drifts(aws).items() if d["StackResourceDriftStatus"] != "IN_SYNC" and d["StackResourceDriftStatus"] != "NOT_CHECKED")
    assert status["DriftedStackResourceCount"] == len(found)
    assert status["StackDriftStatus"] == ("DRIFTED" if found else "IN_SYNC")
    return found


@pytest.fixture
def deployed(aws: Any) -> dict[str, Any]:
    upload_function_code(aws)
    template = pipeline_stack()
    assert deploy_with_change_set(aws, STACK, template) == "CREATE_COMPLETE"
    return template


def test_a_fresh_stack_is_in_sync_and_unemulated_types_are_not_checked(aws, deployed):
    assert only_drifted(aws) == []
    found = drifts(aws)
    assert set(found) == set(deployed["Resources"])
    # The bucket policy's type has no drift reader here.
    assert found["ArtifactsPolicy"]["StackResourceDriftStatus"] == "NOT_CHECKED"
    bucket = found["Artifacts"]
    assert json.loads(bucket["ExpectedProperties"])["VersioningConfiguration"] == {"Status": "Enabled"}
    assert json.loads(bucket["ActualProperties"])["VersioningConfiguration"] == {"Status": "Enabled"}


def bucket_name(aws: Any, logical_id: str = "Artifacts") -> str:
    return aws.cloudformation.describe_stack_resource(StackName=STACK, LogicalResourceId=logical_id)[
        "StackResourceDetail"
    ]["PhysicalResourceId"]


def test_bucket_versioning_suspended_outside_the_stack(aws, deployed):
    aws.s3.put_bucket_versioning(Bucket=bucket_name(aws), VersioningConfiguration={"Status": "Suspended"})
    assert only_drifted(aws) == ["Artifacts"]
    assert differences(aws, "Artifacts") == [
        ("/VersioningConfiguration/Status", "Enabled", "Suspended", "NOT_EQUAL")
    ]


def test_bucket_lifecycle_changed_and_removed(aws, deployed):
    name = bucket_name(aws)
    expected_days = deployed["Resources"]["Artifacts"]["Properties"]["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"]
    rule = aws.s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"][0]
    rule["Expiration"] = {"Days": 90}
    aws.s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [rule]})
    assert only_drifted(aws) == ["Artifacts"]
    assert differences(aws, "Artifacts") == [
        ("/LifecycleConfiguration/Rules/0/ExpirationInDays", str(expected_days), "90", "NOT_EQUAL")
    ]
    aws.s3.delete_bucket_lifecycle(Bucket=name)
    detect(aws)
    [(path, expected, actual, kind)] = differences(aws, "Artifacts")
    assert (path, actual, kind) == ("/LifecycleConfiguration", "null", "REMOVE")
    assert json.loads(expected)["Rules"][0]["ExpirationInDays"] == expected_days


def test_repository_scan_on_push_and_lifecycle_policy(aws, deployed):
    repo = deployed["Resources"]["Images"]["Properties"]["RepositoryName"]
    aws.ecr.put_image_scanning_configuration(repositoryName=repo, imageScanningConfiguration={"scanOnPush": False})
    assert only_drifted(aws) == ["Images"]
    assert differences(aws, "Images") == [("/ImageScanningConfiguration/ScanOnPush", "true", "false", "NOT_EQUAL")]
    aws.ecr.put_image_scanning_configuration(repositoryName=repo, imageScanningConfiguration={"scanOnPush": True})
    aws.ecr.delete_lifecycle_policy(repositoryName=repo)
    assert only_drifted(aws) == ["Images"]
    [(path, _, actual, kind)] = differences(aws, "Images")
    assert (path, actual, kind) == ("/LifecyclePolicy", "null", "REMOVE")


def test_log_retention_changed(aws, deployed):
    group = deployed["Resources"]["BuildLogs"]["Properties"]["LogGroupName"]
    expected = deployed["Resources"]["BuildLogs"]["Properties"]["RetentionInDays"]
    aws.logs.put_retention_policy(logGroupName=group, retentionInDays=30)
    assert only_drifted(aws) == ["BuildLogs"]
    assert differences(aws, "BuildLogs") == [("/RetentionInDays", str(expected), "30", "NOT_EQUAL")]
    aws.logs.delete_retention_policy(logGroupName=group)
    detect(aws)
    assert differences(aws, "BuildLogs") == [("/RetentionInDays", str(expected), "null", "REMOVE")]


def test_role_trust_and_inline_policy(aws, deployed):
    role = bucket_name(aws, "BuildRole")
    trust = aws.iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
    trust["Statement"][0]["Principal"] = {"Service": "ec2.amazonaws.com"}
    aws.iam.update_assume_role_policy(RoleName=role, PolicyDocument=json.dumps(trust))
    assert only_drifted(aws) == ["BuildRole"]
    [(path, _, actual, kind)] = differences(aws, "BuildRole")
    assert path.startswith("/AssumeRolePolicyDocument/Statement/0/Principal/Service"), path
    assert kind == "NOT_EQUAL" and "ec2.amazonaws.com" in actual

    events_role = bucket_name(aws, "EventsRole")
    aws.iam.put_role_policy(RoleName=events_role, PolicyName="added-by-hand", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    assert only_drifted(aws) == ["BuildRole", "EventsRole"]
    [(path, expected, actual, kind)] = differences(aws, "EventsRole")
    assert (path, expected, kind) == ("/Policies/1", "null", "ADD")
    assert json.loads(actual)["PolicyName"] == "added-by-hand"


def test_function_environment_changed_and_unset_properties_ignored(aws, deployed):
    function = deployed["Resources"]["TagProduction"]["Properties"]["FunctionName"]
    lam = aws.__getattr__("lambda")
    # The template does not set MemorySize: only what it sets is compared.
    lam.update_function_configuration(FunctionName=function, MemorySize=1024)
    assert only_drifted(aws) == []
    variables = lam.get_function_configuration(FunctionName=function)["Environment"]["Variables"]
    key = sorted(variables)[0]
    lam.update_function_configuration(
        FunctionName=function, Environment={"Variables": {**variables, key: "changed-by-hand"}}
    )
    assert only_drifted(aws) == ["TagProduction"]
    assert differences(aws, "TagProduction") == [
        (f"/Environment/Variables/{key}", variables[key], "changed-by-hand", "NOT_EQUAL")
    ]


def test_pipeline_structure_changed(aws, deployed):
    name = deployed["Resources"]["Pipeline"]["Properties"]["Name"]
    pipeline = aws.codepipeline.get_pipeline(name=name)["pipeline"]
    pipeline["stages"][1]["actions"][0]["runOrder"] = 2
    aws.codepipeline.update_pipeline(pipeline=pipeline)
    assert only_drifted(aws) == ["Pipeline"]
    # The template leaves RunOrder to its default (1); 2 is an addition.
    assert differences(aws, "Pipeline") == [("/Stages/1/Actions/0/RunOrder", "null", "2", "ADD")]


def test_rule_gets_a_target_added_outside_the_stack(aws, deployed):
    rule = aws.cloudformation.describe_stack_resource(StackName=STACK, LogicalResourceId="SourceUploaded")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    aws.events.put_targets(Rule=rule, Targets=[{"Id": "extra", "Arn": "arn:aws:sns:us-east-1:123456789012:t"}])
    assert only_drifted(aws) == ["SourceUploaded"]
    [(path, expected, actual, kind)] = differences(aws, "SourceUploaded")
    assert (path, expected, kind) == ("/Targets/1", "null", "ADD")
    assert json.loads(actual)["Id"] == "extra"


def test_deleted_resource_is_reported_deleted(aws, deployed):
    aws.logs.delete_log_group(logGroupName=deployed["Resources"]["FunctionLogs"]["Properties"]["LogGroupName"])
    assert only_drifted(aws) == ["FunctionLogs"]
    assert drifts(aws)["FunctionLogs"]["StackResourceDriftStatus"] == "DELETED"



def change_set(aws: Any, template: dict[str, Any], **extra: Any) -> dict[str, Any]:
    cfn = aws.cloudformation
    created = cfn.create_change_set(
        StackName=STACK,
        ChangeSetName="revert",
        ChangeSetType="UPDATE",
        TemplateBody=json.dumps(template),
        Capabilities=["CAPABILITY_IAM"],
        **extra,
    )
    return cfn.describe_change_set(ChangeSetName=created["Id"])


def test_a_plain_change_set_leaves_drift_alone(aws, deployed):
    group = deployed["Resources"]["BuildLogs"]["Properties"]["LogGroupName"]
    aws.logs.put_retention_policy(logGroupName=group, retentionInDays=30)
    answer = change_set(aws, deployed)
    assert answer["Status"] == "FAILED" and "didn't contain changes" in answer["StatusReason"]
    assert only_drifted(aws) == ["BuildLogs"]


def test_revert_drift_change_set_puts_drifted_properties_back(aws, deployed):
    group = deployed["Resources"]["BuildLogs"]["Properties"]["LogGroupName"]
    aws.logs.put_retention_policy(logGroupName=group, retentionInDays=30)
    aws.s3.put_bucket_versioning(Bucket=bucket_name(aws), VersioningConfiguration={"Status": "Suspended"})
    answer = change_set(aws, deployed, DeploymentMode="REVERT_DRIFT")
    assert answer["Status"] == "CREATE_COMPLETE", answer
    assert answer["DeploymentMode"] == "REVERT_DRIFT"
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in answer["Changes"]}
    assert set(changes) == {"Artifacts", "BuildLogs"}
    logs = changes["BuildLogs"]
    assert (logs["Action"], logs["ResourceDriftStatus"]) == ("Modify", "MODIFIED")
    [detail] = logs["Details"]
    assert detail["Target"]["Name"] == "RetentionInDays"
    assert detail["Target"]["Drift"]["ActualValue"] == "30"
    aws.cloudformation.execute_change_set(ChangeSetName=answer["ChangeSetId"])
    assert stack_status(aws, STACK) == "UPDATE_COMPLETE"
    retention = aws.logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["retentionInDays"]
    assert retention == deployed["Resources"]["BuildLogs"]["Properties"]["RetentionInDays"]
    assert aws.s3.get_bucket_versioning(Bucket=bucket_name(aws))["Status"] == "Enabled"
    assert only_drifted(aws) == []


def test_revert_drift_marks_types_without_drift_detection_unsupported(aws, deployed):
    aws.logs.put_retention_policy(
        logGroupName=deployed["Resources"]["BuildLogs"]["Properties"]["LogGroupName"], retentionInDays=30
    )
    changed = json.loads(json.dumps(deployed))
    changed["Resources"]["ArtifactsPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]["Sid"] = "Changed"
    answer = change_set(aws, changed, DeploymentMode="REVERT_DRIFT")
    drift = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"].get("ResourceDriftStatus") for c in answer["Changes"]}
    assert drift == {"ArtifactsPolicy": "UNSUPPORTED", "BuildLogs": "MODIFIED"}


def test_revert_drift_is_refused_for_a_new_stack(aws):
    with pytest.raises(ClientError) as refused:
        aws.cloudformation.create_change_set(
            StackName="fresh", ChangeSetName="c", ChangeSetType="CREATE", DeploymentMode="REVERT_DRIFT",
            TemplateBody=json.dumps({"Resources": {"L": {"Type": "AWS::Logs::LogGroup"}}}),
        )
    assert "only supported for change sets of type UPDATE" in str(refused.value)


def test_drift_of_a_stack_that_does_not_exist(aws):
    with pytest.raises(ClientError) as refused:
        aws.cloudformation.detect_stack_drift(StackName="nowhere")
    assert refused.value.response["Error"]["Code"] == "ValidationError"
    assert "Stack with id nowhere does not exist" in refused.value.response["Error"]["Message"]
