"""The platform pulse recomputed from its sources: users per role and customers per tier from
`users`, and every hour bucket from the events themselves (redemptions, tracked actions, page
views, accepted QR scans, placed orders). Actions, page views and scans expire
(platform/retention.py): an hour whose events of a kind may be gone counts that kind as stored."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.activity import store as activity
from storepulse.analytics import store
from storepulse.analytics.rules import ROLE_FIGURES, Event, hour_key
from storepulse.identity import store as identity
from storepulse.loyalty import store as loyalty
from storepulse.orders import store as orders
from storepulse.platform import collections, retention, sharded
from storepulse.platform.caller import Role
from storepulse.redemptions import store as redemptions
from storepulse.verify.common import Mismatch, compare, flatten
from storepulse.verify.stats import TRACKED_ACTIONS
from storepulse.visitors import store as visitors


def check_users(db: firestore.Client, at: datetime) -> list[Mismatch]:
    roles: Counter[str] = Counter()
    for _, profile in identity.all_profiles(db, at):
        if profile.get("role") in ROLE_FIGURES:
            roles[ROLE_FIGURES[Role(profile["role"])]] += 1
    stored = sharded.drop_zeros(store.read_users(db, at))
    return compare("platformUsers", "current", stored, dict(roles))


def event_times(db: firestore.Client, at: datetime) -> Iterable[tuple[Event, datetime]]:
    """When every counted event happened, from the collections that record them."""
    for redemption in redemptions.all_redemptions(db, at):
        yield Event.REDEMPTIONS, redemption["redeemedAt"]
    for entry in activity.all_user_actions(db, at):
        if entry.get("action") in TRACKED_ACTIONS:
            yield Event.ACTIONS, entry["createdAt"]
    for view in visitors.all_page_views(db, at):
        yield Event.PAGE_VIEWS, view["at"]
    for scan in loyalty.all_scans(db, at):
        if scan.get("outcome") != "refused":
            yield Event.SCANS, scan["at"]
    for order in orders.all_orders(db, at).values():
        yield Event.ORDERS, order["placedAt"]


# The events whose source documents expire, and the collection each one is counted from.
EXPIRING_SOURCES = {
    Event.ACTIONS: collections.USER_ACTION_LOG,
    Event.PAGE_VIEWS: collections.PAGE_VIEWS,
    Event.SCANS: collections.QR_SCANS,
}


def _recounted(event: Event, hour: str, at: datetime) -> bool:
    """Whether every source of `event` in `hour` is still kept (else the hour's figure counts as stored)."""
    source = EXPIRING_SOURCES.get(event)
    return source is None or retention.hour_kept(source, hour, at)


def check_hours(db: firestore.Client, at: datetime) -> list[Mismatch]:
    expected: dict[str, dict[str, Any]] = defaultdict(dict)
    for event, when in event_times(db, at):
        if _recounted(event, hour_key(when), at):
            sharded.merge_counts(expected[hour_key(when)], {event.value: 1})
    stored = store.all_hours(db, at)
    for hour, figures in stored.items():
        for event in EXPIRING_SOURCES:
            if not _recounted(event, hour, at) and figures.get(event.value):
                sharded.merge_counts(expected[hour], {event.value: figures[event.value]})
    return [
        mismatch
        for hour in sorted(set(stored) | set(expected))
        for mismatch in compare("platformHours", hour, flatten(stored.get(hour, {})), flatten(expected.get(hour, {})))
    ]


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    return [*check_users(db, at), *check_hours(db, at)]
