"""The extension refuses to run on a moto it was not written for."""

from importlib.metadata import version

import pytest

from cicd_local_aws import moto_version


def test_installed_moto_is_the_pinned_one():
    assert moto_version.pinned_version() == version("moto")
    moto_version.check(version("moto"))


def test_another_version_is_refused_with_the_fix(tmp_path):
    requirements = tmp_path / "requirements-local.txt"
    requirements.write_text("# comment\nmoto[server]==5.2.5\npytest==8\n")
    assert moto_version.pinned_version(requirements) == "5.2.5"
    with pytest.raises(moto_version.MotoVersionMismatch) as raised:
        moto_version.check("5.1.0", requirements)
    text = str(raised.value)
    assert "moto 5.2.5" in text and "moto 5.1.0 is installed" in text and "scripts/setup-python" in text


def test_a_file_without_a_pin_is_an_error(tmp_path):
    requirements = tmp_path / "requirements-local.txt"
    requirements.write_text("pytest==8\n")
    with pytest.raises(moto_version.MotoVersionMismatch, match="pins no moto version"):
        moto_version.pinned_version(requirements)
