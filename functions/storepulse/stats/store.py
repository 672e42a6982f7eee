"""The live-stats collections: scope summaries and shards, daily activity markers, presence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import collections, queries, retention, sharded
from storepulse.platform.clock import day_key
from storepulse.platform.db import documents, merge_in_batches
from storepulse.stats.models import LiveStatsSummary
from storepulse.stats.scopes import Scope


def scope_ref(db: firestore.Client, scope: Scope | str) -> firestore.DocumentReference:
    """`liveStats/{scopeId}`: the summary; its counters are the shards below it."""
    doc_id = scope if isinstance(scope, str) else scope.doc_id
    ref: firestore.DocumentReference = db.collection(collections.LIVE_STATS).document(doc_id)
    return ref


def marker_ref(db: firestore.Client, scope: Scope, uid: str, at: datetime) -> firestore.DocumentReference:
    """Created the first time `uid` acts in `scope` on `at`'s UTC day."""
    ref: firestore.DocumentReference = db.collection(collections.ACTIVITY_MARKERS).document(
        f"{scope.doc_id}_{day_key(at)}_{uid}"
    )
    return ref


def presence_ref(db: firestore.Client, scope: Scope, uid: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.PRESENCE).document(f"{scope.doc_id}_{uid}")
    return ref


def marker_document(scope: Scope, uid: str, at: datetime) -> dict[str, Any]:
    return {
        "scope": scope.doc_id,
        "uid": uid,
        "day": day_key(at),
        "firstAt": at,
        "expireAt": retention.expire_at(collections.ACTIVITY_MARKERS, at),
    }


def presence_document(scope: Scope, uid: str, at: datetime) -> dict[str, Any]:
    return {
        "scope": scope.doc_id,
        "uid": uid,
        "lastActiveAt": at,
        "expireAt": retention.expire_at(collections.PRESENCE, at),
    }


def opened_summary(scope: Scope, now: datetime) -> dict[str, Any]:
    """A new scope's summary, so its owner's dashboard has a document to listen to at once."""
    return LiveStatsSummary(
        scope=scope.doc_id, kind=scope.kind, owner_id=scope.owner_id, active_now=0, created_at=now
    ).as_document()


def nonzero_active_now(db: firestore.Client) -> dict[str, int]:
    """Scope id -> `activeNow` for every scope whose figure is above zero."""
    query = queries.ACTIVE_NOW_SCOPES.build(db, since=1).select(["activeNow"])
    return {snapshot.id: int(snapshot.get("activeNow")) for snapshot in query.stream()}


def scope_ids(db: firestore.Client, read_time: datetime | None = None) -> set[str]:
    """Every scope with a summary or shards (verify's full scan, as of `read_time`)."""
    return {ref.id for ref in db.collection(collections.LIVE_STATS).list_documents(read_time=read_time)}


def recent_presence_scopes(db: firestore.Client, since: datetime) -> Iterator[str]:
    """The scope of every presence seen at or after `since` (one per active user and scope)."""
    for doc in queries.ACTIVE_PRESENCE.build(db, since=since).stream():
        yield str((doc.to_dict() or {}).get("scope"))


def read_summary_and_shards(db: firestore.Client, scope: Scope) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    summary_ref = scope_ref(db, scope)
    summary = summary_ref.get().to_dict() or {}
    return summary, sharded.read_shards(summary_ref)


def scope_counts(db: firestore.Client, scope_id: str, read_time: datetime | None = None) -> dict[str, Any]:
    """A scope's counters summed over its shards (as of `read_time`)."""
    return sharded.read(scope_ref(db, scope_id), read_time)


def all_markers(db: firestore.Client, read_time: datetime | None = None) -> Iterator[dict[str, Any]]:
    return (fields for _, fields in documents(db, collections.ACTIVITY_MARKERS, read_time))


def write_active_now(db: firestore.Client, active_by_scope: dict[str, int]) -> None:
    """Set the "active now" count of each scope given (batched); no other summary is touched."""
    merge_in_batches(
        db,
        (
            (scope_ref(db, scope_id), LiveStatsSummary.changes(scope=scope_id, active_now=active))
            for scope_id, active in active_by_scope.items()
        ),
    )
