"""`python -m cicd_local_aws.server --port N`: moto's server with the
extension installed."""

from __future__ import annotations

import argparse
import sys

from . import local_endpoint
from .install import install


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="cicd_local_aws.server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    install()
    local_endpoint.set_address(args.host, args.port)
    from moto.server import main as moto_main

    moto_main(["-H", args.host, "-p", str(args.port)])


if __name__ == "__main__":
    main(sys.argv[1:])
