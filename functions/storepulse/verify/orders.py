"""Orders recomputed from their sources: each order's total, status fields and timeline (one legal
path from `placed` to its status), and each shop's order figures from its orders."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.orders import rules, store
from storepulse.orders.models import Fulfilment, Status
from storepulse.platform import sharded
from storepulse.verify.common import Mismatch, compare, flatten


def check_order(order_id: str, order: dict[str, Any], timeline: list[dict[str, Any]]) -> list[Mismatch]:
    status = Status(order["status"])
    statuses = [str(entry["status"]) for entry in timeline if entry.get("kind") == "status"]
    stored = {
        "totalCents": order.get("totalCents"),
        **{name: order.get(name) for name in ("status", "statusLabel", "progress")},
        "timeline": "ok",
    }
    problems = rules.path_problems(statuses, Fulfilment(order["fulfilment"]["kind"]), status.value)
    recomputed = {
        "totalCents": rules.order_total(order.get("items") or []),
        **rules.status_fields(status),
        "timeline": "; ".join(problems) or "ok",
    }
    return compare("orders", order_id, stored, recomputed)


def figures(orders: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every shop's order figures as the orders alone say they must be."""
    expected: dict[str, dict[str, Any]] = defaultdict(dict)
    for order in orders.values():
        counts = rules.placed_counts(order["placedAt"])
        status = Status(order["status"])
        if rules.STATUSES[status].final:
            final = rules.move_counts({**order, "status": Status.PLACED.value}, status, order["finishedAt"])
            sharded.merge_counts(counts, final)
        else:
            counts["open"] = {status.value: 1}
        sharded.merge_counts(expected[order["shopId"]], counts)
    return expected


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    orders = store.all_orders(db, at)
    timelines = store.all_timelines(db, at)
    found: list[Mismatch] = []
    for order_id, order in sorted(orders.items()):
        found += check_order(order_id, order, timelines.get(order_id, []))
    expected = figures(orders)
    for shop_id in sorted(store.stats_shop_ids(db, at) | set(expected)):
        stored = flatten(store.read_order_stats(db, shop_id, at))
        found += compare("orderStats", shop_id, stored, flatten(sharded.drop_zeros(expected.get(shop_id, {}))))
    return found
