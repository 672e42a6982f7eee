"""Recompute every denormalized view and counter from its source documents and list mismatches.

One checker per capability, registered in `CHECKERS`; `scripts/verify`, the load tests and the
benchmark run them all through `verify`. Every checker reads the database as of one instant (a
point-in-time read), so a scan of a stack under live traffic never sees half of a transaction. A
full scan: meant for the emulator, load tests, the benchmark and audits, not for a hot path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.cloud import firestore

from storepulse.platform.db import server_time
from storepulse.verify import analytics, loyalty, notifications, orders, redemptions, stats, visitors
from storepulse.verify.common import Mismatch

# check(db, at): every mismatch of one capability's views, reading the database as of `at`.
Checker = Callable[[firestore.Client, datetime], list[Mismatch]]

# (capability, checker): a new capability adds its checker here.
CHECKERS: tuple[tuple[str, Checker], ...] = (
    ("redemptions", redemptions.check),
    ("stats", stats.check),
    ("visitors", visitors.check),
    ("notifications", notifications.check),
    ("loyalty", loyalty.check),
    ("orders", orders.check),
    ("analytics", analytics.check),
)

__all__ = ["CHECKERS", "Mismatch", "verify"]


def verify(db: firestore.Client) -> list[Mismatch]:
    """Every mismatch between a stored view and its recomputation (empty when all agree), as of now."""
    at = server_time(db)
    return [mismatch for _, check in CHECKERS for mismatch in check(db, at)]
