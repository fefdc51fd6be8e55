"""Drift readers by CloudFormation type.  A type without one is reported
NOT_CHECKED, as CloudFormation reports types that do not support drift
detection."""

from .base import DriftReader
from .compute import FunctionReader, PipelineReader, ProjectReader, RuleReader
from .identity import RoleReader
from .storage import BucketReader, LogGroupReader, RepositoryReader

READERS: dict[str, DriftReader] = {
    r.type_name: r
    for r in (
        BucketReader(),
        RepositoryReader(),
        LogGroupReader(),
        RoleReader(),
        FunctionReader(),
        ProjectReader(),
        PipelineReader(),
        RuleReader(),
    )
}
