"""The StackSet actions of the CloudFormation API, answered from our model
(model.py) instead of moto's, whose operations finish inside the call and
always succeed.  Each handler parses its request, checks it, and hands the
work to runner.py; the shapes returned are the API's own."""

from __future__ import annotations

import re
from typing import Any

from botocore.session import get_session
from moto.cloudformation.exceptions import StackSetNotFoundException, ValidationError
from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudformation.utils import generate_stackset_arn
from moto.core.responses import ActionResult, EmptyResult
from moto.utilities.utils import get_partition

from . import errors, preferences, runner
from .model import Instance, Operation, Result, StackSet, new_operation_id, new_stack_set_id

_NAME = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]*$")
_ACCOUNT = re.compile(r"^[0-9]{12}$")
DEFAULT_ADMIN_ROLE = "AWSCloudFormationStackSetAdministrationRole"
DEFAULT_EXECUTION_ROLE = "AWSCloudFormationStackSetExecutionRole"
_REGIONS = frozenset(get_session().get_available_regions("cloudformation"))


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _store(self: Any) -> dict[str, StackSet]:
    backend = self.cloudformation_backend
    if not hasattr(backend, "_cicd_stack_sets"):
        backend._cicd_stack_sets = {}
    return backend._cicd_stack_sets


def _find(self: Any, name_or_id: str) -> StackSet:
    for stack_set in _store(self).values():
        if stack_set.status == "ACTIVE" and name_or_id in (stack_set.name, stack_set.stack_set_id):
            return stack_set
    raise StackSetNotFoundException(name_or_id)


def _check_targets(accounts: list[str], regions: list[str]) -> None:
    bad_accounts = [a for a in accounts if not _ACCOUNT.match(a)]
    if bad_accounts:
        raise ValidationError(
            message=f"Accounts must be 12-digit account ids: {', '.join(bad_accounts)} is not"
        )
    bad_regions = [r for r in regions if r not in _REGIONS]
    if bad_regions:
        raise ValidationError(message=f"Regions not offered by CloudFormation: {', '.join(bad_regions)}")


def _template(self: Any, previous: str | None = None) -> str:
    body = self._get_param("TemplateBody")
    url = self._get_param("TemplateURL")
    if url:
        body = self._get_stack_from_s3_url(url)
    if not body and self._get_param("UsePreviousTemplate") and previous is not None:
        body = previous
    if not body:
        raise ValidationError(message="Either TemplateBody or TemplateURL must be specified")
    return body


def _new_operation(self: Any, stack_set: StackSet, action: str, retain: bool = False) -> Operation:
    running = stack_set.running_operation()
    if running is not None:
        raise errors.OperationInProgress(stack_set.name, running.operation_id)
    operation_id = self._get_param("OperationId") or new_operation_id()
    if stack_set.operation(operation_id) is not None:
        raise errors.OperationIdAlreadyExists(operation_id)
    return Operation(
        operation_id=operation_id,
        action=action,
        preferences=preferences.parse(self._get_param("OperationPreferences")),
        admin_role_arn=stack_set.admin_role_arn,
        execution_role_name=stack_set.execution_role_name,
        retain_stacks=retain,
    )


def _launch(stack_set: StackSet, op: Operation, targets: list[tuple[str, str]]) -> ActionResult:
    op.results = [Result(account, region) for account, region in targets]
    stack_set.operations.append(op)
    runner.start(stack_set, op)
    return ActionResult({"OperationId": op.operation_id})


def _grid(self: Any) -> tuple[list[str], list[str]]:
    accounts = self._get_param("Accounts") or []
    regions = self._get_param("Regions") or []
    if self._get_param("DeploymentTargets"):
        targets = self._get_param("DeploymentTargets")
        if targets.get("OrganizationalUnitIds"):
            raise ValidationError(
                message="StackSets with SELF_MANAGED permission model can only have accounts as target"
            )
        accounts = accounts or targets.get("Accounts") or []
    _check_targets(accounts, regions)
    return accounts, regions


# --- stack sets -----------------------------------------------------------


