"""Live visitor counts recounted from active sessions; daily figures rebuilt from page views and checkouts
(of the days whose page views and checkouts are all still kept: older days count as stored)."""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.platform import collections, retention
from storepulse.verify.common import Mismatch, compare, flatten
from storepulse.visitors import store
from storepulse.visitors.daily import read_counts, rebuild_counts
from storepulse.visitors.live import normalised, recount_by_shop, stored_live_counts


def check_live(db: firestore.Client, at: datetime) -> list[Mismatch]:
    """One scan of the sessions recounts every shop; then one shards read per shop with live counts
    (an idle catalog of 10,000 shops verifies in one read each, not a query each)."""
    recounted = recount_by_shop(store.all_sessions(db, at))
    found: list[Mismatch] = []
    for shop_id in sorted(store.live_shop_ids(db, at) | set(recounted)):
        stored = flatten(stored_live_counts(db, shop_id, at))
        found += compare("liveVisitors", shop_id, stored, flatten(recounted.get(shop_id, normalised({}))))
    return found


def check_daily(db: firestore.Client, at: datetime) -> list[Mismatch]:
    found: list[Mismatch] = []
    for shop_id, day in sorted(store.days_with_figures(db, at)):
        if not all(retention.day_kept(source, day, at) for source in (collections.PAGE_VIEWS, collections.CHECKOUTS)):
            continue
        stored, rebuilt = read_counts(db, shop_id, day, at), rebuild_counts(db, shop_id, day, at)
        found += compare("shopDaily", f"{shop_id}/{day}", flatten(stored), flatten(rebuilt))
    return found


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    return [*check_live(db, at), *check_daily(db, at)]
