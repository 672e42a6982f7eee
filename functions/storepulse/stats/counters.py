"""Writing live stats: blind increments into one of a scope's shards (no hot document).

A scope's shards live at `liveStats/{scopeId}/shards/{0..SHARDS-1}`; a reader sums them. Each
write picks a random shard and only increments (never reads), so parallel writers at one shop
neither contend on one document nor lose updates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import schema
from storepulse.stats.scopes import Scope

SHARDS = 10


def day_key(at: datetime) -> str:
    """The UTC calendar day an instant counts toward ("today" on every dashboard)."""
    return at.strftime("%Y-%m-%d")


def epoch_ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


@dataclass(frozen=True)
class StatsDelta:
    """How much one action moves a scope's counters (negative when a redemption is reversed)."""

    redemptions: int = 0
    discount_cents: int = 0
    commission_cents: int = 0
    customers_acquired: int = 0
    registrations: int = 0
    actions: int = 0
    active_today: int = 0

    def negated(self) -> StatsDelta:
        return StatsDelta(**{name: -value for name, value in self.__dict__.items()})

    def fields(self, day: str) -> dict[str, Any]:
        totals = {
            "redemptionsTotal": self.redemptions,
            "discountCentsTotal": self.discount_cents,
            "commissionCentsTotal": self.commission_cents,
            "customersAcquired": self.customers_acquired,
            "registrationsTotal": self.registrations,
            "actionsTotal": self.actions,
        }
        daily = {
            "redemptions": self.redemptions,
            "discountCents": self.discount_cents,
            "commissionCents": self.commission_cents,
            "customersAcquired": self.customers_acquired,
            "registrations": self.registrations,
            "actions": self.actions,
            "activeUsers": self.active_today,
        }
        fields: dict[str, Any] = {name: firestore.Increment(v) for name, v in totals.items() if v}
        day_fields = {name: firestore.Increment(v) for name, v in daily.items() if v}
        if day_fields:
            fields["days"] = {day: day_fields}
        return fields


def shard_ref(db: firestore.Client, scope: Scope, shard: int) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = (
        db.collection(schema.LIVE_STATS).document(scope.doc_id).collection(schema.SHARDS).document(str(shard))
    )
    return ref


def add_to_stats(
    db: firestore.Client,
    writer: firestore.Transaction | firestore.WriteBatch,
    scope: Scope,
    delta: StatsDelta,
    *,
    counted_on: datetime,
    activity_at: datetime | None = None,
) -> None:
    """Move `scope`'s counters by `delta` (daily figures on the day of `counted_on`)."""
    fields = delta.fields(day_key(counted_on))
    if activity_at is not None:
        fields["lastActivityMs"] = firestore.Maximum(epoch_ms(activity_at))
    if fields:
        writer.set(shard_ref(db, scope, random.randrange(SHARDS)), fields, merge=True)
