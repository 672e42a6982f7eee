"""Reading a scope's live stats: the summary document plus the sum of its shards.

Tests, the terminal view and the benchmark read through here; a web client does the same with two
listeners (docs/api.md, "Live stats").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from storepulse import schema
from storepulse.stats.counters import day_key
from storepulse.stats.scopes import Scope

TOTAL_FIELDS = (
    "redemptionsTotal",
    "discountCentsTotal",
    "commissionCentsTotal",
    "customersAcquired",
    "registrationsTotal",
    "actionsTotal",
)
DAY_FIELDS = (
    "redemptions",
    "discountCents",
    "commissionCents",
    "customersAcquired",
    "registrations",
    "actions",
    "activeUsers",
)


@dataclass(frozen=True)
class LiveStats:
    scope: str
    as_of: datetime
    day: str
    redemptions_today: int
    redemptions_total: int
    discount_cents_today: int
    discount_cents_total: int
    commission_cents_today: int
    commission_cents_total: int
    customers_acquired: int
    registrations_today: int
    actions_today: int
    active_today: int
    active_now: int
    active_now_as_of: datetime | None
    last_activity_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def sum_shards(shards: Iterable[dict[str, Any]], day: str) -> dict[str, int]:
    """Totals, the given day's figures (prefixed `today.`), and the latest activity in ms."""
    summed = dict.fromkeys(TOTAL_FIELDS, 0) | {f"today.{name}": 0 for name in DAY_FIELDS}
    summed["lastActivityMs"] = 0
    for shard in shards:
        for name in TOTAL_FIELDS:
            summed[name] += int(shard.get(name, 0))
        today = (shard.get("days") or {}).get(day) or {}
        for name in DAY_FIELDS:
            summed[f"today.{name}"] += int(today.get(name, 0))
        summed["lastActivityMs"] = max(summed["lastActivityMs"], int(shard.get("lastActivityMs", 0)))
    return summed


def stats_from(scope_id: str, summary: dict[str, Any], shards: Iterable[dict[str, Any]], now: datetime) -> LiveStats:
    day = day_key(now)
    s = sum_shards(shards, day)
    last_ms = s["lastActivityMs"]
    return LiveStats(
        scope=scope_id,
        as_of=now,
        day=day,
        redemptions_today=s["today.redemptions"],
        redemptions_total=s["redemptionsTotal"],
        discount_cents_today=s["today.discountCents"],
        discount_cents_total=s["discountCentsTotal"],
        commission_cents_today=s["today.commissionCents"],
        commission_cents_total=s["commissionCentsTotal"],
        customers_acquired=s["customersAcquired"],
        registrations_today=s["today.registrations"],
        actions_today=s["today.actions"],
        active_today=s["today.activeUsers"],
        active_now=int(summary.get("activeNow", 0)),
        active_now_as_of=summary.get("activeNowAsOf"),
        last_activity_at=datetime.fromtimestamp(last_ms / 1000, UTC) if last_ms else None,
    )


def read_live_stats(db: firestore.Client, scope: Scope, now: datetime) -> LiveStats:
    """The current figures of one scope, as of `now` ("today" is `now`'s UTC day)."""
    summary_ref = db.collection(schema.LIVE_STATS).document(scope.doc_id)
    summary = summary_ref.get().to_dict() or {}
    shards = [doc.to_dict() or {} for doc in summary_ref.collection(schema.SHARDS).stream()]
    return stats_from(scope.doc_id, summary, shards, now)
