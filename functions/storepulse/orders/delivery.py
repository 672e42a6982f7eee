"""`update_delivery` (the shop's owner): carrier, tracking, ETA and last known location of a delivery
order while it is preparing or out for delivery.

Every update moves the order's version. A notable one (carrier or tracking number set or changed,
the ETA moved by 10 minutes or more) also writes a timeline entry and a `delivery` notification,
in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse.notifications.publish import publish
from storepulse.orders import rules, store
from storepulse.orders.models import DeliveryResponse, UpdateDeliveryRequest
from storepulse.orders.status import read_order
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller
from storepulse.platform.errors import InvalidArgument

OPERATION = "update_delivery"
MAX_ETA_AHEAD = timedelta(days=30)


def _check_eta(request: UpdateDeliveryRequest, now: datetime) -> None:
    if request.eta is not None and not (now - timedelta(hours=1) <= request.eta <= now + MAX_ETA_AHEAD):
        raise InvalidArgument("eta", "give a time between an hour ago and 30 days ahead.")


def update_delivery(
    db: firestore.Client, caller: Caller, request: UpdateDeliveryRequest, now: datetime
) -> DeliveryResponse:
    _check_eta(request, now)
    update = request.model_dump(by_alias=True, exclude={"order_id", "idempotency_key"}, exclude_none=True)
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        ref, order = read_order(db, transaction, request.order_id)
        rules.check_delivery_updater(caller, order)
        notable = rules.delivery_changes(order.get("delivery"), update)
        delivery = store.delivery_details(order.get("delivery"), update, now)
        version = int(order["version"]) + 1
        transaction.update(ref, store.delivery_moved(delivery, version, now))
        if notable:
            text = rules.delivery_text(order, delivery, notable)
            entry = store.timeline_entry(order, kind="delivery", label=text, version=version, by=caller.uid, now=now)
            transaction.create(store.new_timeline_ref(ref), entry)
            publish(db, transaction, rules.delivery_notice(order, ref.id, version, text), now)
        return DeliveryResponse(
            order_id=ref.id, version=version, notified=bool(notable), eta=delivery.get("eta")
        ).model_dump(mode="json", by_alias=True)

    return DeliveryResponse.model_validate(idempotency.run_keyed(db, call, stage, now))
