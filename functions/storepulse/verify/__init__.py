"""Recompute every denormalized view and counter from its source documents and list mismatches.

One checker per capability, registered in `CHECKERS`; `scripts/verify`, the load tests and the
benchmark run them all through `verify`. A full scan: meant for the emulator, load tests, the
benchmark and audits, not for a hot path.
"""

from __future__ import annotations

from collections.abc import Callable

from google.cloud import firestore

from storepulse.verify import redemptions, stats, visitors
from storepulse.verify.common import Mismatch

Checker = Callable[[firestore.Client], list[Mismatch]]

# (capability, checker): a new capability adds its checker here.
CHECKERS: tuple[tuple[str, Checker], ...] = (
    ("redemptions", redemptions.check),
    ("stats", stats.check),
    ("visitors", visitors.check),
)

__all__ = ["CHECKERS", "Mismatch", "verify"]


def verify(db: firestore.Client) -> list[Mismatch]:
    """Every mismatch between a stored view and its recomputation (empty when all agree)."""
    return [mismatch for _, check in CHECKERS for mismatch in check(db)]
