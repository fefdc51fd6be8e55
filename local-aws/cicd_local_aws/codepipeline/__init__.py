"""CodePipeline beyond moto's API state: role trust as CodePipeline checks it,
executions that wait at CodeBuild actions for the build's end and at Lambda
Invoke actions for the job result of the function they run (PutJobSuccessResult / PutJobFailureResult), GetJobDetails,
GetPipelineState, timestamps as epoch seconds (as awsJson sends them), and
a moto-api route that hands out the job events a pipeline would have sent
to its functions."""

from __future__ import annotations


def apply() -> None:
    from . import api, builds, execution, inspection, timestamps, trust

    trust.apply()
    builds.apply()
    execution.apply()
    api.apply()
    inspection.apply()
    timestamps.apply()