def create_stack_set(self: Any) -> ActionResult:
    name = self._get_param("StackSetName")
    if not _NAME.match(name or ""):
        raise ValidationError(
            message=f"1 validation error detected: Value '{name}' at 'stackSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*"
        )
    if (self._get_param("PermissionModel") or "SELF_MANAGED") != "SELF_MANAGED":
        raise ValidationError(
            message="This endpoint serves SELF_MANAGED stack sets only (service-managed ones need AWS Organizations)"
        )
    if any(s.name == name and s.status == "ACTIVE" for s in _store(self).values()):
        raise errors.NameAlreadyExists(name)
    region = self.region
    account = self.current_account
    stack_set_id = new_stack_set_id(name)
    stack_set = StackSet(
        name=name,
        stack_set_id=stack_set_id,
        arn=generate_stackset_arn(stack_set_id, region, account),
        account=account,
        region=region,
        template=_template(self),
        parameters=self._get_param("Parameters") or [],
        description=self._get_param("Description"),
        capabilities=self._get_param("Capabilities") or [],
        tags=self._get_param("Tags") or [],
        admin_role_arn=self._get_param("AdministrationRoleARN")
        or f"arn:{get_partition(region)}:iam::{account}:role/{DEFAULT_ADMIN_ROLE}",
        execution_role_name=self._get_param("ExecutionRoleName") or DEFAULT_EXECUTION_ROLE,
    )
    _store(self)[stack_set_id] = stack_set
    return ActionResult({"StackSetId": stack_set_id})


def _stack_set_wire(stack_set: StackSet) -> dict[str, Any]:
    return {
        "StackSetName": stack_set.name,
        "StackSetId": stack_set.stack_set_id,
        "Description": stack_set.description,
        "Status": stack_set.status,
        "TemplateBody": stack_set.template,
        "Parameters": stack_set.parameters,
        "Capabilities": stack_set.capabilities,
        "Tags": stack_set.tags,
        "StackSetARN": stack_set.arn,
        "AdministrationRoleARN": stack_set.admin_role_arn,
        "ExecutionRoleName": stack_set.execution_role_name,
        "PermissionModel": stack_set.permission_model,
        "ManagedExecution": {"Active": False},
        "Regions": sorted({i.region for i in stack_set.instances}),
    }


def describe_stack_set(self: Any) -> ActionResult:
    wire = _clean(_stack_set_wire(_find(self, self._get_param("StackSetName"))))
    # moto's serializer turns these two from {key: value} into the API's
    # lists of pairs on the way out (CloudFormationResponse's transformers).
    wire["Parameters"] = {p["ParameterKey"]: p.get("ParameterValue") for p in wire["Parameters"]}
    wire["Tags"] = {t["Key"]: t["Value"] for t in wire["Tags"]}
    return ActionResult({"StackSet": wire})


def list_stack_sets(self: Any) -> ActionResult:
    wanted = self._get_param("Status")
    summaries = [
        {
            "StackSetName": s.name,
            "StackSetId": s.stack_set_id,
            "Description": s.description,
            "Status": s.status,
            "PermissionModel": s.permission_model,
            "DriftStatus": "NOT_CHECKED",
            "ManagedExecution": {"Active": False},
        }
        for s in _store(self).values()
        if wanted is None or s.status == wanted
    ]
    return ActionResult({"Summaries": _clean(summaries)})


def update_stack_set(self: Any) -> ActionResult:
    stack_set = _find(self, self._get_param("StackSetName"))
    with stack_set.lock:
        op = _new_operation(self, stack_set, "UPDATE")
        accounts, regions = _grid(self)
        template = _template(self, previous=stack_set.template)
        if accounts or regions:
            targets = [(a, r) for r in regions for a in accounts]
            missing = [f"{a}/{r}" for a, r in targets if stack_set.instance(a, r) is None]
            if missing:
                raise errors.StackInstanceNotFound(stack_set.name, *missing[0].split("/"))
        else:
            # Every instance but the INOPERABLE ones, which updates leave out.
            targets = [(i.account, i.region) for i in stack_set.instances if i.status != "INOPERABLE"]
        stack_set.template = template
        previous = {p["ParameterKey"]: p for p in stack_set.parameters}
        parameters = self._get_param("Parameters")
        if parameters is not None:
            stack_set.parameters = [
                previous.get(p["ParameterKey"], p) if p.get("UsePreviousValue") else p for p in parameters
            ]
        for key in ("Description",):
            if self._get_param(key) is not None:
                stack_set.description = self._get_param(key)
        if self._get_param("Capabilities") is not None:
            stack_set.capabilities = self._get_param("Capabilities")
        if self._get_param("AdministrationRoleARN"):
            stack_set.admin_role_arn = op.admin_role_arn = self._get_param("AdministrationRoleARN")
        if self._get_param("ExecutionRoleName"):
            stack_set.execution_role_name = op.execution_role_name = self._get_param("ExecutionRoleName")
        for account, region in targets:
            instance = stack_set.instance(account, region)
            instance.status, instance.detailed_status, instance.reason = "OUTDATED", "PENDING", None
        return _launch(stack_set, op, targets)


