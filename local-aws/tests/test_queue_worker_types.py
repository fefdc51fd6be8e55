"""The resource types the queue-worker stack added to the endpoint (SQS
queue, DynamoDB table, SNS topic, CloudWatch alarm, Lambda event source
mapping), one at a time: what an update changes, removes and keeps, and the
failures the services themselves would report."""

from __future__ import annotations

import json
from typing import Any

from templates import lambda_zip, outputs, stack_status

TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"}],
}


def create(aws: Any, template: dict[str, Any], name: str = "t") -> str:
    aws.cloudformation.create_stack(StackName=name, TemplateBody=json.dumps(template), Capabilities=["CAPABILITY_IAM"])
    return stack_status(aws, name)


def update(aws: Any, template: dict[str, Any], name: str = "t") -> str:
    aws.cloudformation.update_stack(StackName=name, TemplateBody=json.dumps(template), Capabilities=["CAPABILITY_IAM"])
    return stack_status(aws, name)


def physical(aws: Any, name: str = "t") -> dict[str, str]:
    listed = aws.cloudformation.describe_stack_resources(StackName=name)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed}


def queue_attributes(aws: Any, url: str) -> dict[str, str]:
    return aws.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


# --- SQS ----------------------------------------------------------------------


def queues(redrive: bool = True, tags: dict[str, str] | None = None, **main: Any) -> dict[str, Any]:
    props: dict[str, Any] = dict(main)
    if redrive:
        props["RedrivePolicy"] = {"deadLetterTargetArn": {"Fn::GetAtt": ["Dead", "Arn"]}, "maxReceiveCount": 3}
    if tags:
        props["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    return {
        "Resources": {
            "Dead": {"Type": "AWS::SQS::Queue", "Properties": {}},
            "Main": {"Type": "AWS::SQS::Queue", "Properties": props},
        },
        "Outputs": {
            "Url": {"Value": {"Ref": "Main"}},
            "Arn": {"Value": {"Fn::GetAtt": ["Main", "Arn"]}},
            "Name": {"Value": {"Fn::GetAtt": ["Main", "QueueName"]}},
        },
    }


def test_queue_update_removes_the_redrive_policy_and_rewrites_tags(aws):
    assert create(aws, queues(tags={"a": "1", "b": "2"}, MessageRetentionPeriod=600)) == "CREATE_COMPLETE"
    url = physical(aws)["Main"]
    name = url.rsplit("/", 1)[1]
    assert outputs(aws, "t") == {"Url": url, "Arn": f"arn:aws:sqs:us-east-1:123456789012:{name}", "Name": name}
    assert "RedrivePolicy" in queue_attributes(aws, url)

    assert update(aws, queues(redrive=False, tags={"b": "3"})) == "UPDATE_COMPLETE"
    assert physical(aws)["Main"] == url
    attributes = queue_attributes(aws, url)
    assert "RedrivePolicy" not in attributes
    assert attributes["MessageRetentionPeriod"] == "345600"  # back to SQS's default
    assert aws.sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"b": "3"}


def test_queue_with_a_kms_key_is_not_sse_sqs(aws):
    assert create(aws, queues(redrive=False, KmsMasterKeyId="alias/aws/sqs", KmsDataKeyReusePeriodSeconds=600)) == "CREATE_COMPLETE"
    attributes = queue_attributes(aws, physical(aws)["Main"])
    assert attributes["KmsMasterKeyId"] == "alias/aws/sqs"
    assert attributes["KmsDataKeyReusePeriodSeconds"] == "600"
    assert attributes["SqsManagedSseEnabled"] == "false"


def test_fifo_queue_gets_a_generated_name_ending_in_fifo(aws):
    assert create(aws, queues(redrive=False, FifoQueue=True, ContentBasedDeduplication=True)) == "CREATE_COMPLETE"
    url = physical(aws)["Main"]
    assert url.endswith(".fifo")
    attributes = queue_attributes(aws, url)
    assert (attributes["FifoQueue"], attributes["ContentBasedDeduplication"]) == ("true", "true")


def test_a_queue_name_in_use_fails_the_create(aws):
    aws.sqs.create_queue(QueueName="taken")
    status = create(aws, queues(redrive=False, QueueName="taken"))
    assert status.startswith("ROLLBACK_COMPLETE: Main"), status
    assert "already exists" in status and "HandlerErrorCode: AlreadyExists" in status


