"""Test faults: make the next operations on one stack resource fail.

Some stack states have no real cause on this endpoint: a rollback that
fails (UPDATE_ROLLBACK_FAILED) needs a service that refuses to put a
resource back.  Tests arm a fault through an admin route (not an AWS API):

    POST   /moto-api/cicd/test-faults   {"stackName": "app", "logicalId": "Logs",
                                         "operation": "UPDATE", "after": 1, "times": 1}
    GET    /moto-api/cicd/test-faults   the faults still armed
    DELETE /moto-api/cicd/test-faults   disarm all

`operation` is CREATE, UPDATE or DELETE; each matching operation on that
resource fails with error code `TestFault` until `times` are used up;
`after` (default 0) lets that many matching operations succeed first, so
an update can go through and its rollback fail.
Nothing is armed by default.  Faults live on the CloudFormation backend of
their account and region (`accountId`, `region` in the body, defaults
123456789012 / us-east-1), so `POST /moto-api/reset` clears them too."""

from __future__ import annotations

import json
from typing import Any

from moto.cloudformation.models import cloudformation_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_api._internal import urls as moto_api_urls

from ..resources.base import HandlerError
from ..routes import request_body

PATH = "{0}/moto-api/cicd/test-faults"
OPERATIONS = ("CREATE", "UPDATE", "DELETE")


def _armed(backend: Any) -> dict[tuple[str, str, str], list[int]]:
    if not hasattr(backend, "_cicd_test_faults"):
        backend._cicd_test_faults = {}
    return backend._cicd_test_faults


def check(stack: Any, logical_id: str, operation: str) -> None:
    """Raises the armed fault for this operation, if any, and uses it up."""
    backend = cloudformation_backends[stack.account_id][stack.region_name]
    armed = _armed(backend)
    counts = armed.get((stack.name, logical_id, operation))
    if counts is None:
        return
    if counts[0] > 0:  # still letting operations through
        counts[0] -= 1
        return
    counts[1] -= 1
    if counts[1] <= 0:
        armed.pop((stack.name, logical_id, operation))
    raise HandlerError(
        "TestFault",
        f"test fault armed through /moto-api/cicd/test-faults: {operation} of {logical_id} fails",
    )


def _route(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    json_headers = {"Content-Type": "application/json"}
    raw = request_body(request, headers)
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return 400, json_headers, json.dumps({"Error": "the body must be JSON"})
    account = body.get("accountId", DEFAULT_ACCOUNT_ID)
    region = body.get("region", "us-east-1")
    armed = _armed(cloudformation_backends[account][region])
    if request.method == "GET":
        listed = [
            {"stackName": s, "logicalId": r, "operation": o, "after": after, "times": times}
            for (s, r, o), (after, times) in sorted(armed.items())
        ]
        return 200, json_headers, json.dumps({"faults": listed})
    if request.method == "DELETE":
        armed.clear()
        return 200, json_headers, json.dumps({"faults": []})
    if request.method != "POST":
        return 405, json_headers, json.dumps({"Error": "GET, POST or DELETE"})
    operation = str(body.get("operation", "")).upper()
    stack_name, logical_id = body.get("stackName"), body.get("logicalId")
    times, after = body.get("times", 1), body.get("after", 0)
    if operation not in OPERATIONS or not stack_name or not logical_id:
        return 400, json_headers, json.dumps(
            {"Error": "give stackName, logicalId and operation (CREATE, UPDATE or DELETE)"}
        )
    if not isinstance(times, int) or times < 1 or not isinstance(after, int) or after < 0:
        return 400, json_headers, json.dumps({"Error": "times must be a whole number >= 1, after >= 0"})
    armed[(stack_name, logical_id, operation)] = [after, times]
    return 200, json_headers, json.dumps({"armed": body})


def apply() -> None:
    moto_api_urls.url_paths[PATH] = _route
