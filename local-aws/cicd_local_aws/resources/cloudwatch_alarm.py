"""AWS::CloudWatch::Alarm, a metric alarm put through CloudWatch's backend so
DescribeAlarms reads back its metric, dimensions, statistic, thresholds,
actions and tags.

moto 5.2.5 has no CloudFormation model for this type: a template with an
alarm is rejected ("Unrecognized resource types").  An update puts the
alarm again under the same name, keeping its state; `Ref` is the alarm
name and `Fn::GetAtt Arn` its ARN, as on AWS.  Alarms are never evaluated
(no metric data arrives), so they stay in their initial state."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat, cloudwatch_backends

from .base import Context, HandlerError, Naming, Provisioned, ResourceHandler, as_bool
from ..tags import sync_tags, tag_dict, tag_list


def _backend(ctx: Context) -> Any:
    return cloudwatch_backends[ctx.account_id][ctx.region]


def _queries(metrics: list[dict[str, Any]] | None) -> list[MetricDataQuery] | None:
    """`Metrics` (metric math) in moto's model, as its PutMetricAlarm
    handler builds it."""
    if not metrics:
        return None
    queries = []
    for metric in metrics:
        stat = metric.get("MetricStat")
        metric_stat = None
        if stat:
            inner = stat.get("Metric") or {}
            metric_stat = MetricStat(
                metric=Metric(
                    metric_name=inner.get("MetricName"),
                    namespace=inner.get("Namespace"),
                    dimensions=[Dimension(d.get("Name"), d.get("Value")) for d in inner.get("Dimensions") or []],
                ),
                period=stat.get("Period"),
                stat=stat.get("Stat"),
                unit=stat.get("Unit"),
            )
        queries.append(
            MetricDataQuery(
                query_id=metric.get("Id"),
                label=metric.get("Label"),
                period=metric.get("Period"),
                return_data=metric.get("ReturnData"),
                expression=metric.get("Expression"),
                metric_stat=metric_stat,
            )
        )
    return queries


def check(props: dict[str, Any]) -> None:
    """The checks PutMetricAlarm makes that a template can get wrong."""
    for required in ("ComparisonOperator", "EvaluationPeriods"):
        if props.get(required) in (None, ""):
            raise HandlerError("ValidationError", f"Property {required} cannot be empty.")
    if props.get("Metrics"):
        clash = [p for p in ("MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period", "Unit") if p in props]
        if clash:
            raise HandlerError(
                "ValidationError",
                f"The parameters Metrics and {clash[0]} are mutually exclusive and you have specified both.",
            )
        return
    if not props.get("MetricName") or not props.get("Namespace"):
        raise HandlerError("ValidationError", "A metric alarm needs MetricName and Namespace, or Metrics.")
    if ("Statistic" in props) == ("ExtendedStatistic" in props):
        raise HandlerError(
            "ValidationError", "Exactly one of Statistic and ExtendedStatistic must be given."
        )
    if "Period" not in props:
        raise HandlerError("ValidationError", "Period must be specified for a metric alarm.")
    if "Threshold" not in props and "ThresholdMetricId" not in props:
        raise HandlerError("ValidationError", "Threshold must be specified.")


class AlarmHandler(ResourceHandler):
    type_name = "AWS::CloudWatch::Alarm"
    naming = Naming("AlarmName", max_len=255)
    supported = frozenset(
        {
            "AlarmName",
            "AlarmDescription",
            "ActionsEnabled",
            "AlarmActions",
            "OKActions",
            "InsufficientDataActions",
            "ComparisonOperator",
            "DatapointsToAlarm",
            "Dimensions",
            "EvaluateLowSampleCountPercentile",
            "EvaluationPeriods",
            "ExtendedStatistic",
            "MetricName",
            "Metrics",
            "Namespace",
            "Period",
            "Statistic",
            "Threshold",
            "ThresholdMetricId",
            "TreatMissingData",
            "Unit",
            "Tags",
        }
    )

    def validate(self, props: dict[str, Any]) -> None:
        check(props)

    def existing_names(self, ctx: Context) -> Container[str]:
        return _backend(ctx).alarms

    def create_named(self, ctx: Context, name: str, props: dict[str, Any]) -> Provisioned:
        alarm = self._put(ctx, name, props, tags=tag_list(tag_dict(props.get("Tags"))))
        # A new alarm has no data yet (moto starts it OK).
        alarm.state_value = "INSUFFICIENT_DATA"
        return self.provisioned(ctx, name, props, {"Arn": alarm.alarm_arn})

    def update(self, ctx: Context, current: Provisioned, props: dict[str, Any]) -> Provisioned:
        self.check_supported(props)
        check(props)
        backend = _backend(ctx)
        name = current.physical_resource_id
        before = backend.alarms.get(name)
        alarm = self._put(ctx, name, props, tags=None)
        if before is not None:
            # PutMetricAlarm on an existing alarm changes its configuration,
            # not its state or history.
            for kept in ("state_value", "state_reason", "state_reason_data", "state_updated_timestamp", "history"):
                setattr(alarm, kept, getattr(before, kept))
        sync_tags(
            current.properties.get("Tags"),
            props.get("Tags"),
            untag=lambda keys: backend.untag_resource(alarm.alarm_arn, keys),
            tag=lambda tags: backend.tag_resource(alarm.alarm_arn, tags),
        )
        return self.provisioned(ctx, name, props, {"Arn": alarm.alarm_arn})

    def delete(self, ctx: Context, current: Provisioned) -> None:
        backend = _backend(ctx)
        alarm = backend.alarms.get(current.physical_resource_id)
        if alarm is None:
            return
        backend.delete_alarms([current.physical_resource_id])
        backend.tagger.delete_all_tags_for_resource(alarm.alarm_arn)

    @staticmethod
    def _put(ctx: Context, name: str, props: dict[str, Any], tags: list[dict[str, str]] | None) -> Any:
        def number(key: str, kind: type) -> Any:
            return kind(props[key]) if props.get(key) is not None else None

        return _backend(ctx).put_metric_alarm(
            name=name,
            namespace=props.get("Namespace"),
            metric_name=props.get("MetricName"),
            metric_data_queries=_queries(props.get("Metrics")),
            comparison_operator=props["ComparisonOperator"],
            evaluation_periods=int(props["EvaluationPeriods"]),
            datapoints_to_alarm=number("DatapointsToAlarm", int),
            period=number("Period", int),
            threshold=number("Threshold", float),
            statistic=props.get("Statistic"),
            extended_statistic=props.get("ExtendedStatistic"),
            description=props.get("AlarmDescription"),
            dimensions=[{"Name": d["Name"], "Value": str(d["Value"])} for d in props.get("Dimensions") or []],
            alarm_actions=list(props.get("AlarmActions") or []),
            ok_actions=list(props.get("OKActions") or []),
            insufficient_data_actions=list(props.get("InsufficientDataActions") or []),
            unit=props.get("Unit"),
            actions_enabled=as_bool(props.get("ActionsEnabled", True)),
            treat_missing_data=props.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=props.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=props.get("ThresholdMetricId"),
            tags=tags,
        )
