"""`upsert_coupon`: a shop's owner (or an admin) creates or edits a coupon; codes are unique per shop."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog import rules, store
from storepulse.catalog.models import CouponResponse, UpsertCouponRequest
from storepulse.platform import idempotency, ports, txn
from storepulse.platform.caller import Caller
from storepulse.platform.errors import NotFound

OPERATION = "upsert_coupon"


def _check_request(db: firestore.Client, caller: Caller, request: UpsertCouponRequest) -> None:
    rules.check_coupon_editor(caller, request.shop_id)
    rules.check_validity_window(request.valid_from, request.valid_until)
    store.require_shop(db, request.shop_id)
    if request.affiliate_id:
        store.require_affiliate(db, request.affiliate_id)


def upsert_coupon(db: firestore.Client, caller: Caller, request: UpsertCouponRequest, now: datetime) -> CouponResponse:
    _check_request(db, caller, request)
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        return _save(db, transaction, caller, request, now)

    return CouponResponse.model_validate(idempotency.run_keyed(db, call, stage, now))


def _previous(db: firestore.Client, transaction: txn.Transaction, request: UpsertCouponRequest) -> dict[str, Any]:
    """The coupon being edited (empty for a new one)."""
    if request.coupon_id is None:
        return {}
    snapshot = txn.read(transaction, store.coupon_ref(db, request.coupon_id))
    if not snapshot.exists:
        raise NotFound("couponId: no such coupon.", field="couponId")
    previous = snapshot.to_dict() or {}
    rules.check_same_shop(previous, request.shop_id)
    return previous


def _save(
    db: firestore.Client,
    transaction: txn.Transaction,
    caller: Caller,
    request: UpsertCouponRequest,
    now: datetime,
) -> dict[str, Any]:
    """Claim the code (releasing the old one), write the coupon and its feed entry."""
    created = request.coupon_id is None
    coupon_ref = store.coupon_ref(db, request.coupon_id)
    previous = _previous(db, transaction, request)
    guard = store.coupon_code_ref(db, request.shop_id, request.code)
    holder = txn.read(transaction, guard)
    if rules.claims_code(holder.to_dict() if holder.exists else None, coupon_ref.id, request.code):
        transaction.create(guard, {"couponId": coupon_ref.id, "shopId": request.shop_id})
        if previous.get("code"):
            transaction.delete(store.coupon_code_ref(db, request.shop_id, previous["code"]))
    fields = store.coupon_document(request, caller.uid, now, created_at=previous.get("createdAt", now))
    if created:
        transaction.create(coupon_ref, fields)
    else:
        transaction.set(coupon_ref, fields, merge=True)
    ports.get().admin_feed(
        db,
        transaction,
        kind="coupon_created" if created else "coupon_updated",
        actor_uid=caller.uid,
        at=now,
        summary=f"Coupon {request.code} ({request.title}) {'created' if created else 'updated'}",
        shop_id=request.shop_id,
        coupon_id=coupon_ref.id,
    )
    return CouponResponse.model_validate({**fields, "couponId": coupon_ref.id, "created": created}).model_dump(
        mode="json", by_alias=True
    )
