"""`place_order` (a signed-in customer), and the order a paid checkout becomes.

One transaction creates the order (the server computes its total), its first timeline entry and
moves the shop's figures. A checkout paid by a signed-in, non-anonymous customer becomes an order
with the checkout's id inside the payment's own transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.analytics import store as analytics
from storepulse.analytics.rules import Event
from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.identity.rules import display_name
from storepulse.notifications.publish import publish
from storepulse.orders import rules, store
from storepulse.orders.models import Fulfilment, OrderItem, OrderResponse, PlaceOrderRequest, Status
from storepulse.orders.status import response
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import NotFound, PermissionDenied
from storepulse.platform.models import to_cents

OPERATION = "place_order"


def _names(db: firestore.Client, shop_id: str, customer_uid: str) -> tuple[str, str, str]:
    """The shop's and the customer's names and the shop's owner, in one batch read; `not-found`
    naming `shopId`."""
    shop_ref, user_ref = catalog.shop_ref(db, shop_id), identity.user_ref(db, customer_uid)
    read = {s.reference.path: s.to_dict() for s in db.get_all([shop_ref, user_ref])}
    shop = read.get(shop_ref.path)
    if shop is None:
        raise NotFound("shopId: no such shop.", field="shopId")
    customer = display_name(read.get(user_ref.path) or {}, customer_uid)
    return str(shop.get("name") or shop_id), customer, str(shop.get("ownerUid") or "")


def create_order(
    db: firestore.Client,
    writer: txn.Transaction,
    order_id: str | None,
    order: dict[str, Any],
    now: datetime,
    *,
    owner_uid: str,
) -> dict[str, Any]:
    """Create `order` (a `store.new_order`), its first timeline entry, the shop owner's notification
    and its figures; the response."""
    ref = store.order_ref(db, order_id)
    writer.create(ref, order)
    entry = store.timeline_entry(
        order,
        kind="status",
        status=Status.PLACED,
        label=rules.STATUSES[Status.PLACED].label,
        version=1,
        by=order["customerId"],
        now=now,
    )
    writer.create(store.new_timeline_ref(ref), entry)
    if owner_uid:
        publish(db, writer, rules.placed_notice(owner_uid, order, ref.id), now)
    store.count_orders(writer, db, order["shopId"], rules.placed_counts(now))
    analytics.count_event(writer, db, Event.ORDERS, now)
    return response(ref.id, order)


def place_order(db: firestore.Client, caller: Caller, request: PlaceOrderRequest, now: datetime) -> OrderResponse:
    if caller.role is not Role.CUSTOMER or caller.anonymous:
        raise PermissionDenied("Only a signed-in customer places orders.")
    shop_name, customer_name, owner_uid = _names(db, request.shop_id, caller.uid)
    order = store.new_order(
        shop_id=request.shop_id,
        shop_name=shop_name,
        customer_uid=caller.uid,
        customer_name=customer_name,
        items=request.items,
        currency=request.currency,
        fulfilment=request.fulfilment.model_dump(by_alias=True, exclude_none=True),
        now=now,
    )
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)
    return OrderResponse.model_validate(
        idempotency.run_keyed(
            db, call, lambda transaction: create_order(db, transaction, None, order, now, owner_uid=owner_uid), now
        )
    )


def order_from_checkout(
    db: firestore.Client,
    transaction: txn.Transaction,
    caller: Caller,
    *,
    checkout_id: str,
    checkout: dict[str, Any],
    now: datetime,
) -> str | None:
    """The order a paid checkout becomes (same id), for a signed-in, non-anonymous customer; None
    for a visitor."""
    if caller.role is not Role.CUSTOMER or caller.anonymous:
        return None
    shop_name, customer_name, owner_uid = _names(db, str(checkout["shopId"]), caller.uid)
    items = [
        OrderItem(
            product_id=item["productId"],
            name=item["name"],
            qty=int(item["qty"]),
            unit_price_cents=to_cents(float(item["unitPrice"])),
        )
        for item in checkout["items"]
    ]
    order = store.new_order(
        shop_id=str(checkout["shopId"]),
        shop_name=shop_name,
        customer_uid=caller.uid,
        customer_name=customer_name,
        items=items,
        currency=str(checkout["currency"]),
        fulfilment=checkout.get("fulfilment") or {"kind": Fulfilment.PICKUP.value},
        now=now,
    )
    create_order(db, transaction, checkout_id, order, now, owner_uid=owner_uid)
    return checkout_id
