"""Live stats recomputed from their sources: redemptions, acquisitions, registrations, actions, markers.

Actions and activity markers expire (platform/retention.py): a day whose events may be gone counts
as stored, and its figures go into the running totals as they are."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.activity import store as activity
from storepulse.activity.models import ActionType
from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.platform import collections, retention, sharded
from storepulse.platform.clock import day_key
from storepulse.redemptions import store as redemptions
from storepulse.stats import scopes, store
from storepulse.stats.counters import StatsDelta
from storepulse.verify.common import Mismatch, compare, flatten

TRACKED_ACTIONS = frozenset(action.value for action in ActionType)


class _Expected:
    """Counts per scope, built from the same deltas the writers apply."""

    def __init__(self) -> None:
        self.by_scope: dict[str, dict[str, Any]] = defaultdict(dict)

    def add(self, scope: scopes.Scope, delta: StatsDelta, day: str) -> None:
        sharded.merge_counts(self.by_scope[scope.doc_id], delta.counts(day))


def _add_redemptions(expected: _Expected, db: firestore.Client, at: datetime) -> None:
    for redemption in redemptions.all_redemptions(db, at):
        if redemption["status"] != "active":
            continue
        cents, commission, day = redemption["discountCents"], redemption["commissionCents"], redemption["day"]
        expected.add(scopes.PLATFORM, StatsDelta(redemptions=1, discount_cents=cents, commission_cents=commission), day)
        # The shop's scope also counts each coupon's redemptions (redemptionsByCoupon).
        shop_delta = StatsDelta(redemptions=1, discount_cents=cents, coupon_id=redemption["couponId"])
        expected.add(scopes.shop(redemption["shopId"]), shop_delta, day)
        if redemption.get("affiliateId"):
            delta = StatsDelta(redemptions=1, discount_cents=cents, commission_cents=commission)
            expected.add(scopes.affiliate(redemption["affiliateId"]), delta, day)


def _add_people(expected: _Expected, db: firestore.Client, at: datetime) -> None:
    for record in catalog.affiliate_customer_records(db, at).values():
        expected.add(
            scopes.affiliate(record["affiliateId"]), StatsDelta(customers_acquired=1), day_key(record["acquiredAt"])
        )
    for _, profile in identity.all_profiles(db, at):
        if profile.get("registeredAt"):
            day = day_key(profile["registeredAt"])
            expected.add(scopes.PLATFORM, StatsDelta(registrations=1), day)
            if profile.get("attributedAffiliateId"):
                expected.add(scopes.affiliate(profile["attributedAffiliateId"]), StatsDelta(registrations=1), day)


def _add_activity(expected: _Expected, db: firestore.Client, at: datetime) -> None:
    """Actions and active users of the days whose sources are all still kept."""
    for entry in activity.all_user_actions(db, at):
        day = day_key(entry["createdAt"])
        if entry.get("action") in TRACKED_ACTIONS and retention.day_kept(collections.USER_ACTION_LOG, day, at):
            expected.add(scopes.PLATFORM, StatsDelta(actions=1), day)
            if entry.get("shopId"):
                expected.add(scopes.shop(entry["shopId"]), StatsDelta(actions=1), day)
    for marker in store.all_markers(db, at):
        if retention.day_kept(collections.ACTIVITY_MARKERS, marker["day"], at):
            expected.add(scopes.Scope.parse(marker["scope"]), StatsDelta(active_today=1), marker["day"])


def _add_expired_days(expected: _Expected, scope_id: str, stored: dict[str, Any], at: datetime) -> None:
    """The stored actions and active users of days whose sources may have expired, as they are."""
    scope = scopes.Scope.parse(scope_id)
    for day, figures in stored.get("days", {}).items():
        actions = 0 if retention.day_kept(collections.USER_ACTION_LOG, day, at) else figures.get("actions", 0)
        active = 0 if retention.day_kept(collections.ACTIVITY_MARKERS, day, at) else figures.get("activeUsers", 0)
        if actions or active:
            expected.add(scope, StatsDelta(actions=actions, active_today=active), day)


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    expected = _Expected()
    _add_redemptions(expected, db, at)
    _add_people(expected, db, at)
    _add_activity(expected, db, at)
    found: list[Mismatch] = []
    stored_by_scope = {scope_id: store.scope_counts(db, scope_id, at) for scope_id in store.scope_ids(db, at)}
    for scope_id, counts in stored_by_scope.items():
        _add_expired_days(expected, scope_id, counts, at)
    for scope_id in sorted(set(stored_by_scope) | set(expected.by_scope)):
        stored = sharded.drop_zeros(stored_by_scope.get(scope_id, {}))
        stored.pop("lastActivityMs", None)
        recomputed = sharded.drop_zeros(expected.by_scope.get(scope_id, {}))
        found += compare("liveStats", scope_id, flatten(stored), flatten(recomputed))
    return found