def delete_stack_set(self: Any) -> EmptyResult:
    stack_set = _find(self, self._get_param("StackSetName"))
    with stack_set.lock:
        running = stack_set.running_operation()
        if running is not None:
            raise errors.OperationInProgress(stack_set.name, running.operation_id)
        if stack_set.instances:
            raise errors.StackSetNotEmpty(stack_set.name)
        stack_set.status = "DELETED"
    return EmptyResult()


# --- stack instances --------------------------------------------------------


def create_stack_instances(self: Any) -> ActionResult:
    stack_set = _find(self, self._get_param("StackSetName"))
    with stack_set.lock:
        op = _new_operation(self, stack_set, "CREATE")
        accounts, regions = _grid(self)
        if not accounts or not regions:
            raise ValidationError(message="CreateStackInstances needs at least one account and one region")
        overrides = self._get_param("ParameterOverrides") or []
        targets = [(a, r) for r in regions for a in accounts]
        for account, region in targets:
            instance = stack_set.instance(account, region)
            if instance is None:
                instance = Instance(account=account, region=region)
                stack_set.instances.append(instance)
            instance.parameters = overrides or instance.parameters
            instance.status, instance.detailed_status, instance.reason = "OUTDATED", "PENDING", None
        return _launch(stack_set, op, targets)


def update_stack_instances(self: Any) -> ActionResult:
    stack_set = _find(self, self._get_param("StackSetName"))
    with stack_set.lock:
        op = _new_operation(self, stack_set, "UPDATE")
        accounts, regions = _grid(self)
        targets = [(a, r) for r in regions for a in accounts]
        for account, region in targets:
            if stack_set.instance(account, region) is None:
                raise errors.StackInstanceNotFound(stack_set.name, account, region)
        overrides = self._get_param("ParameterOverrides") or []
        for account, region in targets:
            instance = stack_set.instance(account, region)
            instance.parameters = overrides
            instance.status, instance.detailed_status, instance.reason = "OUTDATED", "PENDING", None
        return _launch(stack_set, op, targets)


def delete_stack_instances(self: Any) -> ActionResult:
    stack_set = _find(self, self._get_param("StackSetName"))
    retain = self._get_param("RetainStacks")
    if retain is None:
        raise ValidationError(message="RetainStacks is required")
    with stack_set.lock:
        op = _new_operation(self, stack_set, "DELETE", retain=bool(retain))
        accounts, regions = _grid(self)
        targets = [
            (a, r) for r in regions for a in accounts if stack_set.instance(a, r) is not None
        ]
        for account, region in targets:
            stack_set.instance(account, region).detailed_status = "PENDING"
        return _launch(stack_set, op, targets)


def _instance_wire(stack_set: StackSet, instance: Instance) -> dict[str, Any]:
    return {
        "StackSetId": stack_set.stack_set_id,
        "Region": instance.region,
        "Account": instance.account,
        "StackId": instance.stack_id,
        "Status": instance.status,
        "StatusReason": instance.reason,
        "StackInstanceStatus": {"DetailedStatus": instance.detailed_status},
        "LastOperationId": instance.last_operation_id,
        "DriftStatus": "NOT_CHECKED",
    }


def describe_stack_instance(self: Any) -> ActionResult:
    stack_set = _find(self, self._get_param("StackSetName"))
    account = self._get_param("StackInstanceAccount")
    region = self._get_param("StackInstanceRegion")
    instance = stack_set.instance(account, region)
    if instance is None:
        raise errors.StackInstanceNotFound(stack_set.name, account, region)
    wire = _instance_wire(stack_set, instance)
    wire["ParameterOverrides"] = instance.parameters
    return ActionResult({"StackInstance": _clean(wire)})


_FILTERS = {
    "DETAILED_STATUS": lambda i: i.detailed_status,
    "LAST_OPERATION_ID": lambda i: i.last_operation_id,
    "DRIFT_STATUS": lambda i: "NOT_CHECKED",
}


