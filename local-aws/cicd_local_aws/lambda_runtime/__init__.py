"""Lambda functions run for real on the local endpoint: each invocation gets
an execution environment (the function's code unzipped into a directory, a
process started with `AWS_LAMBDA_RUNTIME_API` pointing at a Runtime API
server of its own, AWS credentials and endpoint pointing back at this
endpoint).  `provided.*` functions run their `bootstrap`; `python3.*`
functions run under this endpoint's Python through `python_bootstrap.py`."""

from .environment import Outcome, invoke

__all__ = ["Outcome", "invoke"]
