"""`update_order_status` (the shop's owner or an admin), and the one status move every change of
status takes, `cancel_order` included.

A move is one transaction: the order (status, label, progress, version), its timeline entry, the
customer's notification and the shop's figures commit together or not at all. The move is checked
against the status machine on the order as read inside the transaction, so a late or stale request
can never move an order backwards or out of a final status.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.notifications.publish import publish
from storepulse.orders import rules, store
from storepulse.orders.models import Fulfilment, OrderResponse, Status, UpdateOrderStatusRequest
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller
from storepulse.platform.errors import NotFound

OPERATION = "update_order_status"


def read_order(
    db: firestore.Client, transaction: txn.Transaction, order_id: str
) -> tuple[firestore.DocumentReference, dict[str, Any]]:
    """The order as this transaction sees it, or `not-found` naming `orderId`."""
    ref = store.order_ref(db, order_id)
    order = txn.read(transaction, ref).to_dict()
    if order is None:
        raise NotFound("orderId: no such order.", field="orderId")
    return ref, order


def response(order_id: str, order: dict[str, Any]) -> dict[str, Any]:
    return OrderResponse(
        order_id=order_id,
        status=order["status"],
        status_label=order["statusLabel"],
        progress=order["progress"],
        version=order["version"],
        total_cents=order["totalCents"],
        currency=order["currency"],
    ).model_dump(mode="json", by_alias=True)


def apply_move(
    db: firestore.Client,
    transaction: txn.Transaction,
    ref: firestore.DocumentReference,
    order: dict[str, Any],
    *,
    target: Status,
    by: str,
    note: str | None,
    now: datetime,
) -> dict[str, Any]:
    """Check the move against the machine, then write the order, its timeline entry, the customer's
    notification (unless the customer made the change) and the shop's figures. Returns the response."""
    rules.check_move(Status(order["status"]), target, Fulfilment(order["fulfilment"]["kind"]))
    version = int(order["version"]) + 1
    fields = store.moved(target, version, now, cancel_reason=note)
    transaction.update(ref, fields)
    entry = store.timeline_entry(
        order,
        kind="status",
        status=target,
        label=rules.STATUSES[target].label,
        note=note,
        version=version,
        by=by,
        now=now,
    )
    transaction.create(store.new_timeline_ref(ref), entry)
    if by != order["customerId"]:
        publish(db, transaction, rules.status_notice(order, ref.id, version, target, note), now)
    store.count_orders(transaction, db, str(order["shopId"]), rules.move_counts(order, target, now))
    return response(ref.id, {**order, **fields})


def update_order_status(
    db: firestore.Client, caller: Caller, request: UpdateOrderStatusRequest, now: datetime
) -> OrderResponse:
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        ref, order = read_order(db, transaction, request.order_id)
        rules.check_shop_side(caller, order)
        rules.check_expected_version(order, request.expected_version)
        return apply_move(db, transaction, ref, order, target=request.status, by=caller.uid, note=request.note, now=now)

    return OrderResponse.model_validate(idempotency.run_keyed(db, call, stage, now))
