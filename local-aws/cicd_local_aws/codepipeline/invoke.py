"""CodePipeline's side of a Lambda Invoke action: it invokes the function
asynchronously with the job event, and the job waits for the function's
PutJobSuccessResult / PutJobFailureResult.

As on AWS, an invocation that fails without reporting (the function is
missing, cannot start, raises, times out) leaves the job in progress: the
outcome is recorded on the job (`invocations` in the jobs route) and the
function's output goes to its log group, but nothing is reported for it.
The function runs in a thread of its own, so the request that reached the
action (StartPipelineExecution, an S3 upload, a PutJob*Result) returns at once."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from moto.awslambda.models import lambda_backends
from moto.logs.models import logs_backends

from ..lambda_runtime import Outcome, invoke
from .jobs import Job

logger = logging.getLogger("cicd_local_aws")


def _function(job: Job) -> Any:
    name = (job.action.get("configuration") or {}).get("FunctionName", "")
    try:
        return lambda_backends[job.account_id][job.region].get_function(name)
    except Exception:  # noqa: BLE001 - moto raises several not-found types
        return None


def _run(job: Job) -> None:
    function = _function(job)
    if function is None:
        name = (job.action.get("configuration") or {}).get("FunctionName", "")
        outcome = Outcome(
            "Failed", error_type="ResourceNotFoundException", error_message=f"Function not found: {name}"
        )
    else:
        try:
            outcome = invoke(function, job.lambda_event())
        except Exception as err:  # noqa: BLE001 - an endpoint bug must not kill the thread silently
            logger.exception("invoking %s for job %s", function.function_name, job.id)
            outcome = Outcome("Failed", error_type="LocalEndpointError", error_message=str(err))
        _write_logs(function, outcome)
    job.invocations.append({"function": (job.action.get("configuration") or {}).get("FunctionName"), **outcome.describe()})
    if outcome.status != "Succeeded":
        logger.warning("job %s: invocation failed: %s: %s", job.id, outcome.error_type, outcome.error_message)


def start(job: Job) -> None:
    threading.Thread(target=_run, args=(job,), name=f"invoke-{job.id}", daemon=True).start()


def _write_logs(function: Any, outcome: Outcome) -> None:
    """The invocation's output in the function's log group, between
    Lambda's START and REPORT lines.  A group that does not exist is not
    created (the stack owns its log groups; a late write after a reset must
    not leave one behind)."""
    group = (getattr(function, "logging_config", None) or {}).get("LogGroup", f"/aws/lambda/{function.function_name}")
    stream = time.strftime("%Y/%m/%d/[$LATEST]") + f"{int(time.time() * 1000):x}"
    now = int(time.time() * 1000)
    lines = ["START Version: $LATEST", *outcome.output.splitlines()]
    if outcome.status != "Succeeded":
        lines.append(f"{outcome.error_type}: {outcome.error_message}")
    lines.append(f"REPORT Duration: {outcome.duration_ms} ms")
    try:
        backend = logs_backends[function.account_id][function.region]
        if group not in backend.groups:
            return
        backend.create_log_stream(group, stream)
        backend.put_log_events(group, stream, [{"timestamp": now, "message": line} for line in lines if line])
    except Exception:  # noqa: BLE001 - logs are a courtesy; the outcome is on the job
        logger.exception("writing the logs of %s", function.function_name)
