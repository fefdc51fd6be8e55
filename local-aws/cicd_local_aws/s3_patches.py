"""Three S3 behaviours the pipeline depends on.

- GetBucketNotificationConfiguration reports EventBridgeConfiguration when
  it is on (moto stores it but leaves it out of the response).
- Bucket policies are evaluated as for a request that arrived over TLS:
  the local endpoint speaks plain HTTP in place of AWS's HTTPS endpoints, so
  the usual "deny unless aws:SecureTransport" statement must not lock every
  client out.  moto otherwise applies such a Deny to every object write.
- GetBucketVersioning answers with AWS's root element
  `<VersioningConfiguration>`; moto's model lacks the wrapper name it has
  for GetBucketTagging and the like, so it answers
  `<GetBucketVersioningResponse>`, which the Rust SDK refuses."""

from __future__ import annotations

import json
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import get_service_model
from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.s3.models import FakeBucket
from moto.s3.responses import S3Response

_original_get_notification = S3Response.get_bucket_notification


def _get_bucket_notification(self: Any) -> Any:
    config = self.backend.get_bucket_notification_configuration(self.bucket_name)
    if config is None or config.event_bridge is None:
        return _original_get_notification(self)
    original_serialized = self.serialized

    def serialized(result: Any) -> Any:
        if isinstance(result, ActionResult) and isinstance(result.result, dict):
            result = ActionResult({**result.result, "EventBridgeConfiguration": {}})
        return original_serialized(result)

    self.serialized = serialized
    try:
        return _original_get_notification(self)
    finally:
        del self.serialized


def _as_tls_request(statement: dict[str, Any]) -> dict[str, Any] | None:
    """The statement as it applies to a TLS request: None when its
    aws:SecureTransport condition does not hold, without the condition when
    it does.  (moto treats any unmet condition as an explicit Deny, even in a
    Deny statement, so the condition cannot be left to it.)"""
    condition = statement.get("Condition")
    if not condition or set(condition) != {"Bool"} or set(condition["Bool"]) != {"aws:SecureTransport"}:
        return statement
    expected = condition["Bool"]["aws:SecureTransport"]
    values = expected if isinstance(expected, list) else [expected]
    if "true" not in [str(v).lower() for v in values]:
        return None
    return {k: v for k, v in statement.items() if k != "Condition"}


def _get_permission(self: Any, action: str, resource: str) -> Any:
    if self.policy is None:
        return PermissionResult.NEUTRAL
    document = json.loads(self.policy.decode())
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    applicable = [s for s in (_as_tls_request(s) for s in statements) if s is not None]
    if not applicable:
        return PermissionResult.NEUTRAL
    policy = IAMPolicy(json.dumps({**document, "Statement": applicable}))
    return policy.is_action_permitted(action, resource)


def _name_versioning_root() -> None:
    # moto's serializer roots an S3 answer at the output shape's
    # `resultWrapper` when it has one; the shape dict is shared by the cached
    # service model every S3 response is serialized with.
    shape = get_service_model("s3").shape_for("GetBucketVersioningOutput")
    shape._shape_model["resultWrapper"] = "VersioningConfiguration"


def apply() -> None:
    _name_versioning_root()
    S3Response.get_bucket_notification = _get_bucket_notification
    FakeBucket.get_permission = _get_permission
