"""Where this endpoint answers, for the functions it runs (their SDKs call
back here).  `server.main` records it; in-process use (tests that install
the extension without a server) keeps the default of moto's usual port."""

from __future__ import annotations

_url = "http://127.0.0.1:5000"


def set_address(host: str, port: int) -> None:
    global _url
    # A server listening on every interface is reached on the loopback one.
    reachable = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    _url = f"http://{reachable}:{port}"


def url() -> str:
    return _url