def test_unemulated_properties_fail_instead_of_being_dropped(aws):
    status = create(aws, queues(redrive=False, RedriveAllowPolicy={"redrivePermission": "denyAll"}))
    assert status.startswith("ROLLBACK_COMPLETE: Main"), status
    assert "Property RedriveAllowPolicy of AWS::SQS::Queue is not emulated" in status


# --- DynamoDB -----------------------------------------------------------------


def table(**extra: Any) -> dict[str, Any]:
    props = {
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        **extra,
    }
    return {
        "Resources": {"Table": {"Type": "AWS::DynamoDB::Table", "Properties": props}},
        "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Table", "Arn"]}}},
    }


def test_table_update_keeps_name_and_items(aws):
    first = table(
        BillingMode="PAY_PER_REQUEST",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        SSESpecification={"SSEEnabled": True},
        TimeToLiveSpecification={"AttributeName": "expires", "Enabled": True},
        Tags=[{"Key": "a", "Value": "1"}],
    )
    assert create(aws, first) == "CREATE_COMPLETE"
    name = physical(aws)["Table"]
    ddb = aws.dynamodb
    ddb.put_item(TableName=name, Item={"id": {"S": "kept"}})
    assert ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "expires"
    }

    second = table(
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 3},
        Tags=[{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "3"}],
    )
    assert update(aws, second) == "UPDATE_COMPLETE"
    assert physical(aws)["Table"] == name
    assert ddb.get_item(TableName=name, Key={"id": {"S": "kept"}})["Item"] == {"id": {"S": "kept"}}
    described = ddb.describe_table(TableName=name)["Table"]
    assert described["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert (described["ProvisionedThroughput"]["ReadCapacityUnits"], described["ProvisionedThroughput"]["WriteCapacityUnits"]) == (2, 3)
    assert "SSEDescription" not in described
    backups = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    assert ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]["TimeToLiveStatus"] == "DISABLED"
    tags = ddb.list_tags_of_resource(ResourceArn=described["TableArn"])["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("a", "2"), ("b", "3")]
    assert outputs(aws, "t") == {"Arn": described["TableArn"]}


def test_a_changed_key_schema_replaces_the_table(aws):
    assert create(aws, table(BillingMode="PAY_PER_REQUEST")) == "CREATE_COMPLETE"
    old = physical(aws)["Table"]
    changed = table(BillingMode="PAY_PER_REQUEST")
    props = changed["Resources"]["Table"]["Properties"]
    props["AttributeDefinitions"] = [{"AttributeName": "pk", "AttributeType": "S"}]
    props["KeySchema"] = [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert update(aws, changed) == "UPDATE_COMPLETE"
    new = physical(aws)["Table"]
    assert new != old
    assert aws.dynamodb.list_tables()["TableNames"] == [new]


def test_provisioned_table_without_throughput_fails(aws):
    status = create(aws, table())
    assert status.startswith("ROLLBACK_COMPLETE: Table"), status
    assert "No provisioned throughput specified for the table" in status


# --- SNS ----------------------------------------------------------------------


def topic(display: str, endpoints: list[str], tags: dict[str, str]) -> dict[str, Any]:
    return {
        "Resources": {
            "Topic": {
                "Type": "AWS::SNS::Topic",
                "Properties": {
                    "DisplayName": display,
                    "KmsMasterKeyId": "alias/aws/sns",
                    "Subscription": [{"Protocol": "email", "Endpoint": e} for e in endpoints],
                    "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
                },
            }
        },
        "Outputs": {"Name": {"Value": {"Fn::GetAtt": ["Topic", "TopicName"]}}},
    }


def test_topic_update_keeps_the_arn_and_moves_subscriptions(aws):
    assert create(aws, topic("one", ["a@example.com", "b@example.com"], {"x": "1"})) == "CREATE_COMPLETE"
    arn = physical(aws)["Topic"]
    assert outputs(aws, "t") == {"Name": arn.rsplit(":", 1)[1]}
    sns = aws.sns

    def endpoints() -> list[str]:
        return sorted(s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"])

    assert endpoints() == ["a@example.com", "b@example.com"]
    assert update(aws, topic("two", ["b@example.com", "c@example.com"], {"y": "2"})) == "UPDATE_COMPLETE"
    assert physical(aws)["Topic"] == arn
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert (attributes["DisplayName"], attributes["KmsMasterKeyId"]) == ("two", "alias/aws/sns")
    assert endpoints() == ["b@example.com", "c@example.com"]
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "y", "Value": "2"}]


# --- CloudWatch ---------------------------------------------------------------


def alarm(**extra: Any) -> dict[str, Any]:
    props = {
        "AlarmName": "errors",
        "Namespace": "AWS/Lambda",
        "MetricName": "Errors",
        "Dimensions": [{"Name": "FunctionName", "Value": "f"}],
        "Statistic": "Sum",
        "Period": 60,
        "EvaluationPeriods": 1,
        "Threshold": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "Tags": [{"Key": "team", "Value": "ops"}],
        **extra,
    }
    return {
        "Resources": {"Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": props}},
        "Outputs": {"Name": {"Value": {"Ref": "Alarm"}}, "Arn": {"Value": {"Fn::GetAtt": ["Alarm", "Arn"]}}},
    }


