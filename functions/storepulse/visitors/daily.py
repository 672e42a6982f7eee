"""A shop's figures for one UTC day: read from the sharded counters, or rebuilt from the sources.

Counters (`shopDaily/{shopId}/days/{day}/shards/{n}`):
  sessions, visitsByHour.{HH}, pageViews, categories.{id}, offers.{id}   from page views that day
  checkoutsStarted, paymentsInitiated, paid, revenueCents,
  methods.{method}.{attempts,succeeded,failed}, errors.{code}           from checkouts started that day

`rebuild_counts` recomputes the same counts from `pageViews` and `checkouts` with the same rules
the writers use; `rules.daily_figures` derives what sellers read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import sharded
from storepulse.visitors import rules, store


def read_counts(db: firestore.Client, shop_id: str, day: str, read_time: datetime | None = None) -> dict[str, Any]:
    return store.daily_counts(db, shop_id, day, read_time)


def rebuild_counts(db: firestore.Client, shop_id: str, day: str, read_time: datetime | None = None) -> dict[str, Any]:
    """The day's counts recomputed from the source documents."""
    parts = [
        rules.page_view_counts(
            new_visit=bool(view.get("newVisit")),
            hour=view["hour"],
            page_type=view["pageType"],
            page_id=view.get("pageId"),
        )
        for view in store.page_views_of_day(db, shop_id, day, read_time)
    ]
    parts += [rules.checkout_counts(checkout) for checkout in store.checkouts_of_day(db, shop_id, day, read_time)]
    return sharded.drop_zeros(rules.combine(*parts))


def read_daily(db: firestore.Client, shop_id: str, day: str) -> dict[str, Any]:
    """What the seller's daily view shows for `day`."""
    return rules.daily_figures(read_counts(db, shop_id, day))
