"""`reverse_redemption`: mark a redemption reversed and take back every count it moved.

The create-only reversal marker serialises parallel reversals; reversing twice returns the first
result (`replayed`), and an idempotency key, when given, means what it means everywhere: the same
key with another payload is `already-exists`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.activity.actions import log_user_action
from storepulse.activity.feed import log_admin_activity
from storepulse.catalog import store as catalog
from storepulse.notifications.publish import publish
from storepulse.notifications.rules import reversal_notice
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller
from storepulse.platform.errors import NotFound
from storepulse.redemptions import rules, store
from storepulse.redemptions.models import ReverseRedemptionRequest, ReverseRedemptionResponse
from storepulse.stats.counters import add_to_stats

OPERATION = "reverse_redemption"


def reverse_redemption(
    db: firestore.Client, caller: Caller, request: ReverseRedemptionRequest, now: datetime
) -> ReverseRedemptionResponse:
    """Reverse once; a repeated reversal (or a replayed key) returns the first result."""
    redemption_ref = store.redemption_ref(db, request.redemption_id)
    # A redemption's fields never change except its status, so it is read outside the transaction.
    redemption = redemption_ref.get().to_dict()
    if redemption is None:
        raise NotFound("redemptionId: no such redemption.", field="redemptionId")
    rules.check_may_reverse(caller, redemption["shopId"])
    marker = store.reversal_ref(db, request.redemption_id)
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        done = txn.read(transaction, marker)
        if done.exists:
            first: dict[str, Any] = (done.to_dict() or {})["result"]
            return {**first, "replayed": True}
        result = ReverseRedemptionResponse(
            redemption_id=request.redemption_id, status="reversed", reversed_at=now
        ).model_dump(mode="json", by_alias=True)
        transaction.create(marker, {"reversedBy": caller.uid, "reason": request.reason, "at": now, "result": result})
        transaction.update(redemption_ref, store.reversed_fields(caller.uid, request.reason, now))
        _take_back(db, transaction, redemption, now)
        _write_trail(db, transaction, caller=caller, request=request, redemption=redemption, now=now)
        return result

    return ReverseRedemptionResponse.model_validate(txn.run(db, attempt, marker=call.at(now)))


def _take_back(db: firestore.Client, transaction: txn.Transaction, redemption: dict[str, Any], now: datetime) -> None:
    """Free the limit slot and the customer's use, and take the redemption out of every record and counter."""
    coupon_id, customer_id, shop_id = redemption["couponId"], redemption["customerId"], redemption["shopId"]
    affiliate_id = redemption.get("affiliateId")
    discount, commission = int(redemption["discountCents"]), int(redemption["commissionCents"])
    if redemption.get("couponSlot") is not None:
        transaction.delete(store.coupon_slot_ref(db, coupon_id, int(redemption["couponSlot"])))
    transaction.update(store.customer_usage_ref(db, coupon_id, customer_id), {"live": firestore.Increment(-1)})
    transaction.update(store.shop_customer_ref(db, shop_id, customer_id), store.shop_customer_taken_back(discount, now))
    if affiliate_id:
        transaction.update(
            catalog.affiliate_customer_ref(db, affiliate_id, customer_id),
            catalog.affiliate_customer_taken_back(commission, now),
        )
    for scope in rules.scopes_of(shop_id, affiliate_id):
        delta = rules.reversal_delta(scope, coupon_id=coupon_id, discount=discount, commission=commission)
        add_to_stats(db, transaction, scope, delta, counted_on=redemption["redeemedAt"])


def _write_trail(
    db: firestore.Client,
    transaction: txn.Transaction,
    *,
    caller: Caller,
    request: ReverseRedemptionRequest,
    redemption: dict[str, Any],
    now: datetime,
) -> None:
    code, customer_id = redemption["couponCode"], redemption["customerId"]
    shop_name = str(redemption.get("shopName") or redemption["shopId"])
    notice = reversal_notice(customer_id, request.redemption_id, code=code, shop_name=shop_name, reason=request.reason)
    publish(db, transaction, notice, now)
    log_admin_activity(
        db,
        transaction,
        kind="redemption_reversed",
        actor_uid=caller.uid,
        at=now,
        summary=f"Redemption of {code} by {redemption['customerName']} reversed: {request.reason}",
        redemption_id=request.redemption_id,
        coupon_id=redemption["couponId"],
        shop_id=redemption["shopId"],
        customer_id=customer_id,
    )
    log_user_action(
        db,
        transaction,
        uid=customer_id,
        action="redemption_reversed",
        at=now,
        shop_id=redemption["shopId"],
        context={"redemptionId": request.redemption_id, "code": code},
    )
