"""moto, extended so that a CloudFormation deploy of the cicd-dsl stack
creates every resource with every property, emits per-resource stack events
and rolls back on failure.  `install()` applies the extension in-process;
`python -m cicd_local_aws.server` runs a moto server with it applied."""

from .install import install

__all__ = ["install"]
