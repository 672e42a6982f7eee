"""The platform pulse's collections: events per hour, users per role, customers per tier, and the
public document."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.analytics.models import TierShard
from storepulse.analytics.rules import Event, hour_key, role_moves, tier_moves
from storepulse.platform import collections, sharded, txn
from storepulse.platform.ports import Compensation

Writer = txn.Writer


def _ref(db: firestore.Client, collection: str, doc_id: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collection).document(doc_id)
    return ref


def hour_ref(db: firestore.Client, hour: str) -> firestore.DocumentReference:
    """`platformHours/{YYYY-MM-DDTHH}`: its counters are the shards below it."""
    return _ref(db, collections.PLATFORM_HOURS, hour)


def users_ref(db: firestore.Client) -> firestore.DocumentReference:
    return _ref(db, collections.PLATFORM_USERS, "current")


def tiers_ref(db: firestore.Client) -> firestore.DocumentReference:
    """`platformTiers/current`: customers per tier above bronze (bronze is every other customer)."""
    return _ref(db, collections.PLATFORM_TIERS, "current")


def pulse_ref(db: firestore.Client) -> firestore.DocumentReference:
    return _ref(db, collections.PLATFORM_PULSE, "current")


def count_event(writer: Writer, db: firestore.Client, event: Event, at: datetime) -> None:
    """One event in its hour's bucket (a blind increment in the event's own transaction)."""
    sharded.increment(writer, hour_ref(db, hour_key(at)), {event.value: 1})


def move_users(writer: Writer, db: firestore.Client, moves: dict[str, int]) -> None:
    sharded.increment(writer, users_ref(db), moves)


def move_tiers(writer: Writer, db: firestore.Client, moves: dict[str, int]) -> None:
    """Move the customers per tier (`TierShard` names: the tiers above bronze)."""
    sharded.increment(writer, tiers_ref(db), TierShard.changes(**moves))


def count_role_change(
    db: firestore.Client, writer: Writer, *, old_role: str | None, new_role: str, tier: str | None
) -> Compensation:
    """Move the user and tier counters for one role change (the `RoleCounters` port); returns the
    moves back, for a grant's undo."""
    moves = [
        (users_ref(db), role_moves(old_role, new_role)),
        (tiers_ref(db), TierShard.changes(**tier_moves(old_role, new_role, tier))),
    ]
    moved = [(parent, counts) for parent, counts in moves if counts]
    for parent, counts in moved:
        sharded.increment(writer, parent, counts)

    def undo(batch: Writer) -> None:
        for parent, counts in moved:
            sharded.increment(batch, parent, {name: -value for name, value in counts.items()})

    return undo


def read_hours(db: firestore.Client, hours: list[str]) -> dict[str, dict[str, Any]]:
    """Each hour's summed counters (hours x shards documents, in one batch read)."""
    summed = sharded.read_fixed(db, [hour_ref(db, hour) for hour in hours])
    return {hour: summed[hour_ref(db, hour).path] for hour in hours}


def read_users(db: firestore.Client, read_time: datetime | None = None) -> dict[str, Any]:
    return sharded.read(users_ref(db), read_time)


def read_tiers(db: firestore.Client, read_time: datetime | None = None) -> dict[str, Any]:
    return sharded.drop_zeros(sharded.read(tiers_ref(db), read_time))


def all_hours(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    """Every hour bucket ever counted (verify)."""
    return {
        ref.id: sharded.drop_zeros(sharded.read(ref, read_time))
        for ref in db.collection(collections.PLATFORM_HOURS).list_documents(read_time=read_time)
    }


def write_pulse(db: firestore.Client, document: dict[str, Any]) -> None:
    pulse_ref(db).set(document)
