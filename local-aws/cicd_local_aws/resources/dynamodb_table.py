"""AWS::DynamoDB::Table with server-side encryption, point-in-time
recovery, time to live, streams, deletion protection and tags, on create
and on update.

moto 5.2.5's own model drops PointInTimeRecoverySpecification and
TimeToLiveSpecification, passes SSESpecification through in CloudFormation's
spelling (`SSEEnabled`) where its table reads the API's (`Enabled`), so
DescribeTable shows no SSEDescription, and has no update: the engine would
replace the table, with a new name and none of its items."""

from __future__ import annotations

import copy
from collections.abc import Container
from typing import Any

from moto.dynamodb.models import dynamodb_backends

from .base import Context, HandlerError, Naming, Provisioned, ResourceHandler, as_bool, delete_if_present, deleted_on_failure
from ..tags import removed_keys, tag_dict, tag_list


def _backend(ctx: Context) -> Any:
    return dynamodb_backends[ctx.account_id][ctx.region]


def sse_to_api(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    """CloudFormation's SSESpecification in the DynamoDB API's shape.
    Disabled (or absent) means the AWS owned key, which DescribeTable does
    not report."""
    if not spec or not as_bool(spec.get("SSEEnabled", False)):
        return None
    api: dict[str, Any] = {"Enabled": True, "SSEType": spec.get("SSEType", "KMS")}
    if spec.get("KMSMasterKeyId"):
        api["KMSMasterKeyId"] = spec["KMSMasterKeyId"]
    return api


def stream_to_api(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    if not spec or not spec.get("StreamViewType"):
        return None
    return {"StreamEnabled": True, "StreamViewType": spec["StreamViewType"]}


def pitr_to_api(spec: dict[str, Any] | None) -> dict[str, Any]:
    spec = spec or {}
    api: dict[str, Any] = {"PointInTimeRecoveryEnabled": as_bool(spec.get("PointInTimeRecoveryEnabled", False))}
    if "RecoveryPeriodInDays" in spec:
        api["RecoveryPeriodInDays"] = int(spec["RecoveryPeriodInDays"])
    return api


def _throughput(props: dict[str, Any]) -> dict[str, int] | None:
    given = props.get("ProvisionedThroughput")
    if not given:
        return None
    return {key: int(given[key]) for key in ("ReadCapacityUnits", "WriteCapacityUnits")}


def _billing_mode(props: dict[str, Any]) -> str:
    return "PAY_PER_REQUEST" if props.get("BillingMode") == "PAY_PER_REQUEST" else "PROVISIONED"


class TableHandler(ResourceHandler):
    type_name = "AWS::DynamoDB::Table"
    naming = Naming("TableName", max_len=255)
    replacement_properties = ("KeySchema", "LocalSecondaryIndexes")
    supported = frozenset(
        {
            "TableName",
            "AttributeDefinitions",
            "KeySchema",
            "BillingMode",
            "ProvisionedThroughput",
            "GlobalSecondaryIndexes",
            "LocalSecondaryIndexes",
            "StreamSpecification",
            "SSESpecification",
            "PointInTimeRecoverySpecification",
            "TimeToLiveSpecification",
            "DeletionProtectionEnabled",
            "Tags",
        }
    )

    def existing_names(self, ctx: Context) -> Container[str]:
        return _backend(ctx).tables

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        backend = _backend(ctx)
        billing_mode = _billing_mode(props)
        if billing_mode == "PROVISIONED" and not props.get("ProvisionedThroughput"):
            raise HandlerError(
                "ValidationException",
                "No provisioned throughput specified for the table",
            )
        table = backend.create_table(
            name=name,
            schema=copy.deepcopy(props["KeySchema"]),
            throughput=_throughput(props),
            attr=copy.deepcopy(props.get("AttributeDefinitions") or []),
            global_indexes=copy.deepcopy(props.get("GlobalSecondaryIndexes") or []),
            indexes=copy.deepcopy(props.get("LocalSecondaryIndexes") or []),
            streams=stream_to_api(props.get("StreamSpecification")),
            billing_mode=billing_mode,
            sse_specification=sse_to_api(props.get("SSESpecification")),
            tags=tag_list(tag_dict(props.get("Tags"))),
            deletion_protection_enabled=as_bool(props.get("DeletionProtectionEnabled", False)),
            warm_throughput=None,
        )
        with deleted_on_failure(lambda: self._force_delete(backend, table)):
            self._apply_settings(ctx, name, props, previous={})
        return self.provisioned(ctx, name, props, self._attributes(table))

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        self.check_supported(props)
        backend = _backend(ctx)
        name = current.physical_resource_id
        old = current.properties
        if (old.get("GlobalSecondaryIndexes") or []) != (props.get("GlobalSecondaryIndexes") or []):
            raise HandlerError(
                "NotImplemented",
                "Updating GlobalSecondaryIndexes of AWS::DynamoDB::Table is not emulated by the local endpoint",
            )
        billing_mode = _billing_mode(props)
        table = backend.update_table(
            name=name,
            attr_definitions=copy.deepcopy(props.get("AttributeDefinitions") or []),
            global_index=[],
            throughput=None,
            billing_mode=billing_mode,
            stream_spec=None,
            deletion_protection_enabled=as_bool(props.get("DeletionProtectionEnabled", False)),
            warm_throughput=None,
        )
        throughput = _throughput(props)
        table.throughput = dict(throughput or {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}, NumberOfDecreasesToday=0)
        new_stream, old_stream = stream_to_api(props.get("StreamSpecification")), stream_to_api(old.get("StreamSpecification"))
        if new_stream != old_stream:
            if old_stream:
                table.set_stream_specification({"StreamEnabled": False})
                table.latest_stream_label = None
                table.stream_shard = None
            if new_stream:
                table.set_stream_specification(new_stream)
        new_sse = sse_to_api(props.get("SSESpecification"))
        if new_sse != sse_to_api(old.get("SSESpecification")):
            if new_sse and "KMSMasterKeyId" not in new_sse:
                new_sse["KMSMasterKeyId"] = table._get_default_encryption_key(ctx.account_id, ctx.region)
            table.sse_specification = new_sse
        self._apply_settings(ctx, name, props, previous=old)
        # Not `sync_tags`: moto's TagResource appends to the table's tag list,
        # so a changed value is untagged first and unchanged tags are left be.
        old_tags, new_tags = tag_dict(old.get("Tags")), tag_dict(props.get("Tags"))
        stale = removed_keys(old_tags, new_tags) + [k for k in new_tags if k in old_tags and old_tags[k] != new_tags[k]]
        if stale:
            backend.untag_resource(table.table_arn, stale)
        added = {k: v for k, v in new_tags.items() if old_tags.get(k) != v}
        if added:
            backend.tag_resource(table.table_arn, added)
        return self.provisioned(ctx, name, props, self._attributes(table))

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        # Deletion protection makes this fail, as on AWS.
        delete_if_present(backend.tables, current.physical_resource_id, backend.delete_table)

    @staticmethod
    def _force_delete(backend: Any, table: Any) -> None:
        """Deletes a table whose create failed half-way, deletion protection
        or not."""
        table.deletion_protection_enabled = False
        backend.delete_table(table.name)

    @staticmethod
    def _apply_settings(ctx: Context, name: str, props: dict[str, Any], previous: dict[str, Any]) -> None:
        backend = _backend(ctx)
        pitr = props.get("PointInTimeRecoverySpecification")
        if pitr is not None or previous.get("PointInTimeRecoverySpecification") is not None:
            backend.update_continuous_backups(name, pitr_to_api(pitr))
        ttl = props.get("TimeToLiveSpecification")
        old_ttl = previous.get("TimeToLiveSpecification")
        if ttl:
            backend.update_time_to_live(
                name, {"Enabled": as_bool(ttl.get("Enabled", False)), "AttributeName": ttl.get("AttributeName", "")}
            )
        elif old_ttl:
            backend.update_time_to_live(name, {"Enabled": False, "AttributeName": old_ttl.get("AttributeName", "")})

    @staticmethod
    def _attributes(table: Any) -> dict[str, Any]:
        attributes = {"Arn": table.table_arn}
        if table.latest_stream_label:
            attributes["StreamArn"] = f"{table.table_arn}/stream/{table.latest_stream_label}"
        return attributes
