"""Coupons: created and edited by their shop's owner (or an admin); codes are unique per shop."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from google.cloud import firestore
from pydantic import AwareDatetime, Field, model_validator

from storepulse import idempotency, schema
from storepulse.activity import log_admin_activity
from storepulse.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from storepulse.models import CouponCode, DocId, IdempotencyKey, RequestModel, ResponseModel, ShortText
from storepulse.roles import Caller

OPERATION = "upsert_coupon"
# Limited coupons keep one slot document per redemption (see redemptions.py); this bounds the
# per-redemption scan of taken slots.
MAX_REDEMPTIONS_LIMIT = 5000
MAX_PER_CUSTOMER_LIMIT = 100
MAX_AMOUNT = 1_000_000


class Discount(RequestModel):
    kind: Literal["percent", "amount"]
    value: float = Field(gt=0, le=MAX_AMOUNT)

    @model_validator(mode="after")
    def _check_value(self) -> Discount:
        if self.kind == "percent" and self.value > 100:
            raise ValueError("a percent discount is at most 100")
        if self.kind == "amount" and Decimal(str(self.value)).as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError("an amount has at most 2 decimals")
        return self

    @property
    def amount_cents(self) -> int:
        return round(self.value * 100) if self.kind == "amount" else 0


class UpsertCouponRequest(RequestModel):
    coupon_id: DocId | None = None
    shop_id: DocId
    code: CouponCode
    title: ShortText
    discount: Discount
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime | None = None
    max_redemptions: int | None = Field(default=None, ge=1, le=MAX_REDEMPTIONS_LIMIT, strict=True)
    per_customer_limit: int = Field(default=1, ge=1, le=MAX_PER_CUSTOMER_LIMIT, strict=True)
    affiliate_id: DocId | None = None
    commission_rate: float | None = Field(default=None, ge=0, le=1)
    active: bool = Field(strict=True)
    idempotency_key: IdempotencyKey | None = None


class CouponResponse(ResponseModel):
    coupon_id: str
    shop_id: str
    code: str
    title: str
    discount: dict[str, Any]
    valid_from: datetime | None
    valid_until: datetime | None
    max_redemptions: int | None
    per_customer_limit: int
    affiliate_id: str | None
    commission_rate: float
    active: bool
    created: bool
    replayed: bool = False


def code_ref(db: firestore.Client, shop_id: str, code: str) -> firestore.DocumentReference:
    return db.collection(schema.COUPON_CODES).document(f"{shop_id}_{code.upper()}")


def coupon_fields(request: UpsertCouponRequest) -> dict[str, Any]:
    return {
        "shopId": request.shop_id,
        "code": request.code,
        "title": request.title,
        "discount": {"kind": request.discount.kind, "value": request.discount.value},
        "validFrom": request.valid_from,
        "validUntil": request.valid_until,
        "maxRedemptions": request.max_redemptions,
        "perCustomerLimit": request.per_customer_limit,
        "affiliateId": request.affiliate_id,
        "commissionRate": request.commission_rate or 0.0,
        "active": request.active,
    }


def _check_references(db: firestore.Client, caller: Caller, request: UpsertCouponRequest) -> None:
    if not (caller.is_admin or caller.owns_shop(request.shop_id)):
        raise PermissionDenied("Only the shop's owner or an admin may edit its coupons.")
    if request.valid_from and request.valid_until and request.valid_until <= request.valid_from:
        raise InvalidArgument("validUntil", "must be after validFrom")
    refs = [db.collection(schema.SHOPS).document(request.shop_id)]
    if request.affiliate_id:
        refs.append(db.collection(schema.AFFILIATES).document(request.affiliate_id))
    for snapshot, field in zip(db.get_all(refs), ("shopId", "affiliateId"), strict=False):
        if not snapshot.exists:
            raise NotFound(f"{field}: no such document.", field=field)


def upsert_coupon(db: firestore.Client, caller: Caller, request: UpsertCouponRequest, now: datetime) -> CouponResponse:
    _check_references(db, caller, request)
    call = idempotency.IdempotentCall.of(
        db, OPERATION, caller.uid, request.idempotency_key, request.model_dump(exclude={"idempotency_key"})
    )

    @firestore.transactional
    def upsert(transaction: firestore.Transaction) -> dict[str, Any]:
        if (replay := call.replay(transaction)) is not None:
            return replay
        created = request.coupon_id is None
        coupon_ref = db.collection(schema.COUPONS).document(request.coupon_id or None)
        previous: dict[str, Any] = {}
        if not created:
            snapshot = coupon_ref.get(transaction=transaction)
            if not snapshot.exists:
                raise NotFound("couponId: no such coupon.", field="couponId")
            previous = snapshot.to_dict() or {}
            if previous.get("shopId") != request.shop_id:
                raise FailedPrecondition("shopId: a coupon cannot move to another shop.")
        guard = code_ref(db, request.shop_id, request.code)
        holder = guard.get(transaction=transaction)
        if holder.exists and (holder.to_dict() or {}).get("couponId") != coupon_ref.id:
            raise AlreadyExists(
                f"code: {request.code} is already used by another coupon of this shop.",
                field="code",
            )
        if not holder.exists:
            transaction.create(guard, {"couponId": coupon_ref.id, "shopId": request.shop_id})
            if previous.get("code"):
                transaction.delete(code_ref(db, request.shop_id, previous["code"]))
        fields = {**coupon_fields(request), "updatedAt": now, "updatedBy": caller.uid}
        if created:
            transaction.create(coupon_ref, {**fields, "createdAt": now})
        else:
            transaction.set(coupon_ref, fields, merge=True)
        log_admin_activity(
            db,
            transaction,
            kind="coupon_created" if created else "coupon_updated",
            actor_uid=caller.uid,
            at=now,
            summary=f"Coupon {request.code} ({request.title}) {'created' if created else 'updated'}",
            shopId=request.shop_id,
            couponId=coupon_ref.id,
        )
        stored = CouponResponse(
            coupon_id=coupon_ref.id,
            shop_id=request.shop_id,
            code=request.code,
            title=request.title,
            discount=fields["discount"],
            valid_from=request.valid_from,
            valid_until=request.valid_until,
            max_redemptions=request.max_redemptions,
            per_customer_limit=request.per_customer_limit,
            affiliate_id=request.affiliate_id,
            commission_rate=fields["commissionRate"],
            active=request.active,
            created=created,
        ).model_dump(mode="json", by_alias=True)
        call.remember(transaction, stored, now)
        return stored

    return CouponResponse.model_validate(upsert(db.transaction()))
