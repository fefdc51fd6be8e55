"""Starts the extended moto server on a free port for the test session and
resets its state before each test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import boto3
import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def endpoint() -> str:
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT))
    # The server log is kept for diagnosing a failing test.
    log = open(Path(tempfile.gettempdir()) / f"cicd-local-aws-{port}.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cicd_local_aws.server", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/moto-api/", timeout=1)
            break
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited, see {log.name}")
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("server did not answer within 30 s")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(autouse=True)
def _reset(request: pytest.FixtureRequest) -> None:
    if "endpoint" in request.fixturenames or "aws" in request.fixturenames:
        url = request.getfixturevalue("endpoint")
        req = urllib.request.Request(f"{url}/moto-api/reset", method="POST")
        urllib.request.urlopen(req, timeout=10)


class Clients:
    def __init__(self, url: str):
        self._url = url

    def __getattr__(self, service: str):
        return boto3.client(
            service,
            endpoint_url=self._url,
            region_name=REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )


@pytest.fixture
def aws(endpoint: str) -> Clients:
    return Clients(endpoint)
