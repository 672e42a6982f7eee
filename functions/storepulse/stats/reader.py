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

from storepulse.platform import freshness, sharded
from storepulse.platform.clock import day_key
from storepulse.stats import store
from storepulse.stats.scopes import Scope


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


def stats_from(
    scope_id: str,
    summary: dict[str, Any],
    shards: Iterable[dict[str, Any]],
    now: datetime,
    active_now_as_of: datetime | None = None,
) -> LiveStats:
    """A scope's figures from its summary and shards ("today" is `now`'s UTC day); "active now" is
    as of the last window run (`liveWindows/current`)."""
    shards = list(shards)
    day = day_key(now)
    totals = sharded.sum_shards(shards)
    today = totals.get("days", {}).get(day, {})
    # The only figure that is a maximum across shards rather than a sum.
    last_ms = max((int(shard.get("lastActivityMs", 0)) for shard in shards), default=0)
    return LiveStats(
        scope=scope_id,
        as_of=now,
        day=day,
        redemptions_today=int(today.get("redemptions", 0)),
        redemptions_total=int(totals.get("redemptionsTotal", 0)),
        discount_cents_today=int(today.get("discountCents", 0)),
        discount_cents_total=int(totals.get("discountCentsTotal", 0)),
        commission_cents_today=int(today.get("commissionCents", 0)),
        commission_cents_total=int(totals.get("commissionCentsTotal", 0)),
        customers_acquired=int(totals.get("customersAcquired", 0)),
        registrations_today=int(today.get("registrations", 0)),
        actions_today=int(today.get("actions", 0)),
        active_today=int(today.get("activeUsers", 0)),
        active_now=int(summary.get("activeNow", 0)),
        active_now_as_of=active_now_as_of,
        last_activity_at=datetime.fromtimestamp(last_ms / 1000, UTC) if last_ms else None,
    )


def read_live_stats(db: firestore.Client, scope: Scope, now: datetime) -> LiveStats:
    """The current figures of one scope, as of `now` ("today" is `now`'s UTC day)."""
    summary, shards = store.read_summary_and_shards(db, scope)
    return stats_from(scope.doc_id, summary, shards, now, freshness.applied_at(db, freshness.ACTIVE_NOW))
