"""Runs a stack set operation in the background, as CloudFormation does: the
API call returns an OperationId at once, the operation is RUNNING while
each account and region is worked on, then SUCCEEDED, FAILED (failures
beyond the tolerance in a Region) or STOPPED (StopStackSetOperation).

Per Region the accounts are worked on at most `concurrency` at a time
(preferences.py says how that number follows the failures); when a
Region's failures exceed its tolerance no further account is started
there, the accounts not started are CANCELLED, and with SEQUENTIAL Regions
the later Regions are CANCELLED too.  With PARALLEL Regions each Region
runs on its own and a Region that fails does not stop the others."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque

from moto.core.utils import utcnow

from . import instance_stack, permissions
from .model import Instance, Operation, Result, StackSet
from .preferences import PARALLEL

logger = logging.getLogger("cicd_local_aws")

# Each instance holds RUNNING at least this long, so that pollers (and
# users of the CLI) see the operation progress rather than only its end;
# CloudFormation itself takes minutes per instance.
PACE_SECONDS = float(os.environ.get("CICD_LOCAL_STACKSET_PACE_SECONDS", "0.2"))

CANCELLED_REASON = "Cancelled since failure tolerance has exceeded"
STOPPED_REASON = "Cancelled since the operation was stopped"


def start(stack_set: StackSet, operation: Operation) -> None:
    thread = threading.Thread(
        target=_run, args=(stack_set, operation), name=f"stackset-{operation.operation_id}", daemon=True
    )
    thread.start()


def _run(stack_set: StackSet, op: Operation) -> None:
    try:
        exceeded = _run_regions(stack_set, op)
    except Exception:  # a bug here must not leave the operation RUNNING forever
        logger.exception("stack set operation %s broke", op.operation_id)
        exceeded = ["(internal error, see the endpoint's log)"]
    with stack_set.lock:
        if op.stop_requested:
            op.status = "STOPPED"
        elif exceeded:
            op.status = "FAILED"
            op.reason = f"Failure tolerance exceeded in Region(s): {', '.join(exceeded)}"
        else:
            op.status = "SUCCEEDED"
        op.ended = utcnow()


def _run_regions(stack_set: StackSet, op: Operation) -> list[str]:
    """Returns the Regions whose failures exceeded the tolerance."""
    regions = op.preferences.ordered(list(dict.fromkeys(r.region for r in op.results)))
    by_region = {region: [r for r in op.results if r.region == region] for region in regions}
    exceeded: list[str] = []
    if op.preferences.region_concurrency == PARALLEL:
        def run(region: str) -> None:
            if not _run_region(stack_set, op, region, by_region[region]):
                exceeded.append(region)

        threads = [threading.Thread(target=run, args=(region,)) for region in regions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return [r for r in regions if r in exceeded]
    for region in regions:
        if exceeded or op.stop_requested:
            _cancel(stack_set, op, by_region[region], STOPPED_REASON if op.stop_requested else CANCELLED_REASON)
            continue
        if not _run_region(stack_set, op, region, by_region[region]):
            exceeded.append(region)
    return exceeded


def _run_region(stack_set: StackSet, op: Operation, region: str, results: list[Result]) -> bool:
    """Works on the region's accounts; whether failures stayed within the
    tolerance."""
    accounts = len(results)
    tolerance = op.preferences.tolerance(accounts)
    pending = deque(results)
    state = {"running": 0, "failures": 0}
    changed = threading.Condition()

    def work(result: Result) -> None:
        failed = not _run_instance(stack_set, op, result)
        with changed:
            state["running"] -= 1
            state["failures"] += int(failed)
            changed.notify_all()

    with changed:
        while pending or state["running"]:
            if state["failures"] > tolerance or op.stop_requested:
                if not state["running"]:
                    break
                changed.wait()
                continue
            allowed = op.preferences.concurrency(accounts, state["failures"])
            while pending and state["running"] < allowed:
                result = pending.popleft()
                state["running"] += 1
                _mark_running(stack_set, op, result)
                threading.Thread(target=work, args=(result,), daemon=True).start()
            if not state["running"]:
                break
            changed.wait()
    reason = STOPPED_REASON if op.stop_requested else CANCELLED_REASON
    _cancel(stack_set, op, list(pending), reason)
    return state["failures"] <= tolerance


def _mark_running(stack_set: StackSet, op: Operation, result: Result) -> None:
    with stack_set.lock:
        result.status = "RUNNING"
        instance = stack_set.instance(result.account, result.region)
        if instance is not None:
            instance.detailed_status = "RUNNING"
            instance.reason = None
            instance.last_operation_id = op.operation_id


def _cancel(stack_set: StackSet, op: Operation, results: list[Result], reason: str) -> None:
    with stack_set.lock:
        for result in results:
            result.status, result.reason = "CANCELLED", reason
            instance = stack_set.instance(result.account, result.region)
            if instance is not None:
                instance.detailed_status, instance.reason = "CANCELLED", reason
                instance.last_operation_id = op.operation_id


def _parameters(stack_set: StackSet, instance: Instance) -> list[dict]:
    merged = {p["ParameterKey"]: p for p in stack_set.parameters}
    merged.update({p["ParameterKey"]: p for p in instance.parameters})
    return list(merged.values())


def _run_instance(stack_set: StackSet, op: Operation, result: Result) -> bool:
    """One account and region; whether it succeeded."""
    time.sleep(PACE_SECONDS)
    instance = stack_set.instance(result.account, result.region)
    if instance is None:  # removed meanwhile; nothing to do
        result.status = "SUCCEEDED"
        return True
    if op.action == "DELETE":
        reason = _delete(stack_set, op, instance)
    else:
        reason = _deploy(stack_set, op, instance)
    with stack_set.lock:
        result.status = "FAILED" if reason else "SUCCEEDED"
        result.reason = reason
        instance.reason = reason
        if op.action == "DELETE":
            if reason:
                instance.status = instance.detailed_status = "INOPERABLE"
            else:
                stack_set.instances.remove(instance)
        elif reason:
            instance.status, instance.detailed_status = "OUTDATED", "FAILED"
        else:
            instance.status, instance.detailed_status = "CURRENT", "SUCCEEDED"
    return reason is None


def _refusal(stack_set: StackSet, op: Operation, instance: Instance) -> str | None:
    return permissions.refusal(
        stack_set.account, op.admin_role_arn, op.execution_role_name, instance.account, instance.region
    )


def _deploy(stack_set: StackSet, op: Operation, instance: Instance) -> str | None:
    refusal = _refusal(stack_set, op, instance)
    if refusal:
        return refusal
    stack_id, reason = instance_stack.deploy(
        instance.account,
        instance.region,
        stack_set.name,
        instance.stack_id,
        stack_set.template,
        _parameters(stack_set, instance),
    )
    instance.stack_id = stack_id
    return reason


def _delete(stack_set: StackSet, op: Operation, instance: Instance) -> str | None:
    if op.retain_stacks:
        return None  # the stack stays in its account, only the instance goes
    if instance.stack_id is None:
        # The instance's stack was never created (its create failed before
        # the stack existed, e.g. on the roles): nothing to delete in the
        # target account.  Our choice; AWS's behaviour here is unverified.
        return None
    refusal = _refusal(stack_set, op, instance)
    if refusal:
        return refusal
    return instance_stack.delete(instance.account, instance.region, instance.stack_id)
