"""`liveWindows/current`: when each windowed figure ("active now", "online now") was last applied.

The every-minute jobs rewrite only the figures that changed, so an idle scope's document is never
touched and its dashboards get no snapshot; the figures are "as of" this one small document, which
a client listens to once (anyone may read it: it holds two timestamps).
"""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.platform import collections
from storepulse.platform.models import LiveWindows

ACTIVE_NOW = LiveWindows.stored("active_now_as_of")
ONLINE_NOW = LiveWindows.stored("online_now_as_of")


def ref(db: firestore.Client) -> firestore.DocumentReference:
    document: firestore.DocumentReference = db.collection(collections.LIVE_WINDOWS).document("current")
    return document


def stamp(db: firestore.Client, field: str, now: datetime) -> None:
    """Say that the window behind `field` was applied to every figure as of `now` (one write)."""
    ref(db).set({field: now}, merge=True)


def applied_at(db: firestore.Client, field: str, read_time: datetime | None = None) -> datetime | None:
    applied: datetime | None = (ref(db).get(read_time=read_time).to_dict() or {}).get(field)
    return applied
