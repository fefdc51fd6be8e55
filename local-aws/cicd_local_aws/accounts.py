"""Several accounts on one endpoint: an access key id of 12 digits names the
account it acts in.

moto 5.2.5 keeps a backend per account and region, but chooses the account
from `MOTO_ACCOUNT_ID`, an `x-moto-account-id` header or an access key it
issued through IAM (it only reads 20-character key ids from a signature);
any other key lands in 123456789012.  A stock SDK cannot send moto's header,
and issuing keys first would need IAM calls per account before every run,
so the CLI's `--env` with `--local` signs with the environment's account id
as the access key id, the convention LocalStack uses.  moto's own answers
keep winning: this only replaces its last resort, the default account."""

from __future__ import annotations

import re
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.responses import BaseResponse

# SigV4: `Authorization: AWS4-HMAC-SHA256 Credential=<key id>/<date>/...`.
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")

_original_get_current_account = BaseResponse.get_current_account


def is_account_key(access_key: str) -> bool:
    """Whether an access key id names an account: exactly 12 ASCII digits."""
    return len(access_key) == 12 and access_key.isascii() and access_key.isdigit()


def account_key_of(authorization: str) -> str | None:
    """The key id of a SigV4 Authorization header when it names an account."""
    match = _CREDENTIAL.search(authorization)
    if match and is_account_key(match.group(1)):
        return match.group(1)
    return None


def _get_current_account(self: Any) -> str:
    account = _original_get_current_account(self)
    if account != DEFAULT_ACCOUNT_ID:
        return account
    return account_key_of(self.headers.get("Authorization", "")) or account


def apply() -> None:
    BaseResponse.get_current_account = _get_current_account
