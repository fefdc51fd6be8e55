"""The errors the StackSet API answers with, under CloudFormation's codes."""

from __future__ import annotations

from moto.cloudformation.exceptions import CloudFormationError


class OperationInProgress(CloudFormationError):
    code = "OperationInProgressException"

    def __init__(self, name: str, operation_id: str):
        # CloudFormation runs one operation per stack set at a time.
        super().__init__(
            f"Another Operation on StackSet {name} is in progress: {operation_id}"
        )


class OperationIdAlreadyExists(CloudFormationError):
    code = "OperationIdAlreadyExistsException"

    def __init__(self, operation_id: str):
        super().__init__(f"The operation ID {operation_id} already exists")


class OperationNotFound(CloudFormationError):
    code = "OperationNotFoundException"

    def __init__(self, operation_id: str):
        super().__init__(f"Operation {operation_id} not found")


class NameAlreadyExists(CloudFormationError):
    code = "NameAlreadyExistsException"

    def __init__(self, name: str):
        super().__init__(f"StackSet {name} already exists")


class StackSetNotEmpty(CloudFormationError):
    code = "StackSetNotEmptyException"

    def __init__(self, name: str):
        super().__init__(
            f"StackSet {name} cannot be deleted while it still contains stack instances; delete the instances first"
        )


class StackInstanceNotFound(CloudFormationError):
    code = "StackInstanceNotFoundException"

    def __init__(self, name: str, account: str, region: str):
        super().__init__(
            f"Stack instance in account {account} and region {region} of StackSet {name} not found"
        )


class InvalidOperation(CloudFormationError):
    code = "InvalidOperationException"
