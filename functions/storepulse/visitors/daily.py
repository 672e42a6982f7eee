"""A shop's figures for one UTC day: read from the sharded counters, or rebuilt from the sources.

Counters (`shopDaily/{shopId}/days/{day}/shards/{n}`):
  sessions, visitsByHour.{HH}, pageViews, categories.{id}, offers.{id}   from page views that day
  checkoutsStarted, paymentsInitiated, paid, revenueCents,
  methods.{method}.{attempts,succeeded,failed}, errors.{code}           from checkouts started that day

`rebuild_counts` recomputes the same counts from `pageViews` and `checkouts`; `daily_figures`
derives what sellers read (funnel, abandonment, method share, success rate, top lists).
"""

from __future__ import annotations

from typing import Any

from google.cloud import firestore

from storepulse import queries, schema, sharded
from storepulse.visitors.counts import combine

TOP = 10


def day_parent(db: firestore.Client, shop_id: str, day: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = (
        db.collection(schema.SHOP_DAILY).document(shop_id).collection(schema.DAYS).document(day)
    )
    return ref


def read_counts(db: firestore.Client, shop_id: str, day: str) -> dict[str, Any]:
    return sharded.drop_zeros(sharded.read(day_parent(db, shop_id, day)))


def rebuild_counts(db: firestore.Client, shop_id: str, day: str) -> dict[str, Any]:
    """The day's counts recomputed from the source documents."""
    parts: list[dict[str, Any]] = []
    for view in queries.PAGE_VIEWS_OF_DAY.build(db, {"shopId": shop_id, "day": day}).stream():
        page = view.to_dict() or {}
        part: dict[str, Any] = {"pageViews": 1}
        if page.get("newVisit"):
            part |= {"sessions": 1, "visitsByHour": {page["hour"]: 1}}
        if page.get("pageType") in ("category", "offer"):
            part["categories" if page["pageType"] == "category" else "offers"] = {page["pageId"]: 1}
        parts.append(part)
    for snapshot in queries.CHECKOUTS_OF_DAY.build(db, {"shopId": shop_id, "day": day}).stream():
        checkout = snapshot.to_dict() or {}
        part = {"checkoutsStarted": 1}
        attempts = checkout.get("attempts") or []
        if attempts:
            part["paymentsInitiated"] = 1
        if checkout.get("status") == "paid":
            part |= {"paid": 1, "revenueCents": checkout.get("paidCents", 0)}
        methods: dict[str, Any] = {}
        errors: dict[str, int] = {}
        for attempt in attempts:
            counts = methods.setdefault(attempt["method"], {})
            counts["attempts"] = counts.get("attempts", 0) + 1
            if attempt.get("outcome") in ("succeeded", "failed"):
                counts[attempt["outcome"]] = counts.get(attempt["outcome"], 0) + 1
            if attempt.get("outcome") == "failed":
                errors[attempt["errorCode"]] = errors.get(attempt["errorCode"], 0) + 1
        parts.append(part | {"methods": methods, "errors": errors})
    return sharded.drop_zeros(combine(*parts))


def write_rebuilt(db: firestore.Client, shop_id: str, day: str, counts: dict[str, Any]) -> None:
    """Replace the day's shards with one shard holding `counts` (repair after a mismatch)."""
    parent = day_parent(db, shop_id, day)
    batch = db.batch()
    for shard in parent.collection(schema.SHARDS).list_documents():
        batch.delete(shard)
    batch.set(sharded.shard_ref(parent, 0), counts)
    batch.commit()


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _top(counts: dict[str, int]) -> list[dict[str, Any]]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return [{"id": key, "views": value} for key, value in ranked]


def daily_figures(counts: dict[str, Any]) -> dict[str, Any]:
    """What the seller's daily view shows, derived from the day's counts."""
    sessions = int(counts.get("sessions", 0))
    started = int(counts.get("checkoutsStarted", 0))
    initiated = int(counts.get("paymentsInitiated", 0))
    paid = int(counts.get("paid", 0))
    methods: dict[str, dict[str, int]] = counts.get("methods", {})
    attempts = sum(m.get("attempts", 0) for m in methods.values())
    succeeded = sum(m.get("succeeded", 0) for m in methods.values())
    return {
        "sessions": sessions,
        "pageViews": int(counts.get("pageViews", 0)),
        "visitsByHour": {hour: counts.get("visitsByHour", {}).get(hour, 0) for hour in (f"{h:02d}" for h in range(24))},
        "topCategories": _top(counts.get("categories", {})),
        "topOffers": _top(counts.get("offers", {})),
        "funnel": {"sessions": sessions, "checkoutStarted": started, "paymentInitiated": initiated, "paid": paid},
        "abandonment": {
            "beforeCheckout": _ratio(sessions - started, sessions),
            "atCheckout": _ratio(started - initiated, started),
            "atPayment": _ratio(initiated - paid, initiated),
        },
        "paymentMethods": {
            method: {
                "attempts": m.get("attempts", 0),
                "share": _ratio(m.get("attempts", 0), attempts),
                "successRate": _ratio(m.get("succeeded", 0), m.get("attempts", 0)),
            }
            for method, m in sorted(methods.items())
        },
        "paymentSuccessRate": _ratio(succeeded, attempts),
        "errorsByCode": dict(sorted(counts.get("errors", {}).items())),
        "revenueCents": int(counts.get("revenueCents", 0)),
    }


def read_daily(db: firestore.Client, shop_id: str, day: str) -> dict[str, Any]:
    return daily_figures(read_counts(db, shop_id, day))
