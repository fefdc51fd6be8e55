"""The extension patches moto's internals, which change between releases, so
it runs only on the moto version the project pins.  The pin lives in one
place, `python/requirements-local.txt`; this module reads it from there."""

from __future__ import annotations

import pathlib
import re

REQUIREMENTS = (
    pathlib.Path(__file__).resolve().parent.parent.parent
    / "python"
    / "requirements-local.txt"
)

_PIN = re.compile(r"^\s*moto(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)", re.MULTILINE)


class MotoVersionMismatch(RuntimeError):
    pass


def pinned_version(requirements: pathlib.Path = REQUIREMENTS) -> str:
    match = _PIN.search(requirements.read_text())
    if match is None:
        raise MotoVersionMismatch(f"{requirements} pins no moto version (expected a line `moto[server]==X.Y.Z`)")
    return match.group(1)


def check(installed: str, requirements: pathlib.Path = REQUIREMENTS) -> None:
    """Raises with the fix when the installed moto is not the pinned one."""
    wanted = pinned_version(requirements)
    if installed != wanted:
        raise MotoVersionMismatch(
            f"the local AWS endpoint's extension patches moto {wanted} (pinned in {requirements}), "
            f"but moto {installed} is installed; recreate the venv: rm -rf .venv-local && scripts/setup-python"
        )
