"""Who is active: presence (for "active in the last 5 minutes") and daily markers ("active today").

`presence/{scopeId}_{uid}` is overwritten blindly on every action. `activityMarkers/{scopeId}_{day}_{uid}`
is *created* the first time a user acts in a scope on a day, and only then is that day's
`activeUsers` counter moved, so the count is of distinct users and exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from google.cloud import firestore

from storepulse.platform import txn
from storepulse.stats import store
from storepulse.stats.scopes import Scope


def marker_refs(
    db: firestore.Client, scopes: Iterable[Scope], uid: str, at: datetime
) -> list[firestore.DocumentReference]:
    return [store.marker_ref(db, scope, uid, at) for scope in scopes]


def record_activity(
    db: firestore.Client,
    writer: txn.Writer,
    *,
    scopes: Iterable[Scope],
    uid: str,
    at: datetime,
    markers_seen: Mapping[str, bool],
) -> set[Scope]:
    """Write presence for each scope and create today's marker where none was seen.

    Returns the scopes where `uid` is newly active today; the caller adds `active_today=1` to
    those scopes' stats in the same write. A marker created meanwhile by a parallel call makes
    the commit fail, and the caller re-plans.
    """
    newly_active: set[Scope] = set()
    for scope in scopes:
        writer.set(store.presence_ref(db, scope, uid), store.presence_document(scope, uid, at))
        marker = store.marker_ref(db, scope, uid, at)
        if not markers_seen.get(marker.path, False):
            writer.create(marker, store.marker_document(scope, uid, at))
            newly_active.add(scope)
    return newly_active
