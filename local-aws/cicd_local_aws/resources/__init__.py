"""Resource handlers by CloudFormation type.  Types not listed here fall back
to moto's own CloudFormation models."""

from .base import ResourceHandler
from .codebuild_project import ProjectHandler
from .codepipeline_pipeline import PipelineHandler
from .ecr_repository import RepositoryHandler
from .events_rule import RuleHandler
from .iam_policy import PolicyHandler
from .iam_role import RoleHandler
from .lambda_function import FunctionHandler
from .logs_log_group import LogGroupHandler
from .s3_bucket import BucketHandler
from .s3_bucket_policy import BucketPolicyHandler

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
    )
}
