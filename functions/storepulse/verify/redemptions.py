"""Redemptions' views recomputed: shop and affiliate customer records, limit slots and usage."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.platform import sharded
from storepulse.redemptions import store
from storepulse.verify.common import Mismatch, compare


def _expected_records(
    db: firestore.Client, redemptions: list[dict[str, Any]], at: datetime
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
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
    for uid, profile in identity.all_profiles(db, at):
        if profile.get("attributedAffiliateId"):
            affiliate_records[f"{profile['attributedAffiliateId']}_{uid}"]  # touch: a registration acquires
    return shop_records, affiliate_records


def check_customer_records(db: firestore.Client, redemptions: list[dict[str, Any]], at: datetime) -> list[Mismatch]:
    shop_records, affiliate_records = _expected_records(db, redemptions, at)
    found: list[Mismatch] = []
    for view, stored, expected in (
        ("shopCustomerData", store.shop_customer_records(db, at), shop_records),
        ("affiliateCustomerData", catalog.affiliate_customer_records(db, at), affiliate_records),
    ):
        for key in sorted(set(stored) | set(expected)):
            if key not in stored or key not in expected:
                found.append(Mismatch(view, key, "exists", key in stored, key in expected))
                continue
            fields = {name: stored[key].get(name) for name in expected[key]}
            found += compare(view, key, fields, expected[key])
    return found


def check_slots(db: firestore.Client, redemptions: list[dict[str, Any]], at: datetime) -> list[Mismatch]:
    expected_coupon: dict[str, int] = defaultdict(int)
    expected_customer: dict[str, int] = defaultdict(int)
    for redemption in redemptions:
        if redemption["status"] == "active":
            if redemption.get("couponSlot") is not None:
                expected_coupon[redemption["couponId"]] += 1
            expected_customer[f"{redemption['couponId']}_{redemption['customerId']}"] += 1
    stored_coupon: dict[str, int] = defaultdict(int)
    for slot in store.all_coupon_slots(db, at):
        stored_coupon[slot["couponId"]] += 1
    stored_usage = {key: int(usage.get("live", 0)) for key, usage in store.all_customer_usage(db, at).items()}
    return [
        *compare("couponSlots", "per coupon", dict(stored_coupon), dict(expected_coupon)),
        *compare("couponCustomerUsage", "live", sharded.drop_zeros(stored_usage), dict(expected_customer)),
    ]


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    redemptions = store.all_redemptions(db, at)
    return [*check_customer_records(db, redemptions, at), *check_slots(db, redemptions, at)]
