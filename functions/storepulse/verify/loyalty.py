"""Loyalty recomputed from its sources: balances and lifetime totals from the ledger, tiers from
lifetime totals, the tier counters from users, a shop's loyalty figures from enrollments, scans and
the ledger. Scans expire (platform/retention.py): a day whose scans may be gone counts as stored."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.analytics import store as analytics
from storepulse.identity import store as identity
from storepulse.loyalty import rules, store
from storepulse.platform import collections, retention, sharded
from storepulse.platform.clock import day_key
from storepulse.verify.common import Mismatch, compare, flatten


def _from_ledger(ledger: list[dict[str, Any]]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Per enrollment: balance and lifetime earned; per customer: lifetime earned everywhere."""
    cards: dict[str, dict[str, int]] = defaultdict(lambda: {"balance": 0, "lifetimeEarned": 0})
    lifetime: dict[str, int] = defaultdict(int)
    for entry in ledger:
        card = cards[rules.enrollment_id(entry["shopId"], entry["customerId"])]
        card["balance"] += entry["delta"]
        if entry["delta"] > 0:
            card["lifetimeEarned"] += entry["delta"]
            lifetime[entry["customerId"]] += entry["delta"]
    return cards, lifetime


def check_cards_and_tiers(db: firestore.Client, at: datetime, ledger: list[dict[str, Any]]) -> list[Mismatch]:
    cards, lifetime = _from_ledger(ledger)
    found: list[Mismatch] = []
    for enrollment_id, enrollment in sorted(store.all_enrollments(db, at).items()):
        stored = {name: int(enrollment.get(name, 0)) for name in ("balance", "lifetimeEarned")}
        found += compare(
            "enrollments", enrollment_id, stored, cards.get(enrollment_id, {"balance": 0, "lifetimeEarned": 0})
        )
    tiers: dict[str, int] = defaultdict(int)
    accounts = store.all_accounts(db, at)
    for uid, profile in identity.all_profiles(db, at):
        earned = lifetime.get(uid, 0)
        standing: dict[str, Any] = {
            "lifetime": int(accounts.get(uid, {}).get("lifetimeEarned", 0)),
            "tier": profile.get("tier") or "bronze",
        }
        found += compare("users (loyalty)", uid, standing, {"lifetime": earned, "tier": rules.tier_for(earned).value})
        # The tier counters count customers: a tier leaves them with the customer role.
        if profile.get("role") == "customer" and profile.get("tier") not in (None, rules.Tier.BRONZE.value):
            tiers[profile["tier"]] += 1
    found += compare("platformTiers", "current", analytics.read_tiers(db, at), dict(tiers))
    return found


def check_shop_figures(db: firestore.Client, at: datetime, ledger: list[dict[str, Any]]) -> list[Mismatch]:
    expected: dict[str, dict[str, Any]] = defaultdict(dict)

    def add(shop_id: str, counts: dict[str, Any]) -> None:
        sharded.merge_counts(expected[shop_id], counts)

    for enrollment in store.all_enrollments(db, at).values():
        status = enrollment.get("status")
        if status in ("active", "pending"):
            add(enrollment["shopId"], {"enrolled" if status == "active" else "pending": 1})
    for scan in store.all_scans(db, at):
        if scan.get("outcome") != "refused" and retention.day_kept(collections.QR_SCANS, scan["day"], at):
            add(scan["shopId"], {"scansTotal": 1, "days": {scan["day"]: {"scans": 1}}})
    for entry in ledger:
        name = "pointsIssued" if entry["delta"] > 0 else "pointsDeducted"
        points = abs(entry["delta"])
        add(entry["shopId"], {f"{name}Total": points, "days": {day_key(entry["createdAt"]): {name: points}}})
    stored_by_shop = {shop_id: store.read_loyalty_stats(db, shop_id, at) for shop_id in store.stats_shop_ids(db, at)}
    for shop_id, stored in stored_by_shop.items():
        for day, figures in stored.get("days", {}).items():
            if not retention.day_kept(collections.QR_SCANS, day, at) and figures.get("scans"):
                add(shop_id, {"scansTotal": figures["scans"], "days": {day: {"scans": figures["scans"]}}})
    found: list[Mismatch] = []
    for shop_id in sorted(set(stored_by_shop) | set(expected)):
        stored = stored_by_shop.get(shop_id, {})
        found += compare(
            "loyaltyStats", shop_id, flatten(stored), flatten(sharded.drop_zeros(expected.get(shop_id, {})))
        )
    return found


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    ledger = store.all_ledger(db, at)
    return [*check_cards_and_tiers(db, at, ledger), *check_shop_figures(db, at, ledger)]
