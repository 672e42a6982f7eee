"""The every-minute job: move "active in the last 5 minutes" where it changed.

Cost per run: reads = presence documents inside the window (one per active user and scope) +
scopes whose figure was above zero (at least one read per query); writes = scopes whose figure
changed + 1 (the `liveWindows/current` stamp). An idle scope costs nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from google.cloud import firestore

from storepulse.platform import freshness
from storepulse.platform.windows import ONLINE_NOW_WINDOW, moved_figures
from storepulse.stats import store


def refresh_active_now(db: firestore.Client, now: datetime) -> dict[str, int]:
    """Write `activeNow` on the scopes whose count changed, stamp the window; returns what moved."""
    current = Counter(store.recent_presence_scopes(db, now - ONLINE_NOW_WINDOW))
    moved = moved_figures(store.nonzero_active_now(db), current)
    store.write_active_now(db, moved)
    freshness.stamp(db, freshness.ACTIVE_NOW, now)
    return moved
