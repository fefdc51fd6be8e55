"""The runtime of `python3.*` functions on the local endpoint: a Runtime API
client, run as a script by this endpoint's Python in the function's code
directory.  It imports `_HANDLER` (`module.function`, as Lambda does from
`LAMBDA_TASK_ROOT`) and hands each event to it; an import failure is an init
error, an exception an invocation error, as Lambda reports them."""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
import urllib.request
from typing import Any

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"


class Context:
    """The parts of Lambda's context object handlers commonly read."""

    def __init__(self, request_id: str, deadline_ms: int, function_arn: str):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


def _post(path: str, body: Any, error_type: str | None = None) -> None:
    request = urllib.request.Request(API + path, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if error_type:
        request.add_header("Lambda-Runtime-Function-Error-Type", error_type)
    urllib.request.urlopen(request, timeout=30).read()


def _error(err: BaseException) -> dict[str, Any]:
    return {
        "errorType": type(err).__name__,
        "errorMessage": str(err),
        "stackTrace": traceback.format_tb(err.__traceback__),
    }


def _load_handler() -> Any:
    module_name, _, function_name = os.environ.get("_HANDLER", "").rpartition(".")
    if not module_name or not function_name:
        raise ValueError(f"Bad handler '{os.environ.get('_HANDLER', '')}': expected module.function")
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    module = importlib.import_module(module_name.replace("/", "."))
    return getattr(module, function_name)


def main() -> None:
    try:
        handler = _load_handler()
    except Exception as err:  # noqa: BLE001 - every import failure is an init error
        _post("/init/error", {**_error(err), "errorType": "Runtime.ImportModuleError"}, "Runtime.ImportModuleError")
        sys.exit(1)
    while True:
        with urllib.request.urlopen(API + "/invocation/next", timeout=None) as response:
            event = json.loads(response.read() or b"null")
            request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
            deadline = int(response.headers.get("Lambda-Runtime-Deadline-Ms") or 0)
            arn = response.headers.get("Lambda-Runtime-Invoked-Function-Arn", "")
        try:
            result = handler(event, Context(request_id, deadline, arn))
        except Exception as err:  # noqa: BLE001 - reported to the caller as Lambda does
            traceback.print_exc()
            _post(f"/invocation/{request_id}/error", _error(err), "Unhandled")
            continue
        _post(f"/invocation/{request_id}/response", result)


if __name__ == "__main__":
    main()
