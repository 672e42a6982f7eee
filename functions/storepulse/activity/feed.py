"""The admin activity feed: one `adminActivityLog` entry per recorded action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.activity import store
from storepulse.platform import txn


def log_admin_activity(
    db: firestore.Client,
    writer: txn.Writer,
    *,
    kind: str,
    actor_uid: str | None,
    at: datetime,
    summary: str,
    **fields: Any,
) -> firestore.DocumentReference:
    """Add a feed entry in the caller's transaction or batch."""
    ref = store.new_feed_entry_ref(db)
    writer.create(ref, store.feed_entry(kind, actor_uid, at, summary, fields))
    return ref
