"""The every-minute job: recount who was active in the last 5 minutes for every scope."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from google.cloud import firestore

from storepulse import queries, schema
from storepulse.db import merge_in_batches
from storepulse.stats.scopes import PLATFORM
from storepulse.windows import ONLINE_NOW_WINDOW


def refresh_active_now(db: firestore.Client, now: datetime) -> dict[str, int]:
    """Set `activeNow` and `activeNowAsOf` on every scope's summary; returns the counts written."""
    since = now - ONLINE_NOW_WINDOW
    recent = queries.ACTIVE_PRESENCE.build(db, since=since)
    counts = Counter(str((doc.to_dict() or {}).get("scope")) for doc in recent.stream())
    scope_ids = {doc.id for doc in db.collection(schema.LIVE_STATS).select([]).stream()}
    scope_ids |= set(counts) | {PLATFORM.doc_id}
    written = {scope_id: counts.get(scope_id, 0) for scope_id in sorted(scope_ids)}
    merge_in_batches(
        db,
        (
            (
                db.collection(schema.LIVE_STATS).document(scope_id),
                {"scope": scope_id, "activeNow": active, "activeNowAsOf": now},
            )
            for scope_id, active in written.items()
        ),
    )
    return written
