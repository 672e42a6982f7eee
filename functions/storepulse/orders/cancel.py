"""`cancel_order`: the customer while the order is placed or confirmed; the shop's owner or an admin
until it is final. A cancellation is a status move like any other (one transaction, timeline entry,
notification, figures) that also records the reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog import store as catalog
from storepulse.notifications.publish import publish
from storepulse.orders import rules
from storepulse.orders.models import CancelOrderRequest, OrderResponse, Status
from storepulse.orders.status import apply_move, read_order
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller

OPERATION = "cancel_order"


def cancel_order(db: firestore.Client, caller: Caller, request: CancelOrderRequest, now: datetime) -> OrderResponse:
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        ref, order = read_order(db, transaction, request.order_id)
        rules.check_canceller(caller, order)
        rules.check_expected_version(order, request.expected_version)
        # The customer cancelling tells the shop's owner (the owner or an admin cancelling tells the
        # customer, in apply_move).
        owner_uid = catalog.owner_of(db, str(order["shopId"])) if caller.uid == order["customerId"] else None
        result = apply_move(
            db, transaction, ref, order, target=Status.CANCELLED, by=caller.uid, note=request.reason, now=now
        )
        if owner_uid:
            publish(db, transaction, rules.cancelled_notice(owner_uid, order, ref.id, request.reason), now)
        return result

    return OrderResponse.model_validate(idempotency.run_keyed(db, call, stage, now))
