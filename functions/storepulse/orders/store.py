"""The order collections: orders, their timelines, and each shop's sharded order figures."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.orders import rules
from storepulse.orders.rules import Status
from storepulse.platform import collections, sharded, txn
from storepulse.platform.clock import day_key
from storepulse.platform.db import documents

Writer = txn.Writer


def order_ref(db: firestore.Client, order_id: str | None = None) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.ORDERS).document(order_id)
    return ref


def new_timeline_ref(order: firestore.DocumentReference) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = order.collection(collections.TIMELINE).document()
    return ref


def stats_ref(db: firestore.Client, shop_id: str) -> firestore.DocumentReference:
    """`orderStats/{shopId}`: its counters are the shards below it."""
    ref: firestore.DocumentReference = db.collection(collections.ORDER_STATS).document(shop_id)
    return ref


def new_order(
    *,
    shop_id: str,
    shop_name: str,
    customer_uid: str,
    customer_name: str,
    items: list[dict[str, Any]],
    currency: str,
    fulfilment: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """A placed order (version 1). The total is the server's sum of its lines."""
    return {
        "shopId": shop_id,
        "shopName": shop_name,
        "customerId": customer_uid,
        "customerName": customer_name,
        "items": items,
        "totalCents": rules.order_total(items),
        "currency": currency,
        "fulfilment": fulfilment,
        **rules.status_fields(Status.PLACED),
        "placedAt": now,
        "updatedAt": now,
        "day": day_key(now),
        "finishedAt": None,
        "finishedDay": None,
        "version": 1,
        "delivery": None,
        "cancelReason": None,
    }


def moved(target: Status, version: int, now: datetime, cancel_reason: str | None) -> dict[str, Any]:
    """The order's fields after a status move."""
    fields: dict[str, Any] = {**rules.status_fields(target), "updatedAt": now, "version": version}
    if rules.STATUSES[target].final:
        fields |= {"finishedAt": now, "finishedDay": day_key(now)}
    if target is Status.CANCELLED:
        fields["cancelReason"] = cancel_reason
    return fields


def timeline_entry(
    order: dict[str, Any],
    *,
    kind: str,
    label: str,
    version: int,
    by: str,
    now: datetime,
    status: Status | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """One line of an order's history. It carries the order's shop and customer so rules can check
    them without reading the order."""
    return {
        "kind": kind,
        "status": status.value if status else None,
        "label": label,
        "note": note,
        "at": now,
        "by": by,
        "version": version,
        "shopId": order["shopId"],
        "customerId": order["customerId"],
    }


def count_orders(writer: Writer, db: firestore.Client, shop_id: str, counts: dict[str, Any]) -> None:
    sharded.increment(writer, stats_ref(db, shop_id), counts)


def read_order_stats(db: firestore.Client, shop_id: str, read_time: datetime | None = None) -> dict[str, Any]:
    return sharded.drop_zeros(sharded.read(stats_ref(db, shop_id), read_time))


def all_orders(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    return dict(documents(db, collections.ORDERS, read_time))


def all_timelines(db: firestore.Client, read_time: datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every order's timeline entries, oldest first (by the order version each recorded)."""
    timelines: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for snapshot in db.collection_group(collections.TIMELINE).stream(read_time=read_time):
        order = snapshot.reference.parent.parent
        if order is not None and order.parent.id == collections.ORDERS:
            timelines[order.id].append(snapshot.to_dict() or {})
    for entries in timelines.values():
        entries.sort(key=lambda entry: int(entry.get("version", 0)))
    return timelines


def stats_shop_ids(db: firestore.Client, read_time: datetime | None = None) -> set[str]:
    return {ref.id for ref in db.collection(collections.ORDER_STATS).list_documents(read_time=read_time)}
