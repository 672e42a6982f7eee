"""The platform pulse's documents clients read: the public pulse and the tier counters."""

from datetime import datetime

from pydantic import Field

from storepulse.platform.models import DocumentModel


class OnlineNow(DocumentModel):
    signed_in: int = Field(description="Users active in the last 5 minutes (as of the live-stats job).")
    anonymous: int = Field(description="Anonymous visitors' sessions seen in the last 5 minutes.")
    total: int


class HourBucket(DocumentModel):
    """One hour of the chart: every counted event (zero when none) and their total."""

    hour: str = Field(description="The UTC hour, YYYY-MM-DDTHH.")
    redemptions: int
    actions: int
    page_views: int
    scans: int
    orders: int
    total: int


class TierDistribution(DocumentModel):
    """Customers per tier; the sum equals `customers`."""

    bronze: int
    silver: int
    gold: int
    platinum: int


class PlatformPulse(DocumentModel):
    """`platformPulse/current`: the one public document (anyone may read it, with no sign-in):
    aggregates only, written once a minute. Show it as stale when `asOf` is over 2 minutes old."""

    total_users: int = Field(description="Users with any role; anonymous visitors excluded.")
    customers: int
    shops: int
    affiliates: int
    active_today: int
    online_now: OnlineNow
    last_hours: list[HourBucket] = Field(description="Exactly 12 hours, oldest first, ending with the current one.")
    tier_distribution: TierDistribution
    as_of: datetime


class TierShard(DocumentModel):
    """`platformTiers/current/shards/{0..9}`: customers per tier above bronze (bronze is every other
    customer), blind increments summed by readers."""

    silver: int = 0
    gold: int = 0
    platinum: int = 0
