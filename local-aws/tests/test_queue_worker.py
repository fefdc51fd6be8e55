"""The queue-worker stack of issue 12 (nothing to do with pipelines): an SQS
queue with a dead-letter queue feeding a Rust function through an event
source mapping, the function writing to a DynamoDB table, an SNS topic and a
CloudWatch alarm on the age of the queue's oldest message.

The template (`fixtures/queue_worker.template.json`) is the one such a stack
synthesizes; it is cfn-lint and checkov clean (its suppressions carry their
reasons).  It is deployed through CREATE and UPDATE change sets, as the
product deploys, read back through each service's own API, and deleted,
with the stateful resources (`DeletionPolicy: Retain`) left in the account.
Expected values come from the template and the physical ids, not from the
endpoint's resolver."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from templates import deploy_with_change_set, events, lambda_zip, outputs, resource_events, stack_status

STACK = "queue-worker"
ACCOUNT = "123456789012"
REGION = "us-east-1"
FIXTURE = Path(__file__).parent / "fixtures" / "queue_worker.template.json"
ASSET_BUCKET = f"cicd-dsl-assets-{ACCOUNT}-{REGION}"
RETAINED = {"DeadLetters", "Jobs", "Results", "WorkerLogs"}


def load_template() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text())


def queue_arn(url: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{url.rsplit('/', 1)[1]}"


def queue_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def physical_ids(aws: Any) -> dict[str, str]:
    listed = aws.cloudformation.describe_stack_resources(StackName=STACK)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed}


def upload_code(aws: Any, template: dict[str, Any]) -> None:
    code = template["Resources"]["Worker"]["Properties"]["Code"]
    assert code["S3Bucket"] == {"Fn::Sub": "cicd-dsl-assets-${AWS::AccountId}-${AWS::Region}"}
    aws.s3.create_bucket(Bucket=ASSET_BUCKET)
    aws.s3.put_object(Bucket=ASSET_BUCKET, Key=code["S3Key"], Body=lambda_zip())


def props(template: dict[str, Any], logical_id: str) -> dict[str, Any]:
    return template["Resources"][logical_id]["Properties"]


def tag_map(tags: Any) -> dict[str, str]:
    if isinstance(tags, dict):
        return tags
    return {t.get("Key", t.get("key")): t.get("Value", t.get("value")) for t in tags or []}


@pytest.fixture
def deployed(aws) -> tuple[dict[str, Any], dict[str, str]]:
    template = load_template()
    upload_code(aws, template)
    status = deploy_with_change_set(aws, STACK, template)
    assert status == "CREATE_COMPLETE", status
    return template, physical_ids(aws)


def update(aws: Any, template: dict[str, Any]) -> str:
    cfn = aws.cloudformation
    change_set = cfn.create_change_set(
        StackName=STACK,
        ChangeSetName="cs-update",
        ChangeSetType="UPDATE",
        TemplateBody=json.dumps(template),
        Capabilities=["CAPABILITY_IAM"],
    )
    assert cfn.describe_change_set(ChangeSetName=change_set["Id"])["Status"] == "CREATE_COMPLETE"
    cfn.execute_change_set(ChangeSetName=change_set["Id"])
    return stack_status(aws, STACK)


# --- create -------------------------------------------------------------------


def test_every_resource_exists_and_the_outputs_resolve(aws, deployed):
    template, physical = deployed
    assert set(physical) == set(template["Resources"])
    assert outputs(aws, STACK) == {
        "queueUrl": physical["Jobs"],
        "tableName": physical["Results"],
        "topicArn": physical["Alerts"],
    }
    # Ref of a queue is its URL, of a table its name, of a topic its ARN.
    assert physical["Jobs"] == f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{queue_name(physical['Jobs'])}"
    assert physical["Alerts"].startswith(f"arn:aws:sns:{REGION}:{ACCOUNT}:{STACK}-Alerts-")


def test_queues_have_redrive_policy_encryption_and_timings(aws, deployed):
    template, physical = deployed
    sqs = aws.sqs
    jobs = sqs.get_queue_attributes(QueueUrl=physical["Jobs"], AttributeNames=["All"])["Attributes"]
    want = props(template, "Jobs")
    assert json.loads(jobs["RedrivePolicy"]) == {
        "deadLetterTargetArn": queue_arn(physical["DeadLetters"]),
        "maxReceiveCount": want["RedrivePolicy"]["maxReceiveCount"],
    }
    assert jobs["SqsManagedSseEnabled"] == "true"
    assert "KmsMasterKeyId" not in jobs
    for key in ("VisibilityTimeout", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds"):
        assert jobs[key] == str(want[key]), key
    assert jobs["QueueArn"] == queue_arn(physical["Jobs"])
    assert tag_map(sqs.list_queue_tags(QueueUrl=physical["Jobs"])["Tags"]) == tag_map(want["Tags"])

    dead = sqs.get_queue_attributes(QueueUrl=physical["DeadLetters"], AttributeNames=["All"])["Attributes"]
    assert dead["SqsManagedSseEnabled"] == "true"
    assert dead["MessageRetentionPeriod"] == str(props(template, "DeadLetters")["MessageRetentionPeriod"])
    assert "RedrivePolicy" not in dead
    sources = sqs.list_dead_letter_source_queues(QueueUrl=physical["DeadLetters"])["queueUrls"]
    assert [queue_name(url) for url in sources] == [queue_name(physical["Jobs"])]


def test_table_has_key_billing_pitr_and_encryption(aws, deployed):
    template, physical = deployed
    ddb = aws.dynamodb
    table = ddb.describe_table(TableName=physical["Results"])["Table"]
    want = props(template, "Results")
    assert table["KeySchema"] == want["KeySchema"]
    assert table["AttributeDefinitions"] == want["AttributeDefinitions"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["SSEDescription"]["Status"] == "ENABLED"
    assert table["SSEDescription"]["SSEType"] == "KMS"
    # SSEEnabled without a key: the AWS managed key aws/dynamodb.
    key = aws.kms.describe_key(KeyId="alias/aws/dynamodb")["KeyMetadata"]["Arn"]
    assert table["SSEDescription"]["KMSMasterKeyArn"] == key
    backups = ddb.describe_continuous_backups(TableName=physical["Results"])["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    tags = ddb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"]
    assert tag_map(tags) == tag_map(want["Tags"])


def test_topic_is_encrypted_with_the_sns_managed_key(aws, deployed):
    template, physical = deployed
    sns = aws.sns
    attributes = sns.get_topic_attributes(TopicArn=physical["Alerts"])["Attributes"]
    want = props(template, "Alerts")
    assert attributes["KmsMasterKeyId"] == "alias/aws/sns"
    assert attributes["DisplayName"] == want["DisplayName"]
    assert tag_map(sns.list_tags_for_resource(ResourceArn=physical["Alerts"])["Tags"]) == tag_map(want["Tags"])


def test_alarm_watches_the_queue_age_and_notifies_the_topic(aws, deployed):
    template, physical = deployed
    alarms = aws.cloudwatch.describe_alarms(AlarmNames=[physical["JobsAgeAlarm"]])["MetricAlarms"]
    assert len(alarms) == 1
    alarm, want = alarms[0], props(template, "JobsAgeAlarm")
    assert alarm["Namespace"] == "AWS/SQS"
    assert alarm["MetricName"] == "ApproximateAgeOfOldestMessage"
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": queue_name(physical["Jobs"])}]
    assert alarm["AlarmActions"] == [physical["Alerts"]]
    assert alarm["OKActions"] == [physical["Alerts"]]
    assert alarm["Threshold"] == float(want["Threshold"])
    for key in ("Statistic", "Period", "EvaluationPeriods", "DatapointsToAlarm", "ComparisonOperator",
                "TreatMissingData", "AlarmDescription"):
        assert alarm[key] == want[key], key
    assert alarm["ActionsEnabled"] is True
    assert alarm["StateValue"] == "INSUFFICIENT_DATA"


def test_function_and_event_source_mapping(aws, deployed):
    template, physical = deployed
    lam = getattr(aws, "lambda")
    function = lam.get_function(FunctionName=physical["Worker"])
    config, want = function["Configuration"], props(template, "Worker")
    assert config["FunctionName"] == want["FunctionName"]
    assert (config["Runtime"], config["Handler"]) == ("provided.al2023", "bootstrap")
    assert config["Role"] == f"arn:aws:iam::{ACCOUNT}:role/{physical['WorkerRole']}"
    assert config["Environment"]["Variables"] == {"TABLE_NAME": physical["Results"]}
    assert config["Timeout"] == want["Timeout"] and config["MemorySize"] == want["MemorySize"]
    assert config["LoggingConfig"]["LogGroup"] == physical["WorkerLogs"]
    assert tag_map(function["Tags"]) == tag_map(want["Tags"])

    mappings = lam.list_event_source_mappings(FunctionName=physical["Worker"])["EventSourceMappings"]
    assert [m["UUID"] for m in mappings] == [physical["WorkerJobs"]]
    mapping, want = mappings[0], props(template, "WorkerJobs")
    assert mapping["EventSourceArn"] == queue_arn(physical["Jobs"])
    assert mapping["FunctionArn"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{physical['Worker']}"
    assert mapping["State"] == "Enabled"
    assert mapping["BatchSize"] == want["BatchSize"]
    assert mapping["MaximumBatchingWindowInSeconds"] == want["MaximumBatchingWindowInSeconds"]
    assert mapping["FunctionResponseTypes"] == want["FunctionResponseTypes"]
    assert mapping["ScalingConfig"] == want["ScalingConfig"]
    by_queue = lam.list_event_source_mappings(EventSourceArn=queue_arn(physical["Jobs"]))["EventSourceMappings"]
    assert [m["UUID"] for m in by_queue] == [physical["WorkerJobs"]]


def test_role_policy_scopes_each_action_to_its_resource(aws, deployed):
    template, physical = deployed
    document = aws.iam.get_role_policy(RoleName=physical["WorkerRole"], PolicyName="WorkerRolePolicy")["PolicyDocument"]
    table_arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{physical['Results']}"
    logs_arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{physical['WorkerLogs']}:*"
    assert document == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Jobs", "Effect": "Allow",
             "Action": ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
             "Resource": queue_arn(physical["Jobs"])},
            {"Sid": "Results", "Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": table_arn},
            {"Sid": "WorkerLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": logs_arn},
        ],
    }
    trust = aws.iam.get_role(RoleName=physical["WorkerRole"])["Role"]["AssumeRolePolicyDocument"]
    assert trust == props(template, "WorkerRole")["AssumeRolePolicyDocument"]


def test_each_resource_has_create_events_in_dependency_order(aws, deployed):
    template, physical = deployed
    seen = resource_events(aws, STACK)
    for logical_id in template["Resources"]:
        mine = [status for name, status in seen if name == logical_id]
        assert mine == ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"], logical_id
    completed = [name for name, status in seen if status == "CREATE_COMPLETE"]
    for before, after in [("DeadLetters", "Jobs"), ("Jobs", "WorkerJobs"), ("Worker", "WorkerJobs"),
                          ("WorkerRolePolicy", "Worker"), ("Results", "Worker"), ("Alerts", "JobsAgeAlarm"),
                          ("Jobs", "JobsAgeAlarm")]:
        assert completed.index(before) < completed.index(after), (before, after)
    for event in events(aws, STACK):
        if event["ResourceStatus"] == "CREATE_COMPLETE" and event["LogicalResourceId"] in physical:
            assert event["PhysicalResourceId"] == physical[event["LogicalResourceId"]]


# --- update -------------------------------------------------------------------


def test_update_changes_the_threshold_and_the_visibility_timeout_in_place(aws, deployed):
    template, physical = deployed
    changed = copy.deepcopy(template)
    props(changed, "JobsAgeAlarm")["Threshold"] = 900
    props(changed, "Jobs")["VisibilityTimeout"] = 240
    assert update(aws, changed) == "UPDATE_COMPLETE"

    assert physical_ids(aws) == physical  # nothing replaced
    jobs = aws.sqs.get_queue_attributes(QueueUrl=physical["Jobs"], AttributeNames=["All"])["Attributes"]
    assert jobs["VisibilityTimeout"] == "240"
    assert json.loads(jobs["RedrivePolicy"])["deadLetterTargetArn"] == queue_arn(physical["DeadLetters"])
    assert jobs["SqsManagedSseEnabled"] == "true"
    alarm = aws.cloudwatch.describe_alarms(AlarmNames=[physical["JobsAgeAlarm"]])["MetricAlarms"][0]
    assert alarm["Threshold"] == 900.0
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": queue_name(physical["Jobs"])}]
    assert alarm["AlarmActions"] == [physical["Alerts"]]
    assert alarm["StateValue"] == "INSUFFICIENT_DATA"

    updated = [(name, status) for name, status in resource_events(aws, STACK) if status.startswith("UPDATE_")]
    assert updated == [
        ("Jobs", "UPDATE_IN_PROGRESS"), ("Jobs", "UPDATE_COMPLETE"),
        ("JobsAgeAlarm", "UPDATE_IN_PROGRESS"), ("JobsAgeAlarm", "UPDATE_COMPLETE"),
    ]
    # The rest is as created.
    backups = aws.dynamodb.describe_continuous_backups(TableName=physical["Results"])["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert outputs(aws, STACK)["queueUrl"] == physical["Jobs"]


def test_an_update_lambda_refuses_rolls_back(aws, deployed):
    """More than 10 messages a batch from a standard queue needs a batching
    window (Lambda's own check): UPDATE_FAILED with Lambda's message, and the
    mapping keeps its settings."""
    template, physical = deployed
    changed = copy.deepcopy(template)
    props(changed, "WorkerJobs")["BatchSize"] = 50
    props(changed, "WorkerJobs").pop("MaximumBatchingWindowInSeconds")
    status = update(aws, changed)
    assert status.startswith("UPDATE_ROLLBACK_COMPLETE"), status
    assert "Maximum batch window in seconds must be greater than 0" in status
    mapping = getattr(aws, "lambda").get_event_source_mapping(UUID=physical["WorkerJobs"])
    assert (mapping["BatchSize"], mapping["MaximumBatchingWindowInSeconds"]) == (10, 5)


def test_create_fails_when_the_queue_hides_messages_shorter_than_the_function_runs(aws):
    template = load_template()
    props(template, "Jobs")["VisibilityTimeout"] = 10  # the function may run 30 s
    upload_code(aws, template)
    status = deploy_with_change_set(aws, STACK, template)
    assert status.startswith("ROLLBACK_COMPLETE: WorkerJobs"), status
    assert "Queue visibility timeout: 10 seconds is less than Function timeout: 30 seconds" in status
    # Create rollback keeps what DeletionPolicy Retain keeps, as on AWS.
    skipped = {name for name, status in resource_events(aws, STACK) if status == "DELETE_SKIPPED"}
    assert skipped == RETAINED
    assert getattr(aws, "lambda").list_functions()["Functions"] == []


# --- delete -------------------------------------------------------------------


def test_delete_keeps_the_table_and_queues_and_removes_the_rest(aws, deployed):
    _, physical = deployed
    stack_id = aws.cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]["StackId"]
    aws.cloudformation.delete_stack(StackName=STACK)
    gone = aws.cloudformation.describe_stacks(StackName=stack_id)["Stacks"][0]
    assert gone["StackStatus"] == "DELETE_COMPLETE"

    final = {}
    for event in events(aws, stack_id):
        if event["ResourceType"] != "AWS::CloudFormation::Stack":
            final[event["LogicalResourceId"]] = event["ResourceStatus"]
    assert {name for name, status in final.items() if status == "DELETE_SKIPPED"} == RETAINED
    assert {name for name, status in final.items() if status == "DELETE_COMPLETE"} == set(physical) - RETAINED

    # Retained: readable through their own APIs, settings intact.
    jobs = aws.sqs.get_queue_attributes(QueueUrl=physical["Jobs"], AttributeNames=["All"])["Attributes"]
    assert json.loads(jobs["RedrivePolicy"])["deadLetterTargetArn"] == queue_arn(physical["DeadLetters"])
    aws.sqs.get_queue_attributes(QueueUrl=physical["DeadLetters"], AttributeNames=["QueueArn"])
    assert aws.dynamodb.describe_table(TableName=physical["Results"])["Table"]["TableStatus"] == "ACTIVE"
    groups = aws.logs.describe_log_groups(logGroupNamePrefix=physical["WorkerLogs"])["logGroups"]
    assert [g["logGroupName"] for g in groups] == [physical["WorkerLogs"]]

    # Deleted.
    lam = getattr(aws, "lambda")
    assert lam.list_functions()["Functions"] == []
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []
    assert aws.cloudwatch.describe_alarms()["MetricAlarms"] == []
    assert aws.sns.list_topics()["Topics"] == []
    assert [r["RoleName"] for r in aws.iam.list_roles()["Roles"]] == []
