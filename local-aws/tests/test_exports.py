"""Cross-stack exports and imports, as a client of CloudFormation sees them:
ListExports, Fn::ImportValue, ListImports, and the refusals that protect an
export another stack imports."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from templates import stack_status


def producer(exported: bool) -> str:
    body = {"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}}}
    if exported:
        body["Outputs"] = {"LogsName": {"Value": {"Ref": "Logs"}, "Export": {"Name": "producer-Logs-Ref"}}}
    else:
        # Something else changes, so that the update is not empty.
        body["Resources"]["Logs"]["Properties"]["RetentionInDays"] = 14
    return json.dumps(body)


def consumer(imports: bool) -> str:
    name = {"Fn::ImportValue": "producer-Logs-Ref"} if imports else "/consumer/plain"
    return json.dumps(
        {
            "Resources": {
                "Topic": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Fn::Join": ["-", [name, "copy"]]}, "RetentionInDays": 7}}
            }
        }
    )


def deploy(aws, stack: str, template: str, kind: str) -> None:
    cfn = aws.cloudformation
    made = cfn.create_change_set(StackName=stack, ChangeSetName=f"cs-{kind.lower()}-{len(template)}", ChangeSetType=kind, TemplateBody=template)
    cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=made["Id"], WaiterConfig={"Delay": 1})
    cfn.execute_change_set(ChangeSetName=made["Id"])


def imports_of(aws, name: str) -> list[str]:
    try:
        return aws.cloudformation.list_imports(ExportName=name)["Imports"]
    except ClientError as error:
        assert "is not imported by any stack" in str(error)
        return []


def test_import_resolves_and_list_imports_names_the_importer(aws):
    deploy(aws, "producer", producer(True), "CREATE")
    exports = aws.cloudformation.list_exports()["Exports"]
    assert [e["Name"] for e in exports] == ["producer-Logs-Ref"]
    assert imports_of(aws, "producer-Logs-Ref") == []
    deploy(aws, "consumer", consumer(True), "CREATE")
    assert stack_status(aws, "consumer") == "CREATE_COMPLETE"
    groups = [g["logGroupName"] for g in aws.logs.describe_log_groups()["logGroups"]]
    assert f"{exports[0]['Value']}-copy" in groups
    assert imports_of(aws, "producer-Logs-Ref") == ["consumer"]


def test_an_imported_export_cannot_be_removed_nor_its_stack_deleted(aws):
    deploy(aws, "producer", producer(True), "CREATE")
    deploy(aws, "consumer", consumer(True), "CREATE")

    deploy(aws, "producer", producer(False), "UPDATE")
    assert stack_status(aws, "producer").startswith("UPDATE_ROLLBACK_COMPLETE")
    reasons = [e.get("ResourceStatusReason", "") for e in aws.cloudformation.describe_stack_events(StackName="producer")["StackEvents"]]
    assert any("Cannot delete export producer-Logs-Ref as it is in use by consumer" in r for r in reasons), reasons
    assert [e["Name"] for e in aws.cloudformation.list_exports()["Exports"]] == ["producer-Logs-Ref"]

    aws.cloudformation.delete_stack(StackName="producer")
    assert stack_status(aws, "producer").startswith("DELETE_FAILED")
    reasons = [e.get("ResourceStatusReason", "") for e in aws.cloudformation.describe_stack_events(StackName="producer")["StackEvents"]]
    assert any("Export producer-Logs-Ref cannot be deleted as it is in use by consumer" in r for r in reasons), reasons


def test_once_the_import_is_gone_the_export_can_go(aws):
    deploy(aws, "producer", producer(True), "CREATE")
    deploy(aws, "consumer", consumer(True), "CREATE")
    deploy(aws, "consumer", consumer(False), "UPDATE")
    assert stack_status(aws, "consumer") == "UPDATE_COMPLETE"
    assert imports_of(aws, "producer-Logs-Ref") == []
    deploy(aws, "producer", producer(False), "UPDATE")
    assert stack_status(aws, "producer") == "UPDATE_COMPLETE"
    assert aws.cloudformation.list_exports()["Exports"] == []
    aws.cloudformation.delete_stack(StackName="producer")
    with pytest.raises(ClientError):
        aws.cloudformation.describe_stacks(StackName="producer")
