"""StackSets with self-managed permissions, run for real: background
operations that deploy a stack through the engine in every target account
and region, role checks, operation preferences, per-instance status."""

from .api import apply

__all__ = ["apply"]
