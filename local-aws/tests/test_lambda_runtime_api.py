"""The Lambda Runtime API one execution environment talks to: events go
out on `invocation/next`, results and errors come back by request id."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from cicd_local_aws.lambda_runtime.runtime_api import RuntimeApi, error_of


@pytest.fixture
def api():
    server = RuntimeApi("arn:aws:lambda:us-east-1:123456789012:function:f")
    yield server
    server.close()


def call(api: RuntimeApi, method: str, path: str, body: dict | None = None, headers: dict | None = None):
    request = urllib.request.Request(
        f"http://{api.address}/2018-06-01/runtime/{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers=headers or {},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_next_hands_out_the_event_with_lambdas_headers_and_response_completes_it(api):
    invocation = api.submit(json.dumps({"CodePipeline.job": {"id": "j"}}).encode(), timeout_seconds=60)
    status, headers, body = call(api, "GET", "invocation/next")
    assert status == 200
    assert json.loads(body) == {"CodePipeline.job": {"id": "j"}}
    assert headers["Lambda-Runtime-Aws-Request-Id"] == invocation.request_id
    assert headers["Lambda-Runtime-Invoked-Function-Arn"] == "arn:aws:lambda:us-east-1:123456789012:function:f"
    assert int(headers["Lambda-Runtime-Deadline-Ms"]) == invocation.deadline_ms
    assert headers["Lambda-Runtime-Trace-Id"].startswith("Root=1-")
    assert not invocation.done.is_set()

    status, _, _ = call(api, "POST", f"invocation/{invocation.request_id}/response", {"status": "Succeeded"})
    assert status == 202
    assert invocation.done.is_set() and invocation.kind == "response"
    assert json.loads(invocation.body) == {"status": "Succeeded"}
    # An invocation takes one answer.
    status, _, body = call(api, "POST", f"invocation/{invocation.request_id}/response", {})
    assert status == 400 and json.loads(body)["errorType"] == "InvalidRequestID"


def test_error_carries_the_error_type_and_message(api):
    invocation = api.submit(b"{}", timeout_seconds=60)
    call(api, "GET", "invocation/next")
    status, _, _ = call(
        api, "POST", f"invocation/{invocation.request_id}/error",
        {"errorType": "JobFailed", "errorMessage": "no image"},
        {"Lambda-Runtime-Function-Error-Type": "Unhandled"},
    )
    assert status == 202
    assert invocation.kind == "error"
    assert error_of(invocation) == {"errorType": "JobFailed", "errorMessage": "no image"}


def test_init_error_and_unknown_routes(api):
    status, _, _ = call(api, "POST", "init/error", {"errorMessage": "missing REPOSITORY_NAME"},
                        {"Lambda-Runtime-Function-Error-Type": "Runtime.Init"})
    assert status == 202
    assert api.init_failed.is_set()
    assert api.init_error == {"errorMessage": "missing REPOSITORY_NAME", "errorType": "Runtime.Init"}
    assert call(api, "POST", "invocation/not-an-id/response", {})[0] == 400
    assert call(api, "GET", "invocation/other")[0] == 404
