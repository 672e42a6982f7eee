"""The order collections: orders, their timelines, and each shop's sharded order figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from google.cloud import firestore

from storepulse.orders import rules
from storepulse.orders.models import DeliveryDetails, Order, OrderItem, OrderTimelineEntry, Status, StoredAddress
from storepulse.platform import collections, queries, retention, sharded, txn
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
    items: Sequence[OrderItem],
    currency: str,
    fulfilment: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """A placed order (version 1). The total is the server's sum of its lines."""
    return Order(
        shop_id=shop_id,
        shop_name=shop_name,
        customer_id=customer_uid,
        customer_name=customer_name,
        items=items,
        total_cents=rules.order_total([item.model_dump(by_alias=True) for item in items]),
        currency=currency,
        fulfilment=fulfilment,
        **rules.status_fields(Status.PLACED),
        placed_at=now,
        updated_at=now,
        day=day_key(now),
        finished_at=None,
        finished_day=None,
        version=1,
        delivery=None,
        cancel_reason=None,
    ).as_document()


def moved(target: Status, version: int, now: datetime, cancel_reason: str | None) -> dict[str, Any]:
    """The order's fields after a status move."""
    fields = {**rules.status_fields(target), **Order.changes(updated_at=now, version=version)}
    if rules.STATUSES[target].final:
        fields |= Order.changes(finished_at=now, finished_day=day_key(now))
    if target is Status.CANCELLED:
        fields |= Order.changes(cancel_reason=cancel_reason)
    return fields


def delivery_details(previous: dict[str, Any] | None, update: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A delivery after an update: `update` (the fields given, stored names) over the delivery as it
    was, stamped."""
    return DeliveryDetails.model_validate({**(previous or {}), **update, "updatedAt": now}).as_document()


def delivery_moved(delivery: dict[str, Any], version: int, now: datetime) -> dict[str, Any]:
    """The order's fields after a delivery update (`delivery_details`)."""
    return Order.changes(delivery=delivery, updated_at=now, version=version)


def timeline_entry(
    order: dict[str, Any],
    *,
    kind: Literal["status", "delivery"],
    label: str,
    version: int,
    by: str,
    now: datetime,
    status: Status | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """One line of an order's history. It carries the order's shop and customer so rules can check
    them without reading the order."""
    return OrderTimelineEntry(
        kind=kind,
        status=status,
        label=label,
        note=note,
        at=now,
        by=by,
        version=version,
        shop_id=order["shopId"],
        customer_id=order["customerId"],
    ).as_document()


def count_orders(writer: Writer, db: firestore.Client, shop_id: str, counts: dict[str, Any]) -> None:
    sharded.increment(writer, stats_ref(db, shop_id), counts)


def read_order_stats(db: firestore.Client, shop_id: str, read_time: datetime | None = None) -> dict[str, Any]:
    return sharded.drop_zeros(sharded.read(stats_ref(db, shop_id), read_time))


def ordered_at(db: firestore.Client, shop_id: str, customer_uid: str) -> bool:
    """Whether the customer has ever placed an order at the shop."""
    found = queries.CUSTOMER_ORDER_AT_SHOP.build(db, {"shopId": shop_id, "customerId": customer_uid}, limit=1)
    return any(True for _ in found.stream())


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


def pseudonymised(
    db: firestore.Client, snapshot: firestore.DocumentSnapshot[Any]
) -> list[tuple[firestore.DocumentReference, dict[str, Any]]]:
    """An old order without its personal fields: the customer's name becomes their pseudonym; the
    delivery address keeps its country only, the last delivery location goes, and so do the
    cancellation reason and every note of its timeline. Items, amounts, statuses and times stay."""
    order = snapshot.to_dict() or {}
    fields = Order.changes(customer_name=retention.pseudonym(order["customerId"]), cancel_reason=None)
    fulfilment = order.get("fulfilment") or {}
    if fulfilment.get("kind") == "delivery":
        country = (fulfilment.get("address") or {}).get("country", "")
        gone = firestore.DELETE_FIELD
        address = StoredAddress.changes(
            line1="", line2=gone, city="", postal_code="", country=country, instructions=gone
        )
        fields |= Order.changes(fulfilment={"address": address})
    if order.get("delivery"):
        fields |= Order.changes(delivery=DeliveryDetails.changes(last_location=firestore.DELETE_FIELD))
    writes = [(snapshot.reference, fields)]
    timeline = queries.ORDER_TIMELINE.build(db, {"orderId": snapshot.id}).stream()
    noted = (entry for entry in timeline if (entry.to_dict() or {}).get("note"))
    writes += [(entry.reference, OrderTimelineEntry.changes(note=None)) for entry in noted]
    return writes
