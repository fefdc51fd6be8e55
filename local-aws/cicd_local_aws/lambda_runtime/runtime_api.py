"""The Lambda Runtime API, as one execution environment sees it at
`http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/...`:

- `GET  invocation/next`: the next event (blocks until there is one), with
  `Lambda-Runtime-Aws-Request-Id`, `-Deadline-Ms`, `-Invoked-Function-Arn`
  and `-Trace-Id` headers;
- `POST invocation/{id}/response`: the invocation's result;
- `POST invocation/{id}/error`: the invocation failed (`errorType`,
  `errorMessage` in a JSON body);
- `POST init/error`: the runtime could not start.

The server runs on 127.0.0.1 on a port of its own, one per environment,
as each Lambda sandbox has its own API at 127.0.0.1:9001."""

from __future__ import annotations

import json
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PREFIX = "/2018-06-01/runtime/"
# How long a `next` request is held when no event comes (the runtime then asks again).
_NEXT_POLL_SECONDS = 30.0


@dataclass
class Invocation:
    event: bytes
    timeout_seconds: float
    # Set when the runtime takes the event.
    deadline_ms: int = 0
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    # Set when the runtime has taken the event (`next`): the function's
    # timeout runs from here, the init phase before it has its own limit.
    taken: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    # "response" or "error", and the body the runtime posted.
    kind: str | None = None
    body: bytes = b""
    error_type: str | None = None


class RuntimeApi:
    def __init__(self, function_arn: str):
        self.function_arn = function_arn
        self._pending: queue.Queue[Invocation] = queue.Queue()
        self._by_id: dict[str, Invocation] = {}
        self.init_error: dict[str, Any] | None = None
        self.init_failed = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        """The value of `AWS_LAMBDA_RUNTIME_API`: host and port."""
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def submit(self, event: bytes, timeout_seconds: float) -> Invocation:
        invocation = Invocation(event=event, timeout_seconds=timeout_seconds)
        self._by_id[invocation.request_id] = invocation
        self._pending.put(invocation)
        return invocation

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # The handlers' side.
    def next_invocation(self) -> Invocation | None:
        try:
            return self._pending.get(timeout=_NEXT_POLL_SECONDS)
        except queue.Empty:
            return None

    def finish(self, request_id: str, kind: str, body: bytes, error_type: str | None) -> bool:
        invocation = self._by_id.get(request_id)
        if invocation is None or invocation.done.is_set():
            return False
        invocation.kind, invocation.body, invocation.error_type = kind, body, error_type
        invocation.done.set()
        return True


def _handler(api: RuntimeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # the endpoint's log is for AWS requests

        def _answer(self, status: int, body: bytes | dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self) -> None:
            if self.path != PREFIX + "invocation/next":
                self._answer(404, {"errorType": "NotFound", "errorMessage": f"no route {self.path}"})
                return
            while True:
                invocation = api.next_invocation()
                if invocation is not None:
                    break
            invocation.deadline_ms = int((time.time() + invocation.timeout_seconds) * 1000)
            invocation.taken.set()
            self._answer(
                200,
                invocation.event,
                {
                    "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
                    "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_ms),
                    "Lambda-Runtime-Invoked-Function-Arn": api.function_arn,
                    "Lambda-Runtime-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}",
                },
            )

        def do_POST(self) -> None:
            body = self._body()
            path = self.path
            if path == PREFIX + "init/error":
                api.init_error = _error_document(body, self.headers.get("Lambda-Runtime-Function-Error-Type"))
                api.init_failed.set()
                self._answer(202, {"status": "OK"})
                return
            parts = path[len(PREFIX):].split("/") if path.startswith(PREFIX) else []
            if len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
                error_type = self.headers.get("Lambda-Runtime-Function-Error-Type") if parts[2] == "error" else None
                if api.finish(parts[1], parts[2], body, error_type):
                    self._answer(202, {"status": "OK"})
                else:
                    self._answer(
                        400,
                        {"errorType": "InvalidRequestID", "errorMessage": f"no invocation {parts[1]} in progress"},
                    )
                return
            self._answer(404, {"errorType": "NotFound", "errorMessage": f"no route {path}"})

    return Handler


def _error_document(body: bytes, header_type: str | None) -> dict[str, Any]:
    try:
        document = json.loads(body or b"{}")
    except ValueError:
        document = {"errorMessage": body.decode("utf-8", "replace")}
    if not isinstance(document, dict):
        document = {"errorMessage": str(document)}
    document.setdefault("errorType", header_type or "Runtime.Unknown")
    document.setdefault("errorMessage", "")
    return document


def error_of(invocation: Invocation) -> dict[str, Any]:
    """The error document an `error` post carried."""
    return _error_document(invocation.body, invocation.error_type)
