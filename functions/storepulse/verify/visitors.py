"""Live visitor counts recounted from active sessions; daily figures rebuilt from page views and checkouts."""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.verify.common import Mismatch, compare, flatten
from storepulse.visitors import store
from storepulse.visitors.daily import read_counts, rebuild_counts
from storepulse.visitors.live import read_live_visitors, recount_live_visitors


def check_live(db: firestore.Client, at: datetime) -> list[Mismatch]:
    found: list[Mismatch] = []
    for shop_id in sorted(store.shops_with_visitors(db, at)):
        stored = flatten(read_live_visitors(db, shop_id, at).counts)
        found += compare("liveVisitors", shop_id, stored, flatten(recount_live_visitors(db, shop_id, at)))
    return found


def check_daily(db: firestore.Client, at: datetime) -> list[Mismatch]:
    found: list[Mismatch] = []
    for shop_id, day in sorted(store.days_with_figures(db, at)):
        stored, rebuilt = read_counts(db, shop_id, day, at), rebuild_counts(db, shop_id, day, at)
        found += compare("shopDaily", f"{shop_id}/{day}", flatten(stored), flatten(rebuilt))
    return found


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    return [*check_live(db, at), *check_daily(db, at)]
