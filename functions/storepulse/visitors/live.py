"""Reading, recounting and cleaning the live visitor counts of a shop."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import freshness, idempotency, sharded, txn
from storepulse.platform.windows import ONLINE_NOW_WINDOW, SESSION_IDLE_TIMEOUT, moved_figures
from storepulse.visitors import store
from storepulse.visitors.rules import LiveState
from storepulse.visitors.sessions import close_session

COUNT_FIELDS = ("total", "checkouts", "payments")
GROUP_FIELDS = ("pageTypes", "categories", "offers", "products")
CLEANUP_BATCH = 200


@dataclass(frozen=True)
class LiveVisitors:
    shop_id: str
    counts: dict[str, Any]
    online_now: int
    as_of: datetime | None
    updated_at: datetime | None

    def figure(self, name: str) -> int:
        return int(self.counts.get(name, 0))


def normalised(counts: dict[str, Any]) -> dict[str, Any]:
    """Counts in a comparable form: every top-level field present, zero entries dropped."""
    kept = sharded.drop_zeros(counts)
    return {name: int(kept.get(name, 0)) for name in COUNT_FIELDS} | {
        group: kept.get(group, {}) for group in GROUP_FIELDS
    }


def read_live_visitors(db: firestore.Client, shop_id: str, read_time: datetime | None = None) -> LiveVisitors:
    summary, shards = store.live_summary_and_shards(db, shop_id, read_time)
    updated = [s["updatedAt"] for s in shards if s.get("updatedAt")]
    return LiveVisitors(
        shop_id=shop_id,
        counts=normalised(sharded.sum_shards(shards)),
        online_now=int(summary.get("onlineNow", 0)),
        as_of=freshness.applied_at(db, freshness.ONLINE_NOW, read_time),
        updated_at=max(updated) if updated else None,
    )


def recount_live_visitors(db: firestore.Client, shop_id: str, read_time: datetime | None = None) -> dict[str, Any]:
    """The live counts recomputed from the session documents (what the shards must sum to)."""
    return recount_by_shop(store.active_sessions_of_shop(db, shop_id, read_time)).get(shop_id, normalised({}))


def recount_by_shop(sessions: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each shop's live counts from session documents (inactive ones count nothing)."""
    totals: dict[str, dict[str, Any]] = {}
    for session in sessions:
        state = LiveState.of(session)
        if state is not None:
            sharded.merge_counts(totals.setdefault(state.shop_id, {}), state.counts(1))
    return {shop_id: normalised(total) for shop_id, total in totals.items()}


def stored_live_counts(db: firestore.Client, shop_id: str, read_time: datetime | None = None) -> dict[str, Any]:
    """The live counts the shop's shards sum to (one read; no summary, no freshness)."""
    return normalised(sharded.sum_shards(sharded.read_shards(store.live_ref(db, shop_id), read_time)))


def expire_idle_sessions(db: firestore.Client, now: datetime) -> int:
    """Take sessions idle past the timeout out of every live count; returns how many expired."""
    cutoff = now - SESSION_IDLE_TIMEOUT
    expired = 0
    while True:
        idle = store.idle_sessions(db, cutoff, CLEANUP_BATCH)
        for ref in idle:
            expired += _expire(db, ref, cutoff, now)
        if len(idle) < CLEANUP_BATCH:
            return expired


def _expire(db: firestore.Client, ref: firestore.DocumentReference, cutoff: datetime, now: datetime) -> int:
    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        current = txn.read(transaction, ref).to_dict() or {}
        # The visitor may have come back since the query ran.
        if current.get("status") != "active" or current["lastActivityAt"] > cutoff:
            return {"expired": 0}
        close_session(db, transaction, ref, current, now=now, reason="expired")
        return {"expired": 1}

    call = idempotency.IdempotentCall.server_made(db, "expire_session", "cleanup")
    return int(txn.run(db, attempt, marker=call.at(now))["expired"])


def refresh_online_now(db: firestore.Client, now: datetime) -> dict[str, int]:
    """Write `onlineNow` on the shops whose count of visitors active in the last 5 minutes changed,
    then stamp the window; returns what moved."""
    online = Counter(store.online_session_shops(db, now - ONLINE_NOW_WINDOW))
    moved = moved_figures(store.nonzero_online_now(db), online)
    store.write_online_now(db, moved)
    freshness.stamp(db, freshness.ONLINE_NOW, now)
    return moved


def run_cleanup(db: firestore.Client, now: datetime) -> dict[str, Any]:
    """The every-minute job: expire idle sessions, then move online-now where it changed.

    Cost per run: reads = sessions idle past the timeout (each then re-read and closed in its own
    transaction) + sessions active inside the online window + shops whose figure was above zero;
    writes = the expired sessions' closing writes + shops whose figure changed + 1 (the stamp).
    An idle shop costs nothing.
    """
    expired = expire_idle_sessions(db, now)
    return {"expired": expired, "onlineNow": refresh_online_now(db, now)}
