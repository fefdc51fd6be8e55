"""CodePipeline beyond moto's API state: role trust as CodePipeline checks it,
executions that stop at Lambda Invoke actions and wait for the function's
job result (PutJobSuccessResult / PutJobFailureResult), GetJobDetails,
GetPipelineState, timestamps as epoch seconds (as awsJson sends them), and
a moto-api route that hands out the job events a pipeline would have sent
to its functions."""

from __future__ import annotations


def apply() -> None:
    from . import api, execution, inspection, timestamps, trust

    trust.apply()
    execution.apply()
    api.apply()
    inspection.apply()
    timestamps.apply()
