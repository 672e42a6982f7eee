"""The daily pseudonymisation of financial records (platform/retention.py, PSEUDONYMISED_AFTER):
each run takes the records whose time fell in the span since the last run's end up to the period
before now, writes each one's pseudonymised fields, then records how far it went
(`pseudonymised/{collection}.upTo`). A run that fails part-way leaves the mark where it was, so the
next run does that span again (the writes are the same: pseudonymising twice changes nothing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import collections, retention
from storepulse.platform.db import merge_in_batches
from storepulse.platform.queries import QuerySpec

Writes = Iterable[tuple[firestore.DocumentReference, dict[str, Any]]]


def run(
    db: firestore.Client,
    collection: str,
    span: QuerySpec,
    writes_for: Callable[[firestore.DocumentSnapshot[Any]], Writes],
    now: datetime,
) -> int:
    """Pseudonymise `collection`'s records due by `now` (found by `span`, a range query on their
    time); returns how many documents were written."""
    mark = db.collection(collections.PSEUDONYMISED).document(collection)
    since = (mark.get().to_dict() or {}).get("upTo")
    before = now - retention.PSEUDONYMISED_AFTER[collection]
    if since is not None and since >= before:
        return 0
    due = span.build(db, since=since, before=before).stream()
    written = merge_in_batches(db, (write for snapshot in due for write in writes_for(snapshot)))
    mark.set({"upTo": before, "ranAt": now})
    return written
