"""How long each collection that holds personal data or grows with traffic keeps a document: the one
table (docs/deploying.md, "Retention", lists the same rows with the reason for each).

Every document of these collections carries `expireAt` (`expire_at(collection, its time)`), and
`firestore.indexes.json` declares a TTL policy on that field for the collection group
(`tests/unit/test_retention.py` holds the two together). Firestore deletes a document some time
after its `expireAt` (usually within a day), so a reader never counts on an expired one being gone,
and `scripts/verify` never counts on one being there: it recounts only the days every one of whose
events is still kept (`kept_since`), and takes older days' figures as stored.

Financial records (redemptions, orders and their timelines, the points ledger) and the documents a
relationship lives on (profiles, enrollments, a shop's and an affiliate's customer records) are not
in the table: they are kept. Redemptions and orders lose their personal fields instead, this long
after their time (`PSEUDONYMISED_AFTER`, the daily `pseudonymise_records` job): the customer's name
becomes a pseudonym, an order's address, delivery location and notes go; amounts, ids and
statuses stay, so every figure still adds up.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from storepulse.platform import collections as c

# collection group -> how long after its time a document is kept (the time each one counts from is
# in the docs' table: when it was written, or its last activity, or when it was read).
PERIODS: dict[str, timedelta] = {
    c.VISITOR_SESSIONS: timedelta(days=30),
    c.PAGE_VIEWS: timedelta(days=90),
    c.CHECKOUTS: timedelta(days=90),
    c.PAYMENT_ERRORS: timedelta(days=90),
    c.USER_ACTION_LOG: timedelta(days=90),
    c.ADMIN_ACTIVITY_LOG: timedelta(days=365),
    c.ACTIVITY_MARKERS: timedelta(days=90),
    c.PRESENCE: timedelta(days=2),
    c.RATE_LIMIT_SLOTS: timedelta(hours=2),
    c.QR_NONCES: timedelta(days=1),
    c.QR_SCANS: timedelta(days=90),
    c.POINTS_REQUESTS: timedelta(days=90),
    c.NOTIFICATIONS: timedelta(days=90),
    c.IDEMPOTENCY_KEYS: timedelta(days=7),
    c.IDEMPOTENCY_CLAIMS: timedelta(days=1),
}

# collection group -> the field of a document its period counts from (docs/deploying.md's "counted
# from" column; a notification's only once it is read).
COUNTED_FROM: dict[str, str] = {
    c.VISITOR_SESSIONS: "lastActivityAt",
    c.PAGE_VIEWS: "at",
    c.CHECKOUTS: "startedAt",
    c.PAYMENT_ERRORS: "createdAt",
    c.USER_ACTION_LOG: "createdAt",
    c.ADMIN_ACTIVITY_LOG: "createdAt",
    c.ACTIVITY_MARKERS: "firstAt",
    c.PRESENCE: "lastActiveAt",
    c.RATE_LIMIT_SLOTS: "at",
    c.QR_NONCES: "at",
    c.QR_SCANS: "at",
    c.POINTS_REQUESTS: "createdAt",
    c.NOTIFICATIONS: "readAt",
    c.IDEMPOTENCY_KEYS: "createdAt",
    c.IDEMPOTENCY_CLAIMS: "claimedAt",
}

# The one exception to a collection's period: an idempotency record under a server-made call id
# (no caller's key) only answers the call that made it, so it is kept as long as a claim.
SERVER_CALL_RECORDS = PERIODS[c.IDEMPOTENCY_CLAIMS]


# collection -> how long after its time (a redemption's `redeemedAt`, an order's `finishedAt`) a
# financial record keeps its personal fields.
PSEUDONYMISED_AFTER: dict[str, timedelta] = {
    c.REDEMPTIONS: timedelta(days=365),
    c.ORDERS: timedelta(days=365),
}


def pseudonym(uid: str) -> str:
    """What stands for a customer's name on an old record: the same for every record of the customer,
    and nothing of the name."""
    return f"Customer {hashlib.sha256(uid.encode()).hexdigest()[:8]}"


def period(collection: str) -> timedelta:
    return PERIODS[collection]


def expire_at(collection: str, at: datetime) -> datetime:
    """The `expireAt` of a `collection` document whose time is `at`."""
    return at + PERIODS[collection]


def kept_since(collection: str, now: datetime) -> datetime:
    """The start of the first UTC day all of whose `collection` documents are still kept at `now` (a
    TTL policy may already have deleted some of the day before)."""
    cutoff = now - PERIODS[collection]
    day = datetime(cutoff.year, cutoff.month, cutoff.day, tzinfo=UTC)
    return day + timedelta(days=1)


def day_kept(collection: str, day: str, now: datetime) -> bool:
    """Whether every `collection` document of UTC day `day` (YYYY-MM-DD) is still kept at `now`."""
    return day >= kept_since(collection, now).strftime("%Y-%m-%d")


def hour_kept(collection: str, hour: str, now: datetime) -> bool:
    """Whether every `collection` document of UTC hour `hour` (YYYY-MM-DDTHH) is still kept at `now`."""
    return hour >= kept_since(collection, now).strftime("%Y-%m-%dT%H")
