"""The every-minute job: recount who was active in the last 5 minutes for every scope."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from google.cloud import firestore

from storepulse.platform.windows import ONLINE_NOW_WINDOW
from storepulse.stats import store
from storepulse.stats.scopes import PLATFORM


def refresh_active_now(db: firestore.Client, now: datetime) -> dict[str, int]:
    """Set `activeNow` and `activeNowAsOf` on every scope's summary; returns the counts written."""
    counts = Counter(store.recent_presence_scopes(db, now - ONLINE_NOW_WINDOW))
    scope_ids = store.summary_ids(db) | set(counts) | {PLATFORM.doc_id}
    written = {scope_id: counts.get(scope_id, 0) for scope_id in sorted(scope_ids)}
    store.write_active_now(db, written, now)
    return written
