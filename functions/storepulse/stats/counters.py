"""Writing live stats: a scope's counters are sharded (`liveStats/{scopeId}/shards/{n}`, see sharded.py)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import sharded, txn
from storepulse.platform.caller import Role
from storepulse.platform.clock import day_key, epoch_ms
from storepulse.stats import scopes, store
from storepulse.stats.models import DailyActivity, LiveStatsShard
from storepulse.stats.scopes import Scope


@dataclass(frozen=True)
class StatsDelta:
    """How much one action moves a scope's counters (negative when a redemption is reversed).

    `coupon_id` names the coupon the redemptions are of: they are counted for it too, in
    `redemptionsByCoupon` (only a shop's scope names it: a shop's page shows each coupon's usage).
    """

    redemptions: int = 0
    discount_cents: int = 0
    commission_cents: int = 0
    customers_acquired: int = 0
    registrations: int = 0
    actions: int = 0
    active_today: int = 0
    coupon_id: str | None = None

    def negated(self) -> StatsDelta:
        numbers = (field.name for field in fields(self) if field.name != "coupon_id")
        return replace(self, **{name: -getattr(self, name) for name in numbers})

    def counts(self, day: str) -> dict[str, Any]:
        daily = DailyActivity.changes(
            redemptions=self.redemptions,
            discount_cents=self.discount_cents,
            commission_cents=self.commission_cents,
            customers_acquired=self.customers_acquired,
            registrations=self.registrations,
            actions=self.actions,
            active_users=self.active_today,
        )
        by_coupon = {"redemptions_by_coupon": {self.coupon_id: self.redemptions}} if self.coupon_id else {}
        return LiveStatsShard.changes(
            redemptions_total=self.redemptions,
            discount_cents_total=self.discount_cents,
            commission_cents_total=self.commission_cents,
            customers_acquired=self.customers_acquired,
            registrations_total=self.registrations,
            actions_total=self.actions,
            days={day: daily},
            **by_coupon,
        )


def add_to_stats(
    db: firestore.Client,
    writer: txn.Writer,
    scope: Scope,
    delta: StatsDelta,
    *,
    counted_on: datetime,
    activity_at: datetime | None = None,
) -> None:
    """Move `scope`'s counters by `delta` (daily figures on the day of `counted_on`)."""
    latest = (
        LiveStatsShard.changes(last_activity_ms=firestore.Maximum(epoch_ms(activity_at)))
        if activity_at is not None
        else None
    )
    sharded.increment(writer, store.scope_ref(db, scope), delta.counts(day_key(counted_on)), latest)


def open_scope(
    db: firestore.Client, writer: txn.Writer, role: Role, owner_id: str, now: datetime
) -> firestore.DocumentReference:
    """Create (or keep) the summary document of a new shop's or affiliate's scope; returns it (for an undo)."""
    scope = scopes.owned(role, owner_id)
    ref = store.scope_ref(db, scope)
    writer.set(ref, store.opened_summary(scope, now), merge=True)
    return ref
