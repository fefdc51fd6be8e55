"""Helpers of the endpoint's own routes (`/moto-api/cicd/...`)."""

from __future__ import annotations

from typing import Any


def request_body(request: Any, headers: Any) -> Any:
    """The raw body of a route's request, from moto's server or its in-process mock."""
    environ = getattr(request, "environ", None)
    if environ is None:  # the in-process mock hands over the prepared request
        return request.body
    size = int(headers.get("Content-Length") or 0)
    return environ["wsgi.input"].read(size) if size else b""