def test_alarm_ref_arn_tags_and_update(aws):
    assert create(aws, alarm()) == "CREATE_COMPLETE"
    arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors"
    assert outputs(aws, "t") == {"Name": "errors", "Arn": arn}
    cloudwatch = aws.cloudwatch
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "ops"}]

    assert update(aws, alarm(Threshold=5, Tags=[], ActionsEnabled=False)) == "UPDATE_COMPLETE"
    got = cloudwatch.describe_alarms(AlarmNames=["errors"])["MetricAlarms"][0]
    assert (got["Threshold"], got["ActionsEnabled"]) == (5.0, False)
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == []

    aws.cloudformation.delete_stack(StackName="t")
    assert cloudwatch.describe_alarms()["MetricAlarms"] == []


def test_alarm_with_two_statistics_fails(aws):
    status = create(aws, alarm(ExtendedStatistic="p99"))
    assert status.startswith("ROLLBACK_COMPLETE: Alarm"), status
    assert "Exactly one of Statistic and ExtendedStatistic" in status


# --- Lambda event source mapping ----------------------------------------------


def mapping(**extra: Any) -> dict[str, Any]:
    return {
        "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 60}},
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": TRUST}},
            "Function": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "provided.al2023",
                    "Handler": "bootstrap",
                    "Timeout": 30,
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {"S3Bucket": "code", "S3Key": "f.zip"},
                },
            },
            "Mapping": {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": {
                    "EventSourceArn": {"Fn::GetAtt": ["Queue", "Arn"]},
                    "FunctionName": {"Fn::GetAtt": ["Function", "Arn"]},
                    **extra,
                },
            },
        },
        "Outputs": {"Id": {"Value": {"Ref": "Mapping"}}, "MappingArn": {"Value": {"Fn::GetAtt": ["Mapping", "EventSourceMappingArn"]}}},
    }


def test_mapping_update_clears_what_the_template_drops(aws):
    aws.s3.create_bucket(Bucket="code")
    aws.s3.put_object(Bucket="code", Key="f.zip", Body=lambda_zip())
    assert create(aws, mapping(FunctionResponseTypes=["ReportBatchItemFailures"], BatchSize=5)) == "CREATE_COMPLETE"
    uuid = physical(aws)["Mapping"]
    assert outputs(aws, "t") == {
        "Id": uuid,
        "MappingArn": f"arn:aws:lambda:us-east-1:123456789012:event-source-mapping:{uuid}",
    }
    lam = getattr(aws, "lambda")
    assert lam.get_event_source_mapping(UUID=uuid)["FunctionResponseTypes"] == ["ReportBatchItemFailures"]

    assert update(aws, mapping(Enabled=False)) == "UPDATE_COMPLETE"
    got = lam.get_event_source_mapping(UUID=uuid)
    assert got["State"] == "Disabled"
    assert got["BatchSize"] == 10  # Lambda's default for SQS
    assert "FunctionResponseTypes" not in got

    aws.cloudformation.delete_stack(StackName="t")
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []


def test_a_second_mapping_of_the_same_queue_and_function_fails(aws):
    aws.s3.create_bucket(Bucket="code")
    aws.s3.put_object(Bucket="code", Key="f.zip", Body=lambda_zip())
    template = mapping()
    template["Resources"]["Again"] = {
        "Type": "AWS::Lambda::EventSourceMapping",
        "DependsOn": "Mapping",
        "Properties": template["Resources"]["Mapping"]["Properties"],
    }
    status = create(aws, template)
    assert status.startswith("ROLLBACK_COMPLETE: Again"), status
    assert "already exists" in status and "ResourceConflictException" in status
    assert getattr(aws, "lambda").list_event_source_mappings()["EventSourceMappings"] == []
