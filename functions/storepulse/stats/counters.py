"""Writing live stats: a scope's counters are sharded (`liveStats/{scopeId}/shards/{n}`, see sharded.py)."""

from __future__ import annotations

from dataclasses import dataclass
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
        return LiveStatsShard.changes(
            redemptions_total=self.redemptions,
            discount_cents_total=self.discount_cents,
            commission_cents_total=self.commission_cents,
            customers_acquired=self.customers_acquired,
            registrations_total=self.registrations,
            actions_total=self.actions,
            days={day: daily},
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
