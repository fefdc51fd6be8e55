"""Resource handlers by CloudFormation type.  Types not listed here fall back
to moto's own CloudFormation models."""

from .base import ResourceHandler
from .cloudwatch_alarm import AlarmHandler
from .codebuild_project import ProjectHandler
from .dynamodb_table import TableHandler
from .codepipeline_pipeline import PipelineHandler
from .ecr_repository import RepositoryHandler
from .events_rule import RuleHandler
from .iam_policy import PolicyHandler
from .iam_role import RoleHandler
from .lambda_event_source_mapping import EventSourceMappingHandler
from .lambda_function import FunctionHandler
from .logs_log_group import LogGroupHandler
from .s3_bucket import BucketHandler
from .s3_bucket_policy import BucketPolicyHandler
from .sns_topic import TopicHandler
from .sqs_queue import QueueHandler

HANDLERS: dict[str, ResourceHandler] = {
    h.type_name: h
    for h in (
        BucketHandler(),
        BucketPolicyHandler(),
        RepositoryHandler(),
        LogGroupHandler(),
        RoleHandler(),
        PolicyHandler(),
        FunctionHandler(),
        ProjectHandler(),
        PipelineHandler(),
        RuleHandler(),
        QueueHandler(),
        TableHandler(),
        TopicHandler(),
        AlarmHandler(),
        EventSourceMappingHandler(),
    )
}
