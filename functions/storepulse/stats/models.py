"""The live-stats documents clients read: a scope's summary and its counter shards."""

from datetime import datetime

from pydantic import Field

from storepulse.platform.models import DocumentModel, absent
from storepulse.stats.scopes import ScopeKind


class LiveStatsSummary(DocumentModel):
    """`liveStats/{scopeId}` (`platform`, `shop_{shopId}` or `affiliate_{affiliateId}`): the scope's
    summary. `activeNow` (distinct users active in the last 5 minutes) is as of
    `liveWindows/current.activeNowAsOf`; the platform's summary holds only `scope` and `activeNow`."""

    scope: str
    kind: ScopeKind | None = absent()
    owner_id: str | None = absent()
    active_now: int
    created_at: datetime | None = absent()


class DailyActivity(DocumentModel):
    """One UTC day's figures in a live-stats shard."""

    redemptions: int = 0
    discount_cents: int = 0
    commission_cents: int = 0
    customers_acquired: int = 0
    registrations: int = 0
    actions: int = 0
    active_users: int = 0


class LiveStatsShard(DocumentModel):
    """`liveStats/{scopeId}/shards/{0..9}`: counters moved by blind increments into a random shard; a
    reader sums the shards (a field a shard lacks counts 0)."""

    redemptions_total: int = 0
    discount_cents_total: int = 0
    commission_cents_total: int = 0
    customers_acquired: int = 0
    registrations_total: int = 0
    actions_total: int = 0
    days: dict[str, DailyActivity] = Field(default_factory=dict, description="By UTC day, YYYY-MM-DD.")
    redemptions_by_coupon: dict[str, int] = Field(
        default_factory=dict,
        description="Redemptions not reversed, by coupon id (a shop's scope only).",
    )
    last_activity_ms: int | None = Field(
        default=None, description="Epoch milliseconds of the latest activity (the largest over the shards)."
    )
