"""Recompute every denormalized view and counter from its source documents and list mismatches.

Sources: `redemptions`, `users`, `userActionLog`, `activityMarkers`, `visitorSessions`,
`pageViews`, `checkouts`. Views checked: `shopCustomerData`, `affiliateCustomerData`, live stats
(every scope's shards), limit slots, live visitor counts, and the daily figures of every shop and
day. A full scan: meant for the emulator, load tests, the benchmark and audits, not for a hot path.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from google.cloud import firestore

from storepulse import schema, sharded
from storepulse.actions import ActionType
from storepulse.stats import scopes
from storepulse.stats.counters import StatsDelta, scope_ref
from storepulse.visitors.daily import read_counts, rebuild_counts
from storepulse.visitors.live import read_live_visitors, recount_live_visitors

TRACKED_ACTIONS = frozenset(action.value for action in ActionType)


@dataclass(frozen=True)
class Mismatch:
    view: str
    key: str
    field: str
    stored: Any
    recomputed: Any

    def __str__(self) -> str:
        return f"{self.view} {self.key} {self.field}: stored {self.stored!r}, recomputed {self.recomputed!r}"


def _docs(db: firestore.Client, collection: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for snapshot in db.collection(collection).stream():
        yield snapshot.id, snapshot.to_dict() or {}


def _compare(view: str, key: str, stored: dict[str, Any], recomputed: dict[str, Any]) -> list[Mismatch]:
    return [
        Mismatch(view, key, name, stored.get(name), recomputed.get(name))
        for name in sorted(set(stored) | set(recomputed))
        if stored.get(name) != recomputed.get(name)
    ]


def check_customer_records(db: firestore.Client, redemptions: list[dict[str, Any]]) -> list[Mismatch]:
    shop_records: dict[str, dict[str, Any]] = defaultdict(lambda: {"redemptionCount": 0, "discountCents": 0})
    affiliate_records: dict[str, dict[str, Any]] = defaultdict(lambda: {"redemptionCount": 0, "commissionCents": 0})
    for redemption in redemptions:
        live = redemption["status"] == "active"
        shop_key = f"{redemption['shopId']}_{redemption['customerId']}"
        shop_records[shop_key]["redemptionCount"] += live
        shop_records[shop_key]["discountCents"] += redemption["discountCents"] if live else 0
        if redemption.get("affiliateId"):
            key = f"{redemption['affiliateId']}_{redemption['customerId']}"
            affiliate_records[key]["redemptionCount"] += live
            affiliate_records[key]["commissionCents"] += redemption["commissionCents"] if live else 0
    for uid, profile in _docs(db, schema.USERS):
        if profile.get("attributedAffiliateId"):
            affiliate_records[f"{profile['attributedAffiliateId']}_{uid}"]
    found: list[Mismatch] = []
    for view, expected in (
        (schema.SHOP_CUSTOMER_DATA, shop_records),
        (schema.AFFILIATE_CUSTOMER_DATA, affiliate_records),
    ):
        stored = dict(_docs(db, view))
        for key in sorted(set(stored) | set(expected)):
            if key not in stored or key not in expected:
                found.append(Mismatch(view, key, "exists", key in stored, key in expected))
                continue
            fields = {name: stored[key].get(name) for name in expected[key]}
            found += _compare(view, key, fields, expected[key])
    return found


def _expected_stats(db: firestore.Client, redemptions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    expected: dict[str, dict[str, Any]] = defaultdict(dict)

    def add(scope: scopes.Scope, delta: StatsDelta, day: str) -> None:
        sharded.merge_counts(expected[scope.doc_id], delta.counts(day))

    for redemption in redemptions:
        if redemption["status"] != "active":
            continue
        cents, commission = redemption["discountCents"], redemption["commissionCents"]
        add(
            scopes.PLATFORM,
            StatsDelta(redemptions=1, discount_cents=cents, commission_cents=commission),
            redemption["day"],
        )
        add(scopes.shop(redemption["shopId"]), StatsDelta(redemptions=1, discount_cents=cents), redemption["day"])
        if redemption.get("affiliateId"):
            add(
                scopes.affiliate(redemption["affiliateId"]),
                StatsDelta(redemptions=1, discount_cents=cents, commission_cents=commission),
                redemption["day"],
            )
    for _, record in _docs(db, schema.AFFILIATE_CUSTOMER_DATA):
        add(scopes.affiliate(record["affiliateId"]), StatsDelta(customers_acquired=1), _day(record["acquiredAt"]))
    for _, profile in _docs(db, schema.USERS):
        if profile.get("registeredAt"):
            day = _day(profile["registeredAt"])
            add(scopes.PLATFORM, StatsDelta(registrations=1), day)
            if profile.get("attributedAffiliateId"):
                add(scopes.affiliate(profile["attributedAffiliateId"]), StatsDelta(registrations=1), day)
    for _, entry in _docs(db, schema.USER_ACTION_LOG):
        if entry.get("action") in TRACKED_ACTIONS:
            day = _day(entry["createdAt"])
            add(scopes.PLATFORM, StatsDelta(actions=1), day)
            if entry.get("shopId"):
                add(scopes.shop(entry["shopId"]), StatsDelta(actions=1), day)
    for _, marker in _docs(db, schema.ACTIVITY_MARKERS):
        add(scopes.Scope.parse(marker["scope"]), StatsDelta(active_today=1), marker["day"])
    return expected


def _day(at: Any) -> str:
    return str(at.strftime("%Y-%m-%d"))


def check_live_stats(db: firestore.Client, redemptions: list[dict[str, Any]]) -> list[Mismatch]:
    expected = _expected_stats(db, redemptions)
    stored_ids = {ref.id for ref in db.collection(schema.LIVE_STATS).list_documents()}
    found: list[Mismatch] = []
    for scope_id in sorted(stored_ids | set(expected)):
        stored = sharded.drop_zeros(sharded.read(scope_ref(db, scopes.Scope.parse(scope_id))))
        stored.pop("lastActivityMs", None)
        found += _compare(
            schema.LIVE_STATS, scope_id, _flatten(stored), _flatten(sharded.drop_zeros(expected.get(scope_id, {})))
        )
    return found


def _flatten(counts: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in counts.items():
        if isinstance(value, dict):
            flat |= _flatten(value, f"{prefix}{name}.")
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def check_slots(db: firestore.Client, redemptions: list[dict[str, Any]]) -> list[Mismatch]:
    expected_coupon: dict[str, int] = defaultdict(int)
    expected_customer: dict[str, int] = defaultdict(int)
    for redemption in redemptions:
        if redemption["status"] == "active":
            if redemption.get("couponSlot") is not None:
                expected_coupon[redemption["couponId"]] += 1
            expected_customer[f"{redemption['couponId']}_{redemption['customerId']}"] += 1
    stored_coupon: dict[str, int] = defaultdict(int)
    for _, slot in _docs(db, schema.COUPON_SLOTS):
        stored_coupon[slot["couponId"]] += 1
    stored_customer: dict[str, int] = defaultdict(int)
    for _, slot in _docs(db, schema.CUSTOMER_SLOTS):
        stored_customer[f"{slot['couponId']}_{slot['customerId']}"] += 1
    stored_usage = {key: int(usage.get("live", 0)) for key, usage in _docs(db, schema.CUSTOMER_USAGE)}
    return [
        *_compare(schema.COUPON_SLOTS, "per coupon", dict(stored_coupon), dict(expected_coupon)),
        *_compare(schema.CUSTOMER_SLOTS, "per coupon and customer", dict(stored_customer), dict(expected_customer)),
        *_compare(schema.CUSTOMER_USAGE, "live", sharded.drop_zeros(stored_usage), dict(expected_customer)),
    ]


def check_visitors(db: firestore.Client) -> list[Mismatch]:
    shop_ids = {ref.id for ref in db.collection(schema.LIVE_VISITORS).list_documents()}
    shop_ids |= {str(session.get("shopId")) for _, session in _docs(db, schema.VISITOR_SESSIONS)}
    found: list[Mismatch] = []
    for shop_id in sorted(shop_ids):
        stored = _flatten(read_live_visitors(db, shop_id).counts)
        found += _compare(schema.LIVE_VISITORS, shop_id, stored, _flatten(recount_live_visitors(db, shop_id)))
    return found


def check_daily(db: firestore.Client) -> list[Mismatch]:
    days: set[tuple[str, str]] = set()
    for shop in db.collection(schema.SHOP_DAILY).list_documents():
        days |= {(shop.id, day.id) for day in shop.collection(schema.DAYS).list_documents()}
    for collection in (schema.PAGE_VIEWS, schema.CHECKOUTS):
        days |= {(doc["shopId"], doc["day"]) for _, doc in _docs(db, collection)}
    found: list[Mismatch] = []
    for shop_id, day in sorted(days):
        found += _compare(
            schema.SHOP_DAILY,
            f"{shop_id}/{day}",
            _flatten(read_counts(db, shop_id, day)),
            _flatten(rebuild_counts(db, shop_id, day)),
        )
    return found


def verify(db: firestore.Client) -> list[Mismatch]:
    """Every mismatch between a stored view and its recomputation (empty when all agree)."""
    redemptions = [doc for _, doc in _docs(db, schema.REDEMPTIONS)]
    return [
        *check_customer_records(db, redemptions),
        *check_live_stats(db, redemptions),
        *check_slots(db, redemptions),
        *check_visitors(db),
        *check_daily(db),
    ]
