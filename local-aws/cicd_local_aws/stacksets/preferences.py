"""StackSetOperationPreferences: parsed and checked once, then asked how
many accounts of a region may run at once and how many may fail.

Facts from the CloudFormation API reference (StackSetOperationPreferences):
- Failure tolerance and max concurrency count accounts *per Region*; each is
  given as a count or a percentage, never both.  Defaults: tolerance 0,
  concurrency 1.
- A tolerance percentage rounds down; a concurrency percentage rounds down
  too, except that zero becomes one.
- When the failures in a Region exceed the tolerance, the operation stops in
  that Region and is not attempted in any later Region (RegionOrder first,
  then the other Regions of the request).
- ConcurrencyMode STRICT_FAILURE_TOLERANCE (the default) starts at the lower
  of MaxConcurrent and tolerance + 1 and lowers the concurrency as accounts
  fail, so failures never exceed tolerance + 1; SOFT_FAILURE_TOLERANCE keeps
  MaxConcurrent whatever fails.
- RegionConcurrencyType SEQUENTIAL (the default) runs one Region at a time,
  PARALLEL runs them together."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moto.cloudformation.exceptions import ValidationError

STRICT = "STRICT_FAILURE_TOLERANCE"
SOFT = "SOFT_FAILURE_TOLERANCE"
SEQUENTIAL = "SEQUENTIAL"
PARALLEL = "PARALLEL"


@dataclass(frozen=True)
class Preferences:
    tolerance_count: int | None = None
    tolerance_percentage: int | None = None
    concurrent_count: int | None = None
    concurrent_percentage: int | None = None
    region_order: tuple[str, ...] = field(default_factory=tuple)
    region_concurrency: str = SEQUENTIAL
    concurrency_mode: str = STRICT

    def tolerance(self, accounts: int) -> int:
        if self.tolerance_percentage is not None:
            return accounts * self.tolerance_percentage // 100
        return self.tolerance_count or 0

    def max_concurrent(self, accounts: int) -> int:
        if self.concurrent_percentage is not None:
            return max(1, accounts * self.concurrent_percentage // 100)
        return self.concurrent_count or 1

    def concurrency(self, accounts: int, failures: int) -> int:
        """How many accounts of a region may run at once after `failures`."""
        wanted = self.max_concurrent(accounts)
        if self.concurrency_mode == SOFT:
            return wanted
        return max(0, min(wanted, self.tolerance(accounts) + 1 - failures))

    def ordered(self, regions: list[str]) -> list[str]:
        first = [r for r in self.region_order if r in regions]
        return first + [r for r in regions if r not in first]

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {
            "RegionConcurrencyType": self.region_concurrency,
            "ConcurrencyMode": self.concurrency_mode,
        }
        if self.region_order:
            wire["RegionOrder"] = list(self.region_order)
        for key, value in (
            ("FailureToleranceCount", self.tolerance_count),
            ("FailureTolerancePercentage", self.tolerance_percentage),
            ("MaxConcurrentCount", self.concurrent_count),
            ("MaxConcurrentPercentage", self.concurrent_percentage),
        ):
            if value is not None:
                wire[key] = value
        return wire


def _int(raw: dict[str, Any], key: str, low: int, high: int | None) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    number = int(value)
    if number < low or (high is not None and number > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValidationError(message=f"OperationPreferences.{key} must be {bound}, not {number}")
    return number


def parse(raw: dict[str, Any] | None) -> Preferences:
    raw = raw or {}
    if raw.get("FailureToleranceCount") is not None and raw.get("FailureTolerancePercentage") is not None:
        raise ValidationError(
            message="OperationPreferences: specify FailureToleranceCount or FailureTolerancePercentage, not both"
        )
    if raw.get("MaxConcurrentCount") is not None and raw.get("MaxConcurrentPercentage") is not None:
        raise ValidationError(
            message="OperationPreferences: specify MaxConcurrentCount or MaxConcurrentPercentage, not both"
        )
    region_concurrency = raw.get("RegionConcurrencyType") or SEQUENTIAL
    if region_concurrency not in (SEQUENTIAL, PARALLEL):
        raise ValidationError(
            message=f"OperationPreferences.RegionConcurrencyType must be SEQUENTIAL or PARALLEL, not {region_concurrency}"
        )
    mode = raw.get("ConcurrencyMode") or STRICT
    if mode not in (STRICT, SOFT):
        raise ValidationError(
            message=f"OperationPreferences.ConcurrencyMode must be {STRICT} or {SOFT}, not {mode}"
        )
    return Preferences(
        tolerance_count=_int(raw, "FailureToleranceCount", 0, None),
        tolerance_percentage=_int(raw, "FailureTolerancePercentage", 0, 100),
        concurrent_count=_int(raw, "MaxConcurrentCount", 1, None),
        concurrent_percentage=_int(raw, "MaxConcurrentPercentage", 1, 100),
        region_order=tuple(raw.get("RegionOrder") or ()),
        region_concurrency=region_concurrency,
        concurrency_mode=mode,
    )
