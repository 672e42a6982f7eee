"""The admin activity feed: one `adminActivityLog` entry per recorded action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import schema


def log_admin_activity(
    db: firestore.Client,
    writer: firestore.Transaction | firestore.WriteBatch,
    *,
    kind: str,
    actor_uid: str | None,
    at: datetime,
    summary: str,
    **fields: Any,
) -> firestore.DocumentReference:
    """Add a feed entry in the caller's transaction or batch (auto id: no hot document)."""
    ref = db.collection(schema.ADMIN_ACTIVITY_LOG).document()
    writer.create(
        ref,
        {"type": kind, "actorUid": actor_uid, "createdAt": at, "summary": summary, **fields},
    )
    return ref