def list_stack_instances(self: Any) -> ActionResult:
    stack_set = _find(self, self._get_param("StackSetName"))
    account = self._get_param("StackInstanceAccount")
    region = self._get_param("StackInstanceRegion")
    filters = self._get_param("Filters") or []
    with stack_set.lock:
        chosen = [
            i
            for i in stack_set.instances
            if (account is None or i.account == account)
            and (region is None or i.region == region)
            and all(_FILTERS[f["Name"]](i) == f["Values"] for f in filters if f.get("Name") in _FILTERS)
        ]
        summaries = [_instance_wire(stack_set, i) for i in chosen]
    return ActionResult({"Summaries": _clean(summaries)})


# --- operations -----------------------------------------------------------


def _operation(self: Any) -> tuple[StackSet, Operation]:
    stack_set = _find(self, self._get_param("StackSetName"))
    operation_id = self._get_param("OperationId")
    op = stack_set.operation(operation_id)
    if op is None:
        raise errors.OperationNotFound(operation_id)
    return stack_set, op


def _operation_wire(stack_set: StackSet, op: Operation) -> dict[str, Any]:
    return {
        "OperationId": op.operation_id,
        "StackSetId": stack_set.stack_set_id,
        "Action": op.action,
        "Status": op.status,
        "StatusReason": op.reason,
        "OperationPreferences": op.preferences.to_wire(),
        "RetainStacks": op.retain_stacks,
        "AdministrationRoleARN": op.admin_role_arn,
        "ExecutionRoleName": op.execution_role_name,
        "CreationTimestamp": op.created,
        "EndTimestamp": op.ended,
        "StatusDetails": {"FailedStackInstancesCount": op.failed_count},
    }


def describe_stack_set_operation(self: Any) -> ActionResult:
    stack_set, op = _operation(self)
    with stack_set.lock:
        return ActionResult({"StackSetOperation": _clean(_operation_wire(stack_set, op))})


def list_stack_set_operations(self: Any) -> ActionResult:
    stack_set = _find(self, self._get_param("StackSetName"))
    with stack_set.lock:
        summaries = []
        for op in reversed(stack_set.operations):  # newest first, as AWS lists them
            wire = _operation_wire(stack_set, op)
            summaries.append(
                {k: wire[k] for k in ("OperationId", "Action", "Status", "StatusReason", "CreationTimestamp", "EndTimestamp", "StatusDetails", "OperationPreferences")}
            )
    return ActionResult({"Summaries": _clean(summaries)})


def list_stack_set_operation_results(self: Any) -> ActionResult:
    stack_set, op = _operation(self)
    with stack_set.lock:
        summaries = [
            {
                "Account": r.account,
                "Region": r.region,
                "Status": r.status,
                "StatusReason": r.reason,
                # No account gate function is deployed: CloudFormation then
                # skips the gate and says so.
                "AccountGateResult": {
                    "Status": "SKIPPED",
                    "StatusReason": f"Function not found: arn:{get_partition(r.region)}:lambda:{r.region}:{r.account}:function:AWSCloudFormationStackSetAccountGate",
                },
            }
            for r in op.results
        ]
    return ActionResult({"Summaries": _clean(summaries)})


def stop_stack_set_operation(self: Any) -> EmptyResult:
    stack_set, op = _operation(self)
    with stack_set.lock:
        if op.done:
            raise errors.InvalidOperation(f"Operation {op.operation_id} has already ended ({op.status})")
        op.stop_requested = True
        op.status = "STOPPING"
    return EmptyResult()


HANDLERS = {
    "create_stack_set": create_stack_set,
    "describe_stack_set": describe_stack_set,
    "list_stack_sets": list_stack_sets,
    "update_stack_set": update_stack_set,
    "delete_stack_set": delete_stack_set,
    "create_stack_instances": create_stack_instances,
    "update_stack_instances": update_stack_instances,
    "delete_stack_instances": delete_stack_instances,
    "describe_stack_instance": describe_stack_instance,
    "list_stack_instances": list_stack_instances,
    "describe_stack_set_operation": describe_stack_set_operation,
    "list_stack_set_operations": list_stack_set_operations,
    "list_stack_set_operation_results": list_stack_set_operation_results,
    "stop_stack_set_operation": stop_stack_set_operation,
}


def apply() -> None:
    for name, handler in HANDLERS.items():
        setattr(CloudFormationResponse, name, handler)
