"""A shop's figures for one UTC day: read from the sharded counters, or rebuilt from the sources.

Counters (`shopDaily/{shopId}/days/{day}/shards/{n}`):
  sessions, visitsByHour.{HH}, pageViews, pageViewsByHour.{HH},
  categories.{id}, offers.{id}                                           from page views that day
  checkoutsStarted, paymentsInitiated, paid, revenueCents,
  methods.{method}.{attempts,succeeded,failed}, errors.{code}           from checkouts started that day

`rebuild_counts` recomputes the same counts from `pageViews` and `checkouts` with the same rules
the writers use; `rules.insights` derives what sellers read over 1, 7 or 30 days.
"""

from __future__ import annotations

from datetime import date, datetime
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


def read_insights(db: firestore.Client, shop_id: str, last_day: date, days: int) -> dict[str, Any]:
    """What the seller's Insights show for the `days` (1, 7 or 30) ending with `last_day`: one shards
    query per day, as the SDK's `shopInsights` reads them."""
    return rules.insights({day: read_counts(db, shop_id, day) for day in rules.insight_days(last_day, days)})
