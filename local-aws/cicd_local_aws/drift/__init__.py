"""CloudFormation drift detection on the local endpoint (moto has none):
resources read back through their services' backends and compared with
what the stack deployed; REVERT_DRIFT change sets that put them back."""

from . import api, revert


def apply() -> None:
    api.apply()
    revert.apply()
