"""`cancel_order`: the customer while the order is placed or confirmed; the shop's owner or an admin
until it is final. A cancellation is a status move like any other (one transaction, timeline entry,
notification, figures) that also records the reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

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
        return apply_move(
            db, transaction, ref, order, target=Status.CANCELLED, by=caller.uid, note=request.reason, now=now
        )

    return OrderResponse.model_validate(idempotency.run_keyed(db, call, stage, now))
