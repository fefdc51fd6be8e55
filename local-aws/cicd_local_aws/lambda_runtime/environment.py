"""One invocation of a function in an execution environment of its own:
unzip the code, start the runtime process against a fresh Runtime API, hand
it the event, wait for its answer (or its timeout), stop it.

Environments are not reused between invocations (every invocation is a
cold start), and an invocation is tried once (no async retries)."""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import local_endpoint
from .runtime_api import RuntimeApi, error_of

# How much of the function's output an outcome keeps.
_OUTPUT_TAIL = 4000
# Lambda's limit on the init phase (starting the runtime, before it takes the event).
_INIT_SECONDS = 10.0
_HOST_ARCHITECTURE = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}


@dataclass
class Outcome:
    """How an invocation ended: `status` is `Succeeded`, or `Failed` with
    Lambda's `errorType` / `errorMessage`."""

    status: str
    payload: Any = None
    error_type: str | None = None
    error_message: str | None = None
    output: str = ""
    duration_ms: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        described: dict[str, Any] = {"status": self.status, "durationMs": self.duration_ms, "output": self.output}
        if self.status == "Succeeded":
            described["payload"] = self.payload
        else:
            described["errorType"] = self.error_type
            described["errorMessage"] = self.error_message
        return described


def _failed(error_type: str, message: str, output: str = "", started: float | None = None) -> Outcome:
    duration = int((time.monotonic() - started) * 1000) if started else 0
    return Outcome("Failed", error_type=error_type, error_message=message, output=output, duration_ms=duration)


def command(function: Any, code_dir: Path) -> list[str] | str:
    """The runtime process to start, or why this endpoint cannot run the function."""
    runtime = function.run_time or ""
    if (getattr(function, "package_type", "Zip") or "Zip") != "Zip":
        return "container image functions are not run by the local endpoint"
    if runtime.startswith("provided"):
        host = _HOST_ARCHITECTURE.get(platform.machine().lower(), platform.machine())
        wanted = (function.architectures or ["x86_64"])[0]
        if wanted != host:
            return f"the function is built for {wanted} and the local endpoint runs on {host}"
        bootstrap = code_dir / "bootstrap"
        if not bootstrap.is_file():
            return "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"
        bootstrap.chmod(0o755)
        return [str(bootstrap)]
    if runtime.startswith("python3"):
        return [sys.executable, str(Path(__file__).with_name("python_bootstrap.py"))]
    return f"runtime {runtime or '(none)'} is not run by the local endpoint (it runs provided.* and python3.*)"


def environment(function: Any, api: RuntimeApi, code_dir: Path) -> dict[str, str]:
    """The process environment: the function's variables, then Lambda's
    reserved ones, with credentials that act in the function's account on
    this endpoint."""
    logging_config = getattr(function, "logging_config", None) or {}
    env = {k: str(v) for k, v in (function.environment_vars or {}).items()}
    env.update(
        {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "AWS_LAMBDA_RUNTIME_API": api.address,
            "_HANDLER": function.handler or "",
            "LAMBDA_TASK_ROOT": str(code_dir),
            "LAMBDA_RUNTIME_DIR": str(code_dir),
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{function.run_time}",
            "AWS_LAMBDA_FUNCTION_NAME": function.function_name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory_size),
            "AWS_LAMBDA_LOG_GROUP_NAME": logging_config.get("LogGroup", f"/aws/lambda/{function.function_name}"),
            "AWS_LAMBDA_LOG_STREAM_NAME": time.strftime("%Y/%m/%d/[$LATEST]") + os.urandom(16).hex(),
            "AWS_LAMBDA_LOG_FORMAT": logging_config.get("LogFormat", "Text"),
            "AWS_REGION": function.region,
            "AWS_DEFAULT_REGION": function.region,
            # A 12-digit key id acts in that account (see accounts.py).
            "AWS_ACCESS_KEY_ID": function.account_id,
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_ENDPOINT_URL": local_endpoint.url(),
        }
    )
    return env


def invoke(function: Any, event: Any) -> Outcome:
    """Runs one invocation of `function` (a moto LambdaFunction) with `event`."""
    started = time.monotonic()
    code_dir = Path(tempfile.mkdtemp(prefix=f"cicd-lambda-{function.function_name}-"))
    api: RuntimeApi | None = None
    process: subprocess.Popen[bytes] | None = None
    log_path = code_dir.with_suffix(".log")
    try:
        try:
            with zipfile.ZipFile(io.BytesIO(function.code_bytes or b"")) as archive:
                archive.extractall(code_dir)
        except zipfile.BadZipFile:
            return _failed("InvalidZipFileException", "the function's code is not a zip file", started=started)
        argv = command(function, code_dir)
        if isinstance(argv, str):
            return _failed("Runtime.InvalidEntrypoint", argv, started=started)
        api = RuntimeApi(function.function_arn)
        timeout = float(function.timeout or 3)
        invocation = api.submit(json.dumps(event).encode(), timeout)
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                argv, cwd=code_dir, env=environment(function, api, code_dir),
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
            init_deadline = time.monotonic() + _INIT_SECONDS
            deadline: float | None = None
            while not invocation.done.wait(0.05):
                if deadline is None and invocation.taken.is_set():
                    deadline = time.monotonic() + timeout
                if api.init_failed.is_set():
                    error = api.init_error or {}
                    return _failed(str(error.get("errorType")), str(error.get("errorMessage")), _tail(log_path), started)
                if process.poll() is not None:
                    return _failed(
                        "Runtime.ExitError",
                        f"Runtime exited with error: exit status {process.returncode}",
                        _tail(log_path), started,
                    )
                if deadline is None and time.monotonic() > init_deadline:
                    return _failed(
                        "Sandbox.Timedout", f"INIT_REPORT Init Duration: {_INIT_SECONDS * 1000:.0f} ms Phase: init Status: timeout",
                        _tail(log_path), started,
                    )
                if deadline is not None and time.monotonic() > deadline:
                    return _failed("Sandbox.Timedout", f"Task timed out after {timeout:.2f} seconds", _tail(log_path), started)
        duration = int((time.monotonic() - started) * 1000)
        if invocation.kind == "error":
            error = error_of(invocation)
            return Outcome(
                "Failed", error_type=str(error["errorType"]), error_message=str(error["errorMessage"]),
                output=_tail(log_path), duration_ms=duration,
            )
        try:
            payload = json.loads(invocation.body) if invocation.body else None
        except ValueError:
            payload = invocation.body.decode("utf-8", "replace")
        return Outcome("Succeeded", payload=payload, output=_tail(log_path), duration_ms=duration)
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if api is not None:
            api.close()
        shutil.rmtree(code_dir, ignore_errors=True)
        log_path.unlink(missing_ok=True)


def _tail(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-_OUTPUT_TAIL:].decode("utf-8", "replace")
