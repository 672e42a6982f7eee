"""Redeeming coupons and reversing redemptions: every effect in one transaction.

Limits are enforced with create-only documents instead of a read-then-update counter:
* a coupon with `maxRedemptions` N has slots `couponSlots/{couponId}_{0..N-1}`; a redemption
  creates one free slot. When a consistent read shows every slot taken, the limit is reached.
* per customer, `couponCustomerUsage/{couponId}_{customerId}` holds `live` (redemptions not
  reversed) and `next` (a ticket number that only grows), both moved by blind increments. A
  redemption that reads `live < perCustomerLimit` creates the ticket document
  `couponCustomerSlots/{couponId}_{customerId}_{next}`.
Two callers that read the same state pick the same slot or ticket and cannot both commit; the loser
re-plans from fresh reads (txn.run). A reversal deletes the slot and ticket and decrements `live`,
so limits count only live redemptions.
Aggregates (shopCustomerData, affiliateCustomerData, live stats) are moved with blind increments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from google.cloud import firestore
from pydantic import Field

from storepulse import idempotency, queries, schema, txn
from storepulse.actions import DeviceInfo, log_user_action
from storepulse.activity import log_admin_activity
from storepulse.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, ResourceExhausted
from storepulse.models import CouponCode, DocId, IdempotencyKey, Reason, RequestModel, ResponseModel, SessionId
from storepulse.roles import Caller, Role
from storepulse.stats import activity, scopes
from storepulse.stats.counters import StatsDelta, add_to_stats, day_key
from storepulse.stats.scopes import Scope

OPERATION = "redeem_coupon"
REVERSE_OPERATION = "reverse_redemption"
MAX_ORDER_AMOUNT = 10_000_000


class RedeemCouponRequest(RequestModel):
    coupon_id: DocId | None = None
    shop_id: DocId | None = None
    code: CouponCode | None = None
    idempotency_key: IdempotencyKey
    customer_id: DocId | None = None
    session_id: SessionId | None = None
    device: DeviceInfo | None = None
    order_amount: float | None = Field(default=None, ge=0, le=MAX_ORDER_AMOUNT)


class RedeemedDiscount(ResponseModel):
    kind: Literal["percent", "amount"]
    value: float
    amount_cents: int


class RedeemCouponResponse(ResponseModel):
    redemption_id: str
    coupon_id: str
    shop_id: str
    customer_id: str
    discount: RedeemedDiscount
    redeemed_at: datetime
    replayed: bool = False


class ReverseRedemptionRequest(RequestModel):
    redemption_id: DocId
    reason: Reason
    idempotency_key: IdempotencyKey | None = None


class ReverseRedemptionResponse(ResponseModel):
    redemption_id: str
    status: Literal["reversed"]
    reversed_at: datetime
    replayed: bool = False


def coupon_slot_ref(db: firestore.Client, coupon_id: str, slot: int) -> firestore.DocumentReference:
    return db.collection(schema.COUPON_SLOTS).document(f"{coupon_id}_{slot}")


def customer_slot_ref(db: firestore.Client, coupon_id: str, customer_id: str, slot: int) -> firestore.DocumentReference:
    return db.collection(schema.CUSTOMER_SLOTS).document(f"{coupon_id}_{customer_id}_{slot}")


def customer_usage_ref(db: firestore.Client, coupon_id: str, customer_id: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(schema.CUSTOMER_USAGE).document(f"{coupon_id}_{customer_id}")
    return ref


def shop_customer_ref(db: firestore.Client, shop_id: str, customer_id: str) -> firestore.DocumentReference:
    return db.collection(schema.SHOP_CUSTOMER_DATA).document(f"{shop_id}_{customer_id}")


def affiliate_customer_ref(db: firestore.Client, affiliate_id: str, customer_id: str) -> firestore.DocumentReference:
    return db.collection(schema.AFFILIATE_CUSTOMER_DATA).document(f"{affiliate_id}_{customer_id}")


def _resolve_coupon_id(db: firestore.Client, request: RedeemCouponRequest) -> str:
    if request.coupon_id:
        if request.shop_id or request.code:
            raise InvalidArgument("couponId", "give couponId or (shopId, code), not both")
        return request.coupon_id
    if not (request.shop_id and request.code):
        raise InvalidArgument("couponId", "give couponId or both shopId and code")
    holder = db.collection(schema.COUPON_CODES).document(f"{request.shop_id}_{request.code}").get()
    if not holder.exists:
        raise NotFound(f"code: no coupon {request.code} at this shop.", field="code")
    return str((holder.to_dict() or {})["couponId"])


def _customer_for(caller: Caller, request: RedeemCouponRequest) -> tuple[str, str]:
    """(customerId, channel): customers redeem for themselves; shop owners at the till for a customer."""
    if caller.role is Role.CUSTOMER:
        if request.customer_id not in (None, caller.uid):
            raise PermissionDenied("Customers can only redeem for themselves.")
        return caller.uid, "self"
    if caller.role is Role.SHOP:
        if request.customer_id is None:
            raise InvalidArgument("customerId", "required when a shop redeems at the till")
        return request.customer_id, "till"
    raise PermissionDenied("Only customers, or shop owners at the till, redeem coupons.")


def _check_coupon(coupon: dict[str, Any] | None, caller: Caller, now: datetime) -> dict[str, Any]:
    if coupon is None:
        raise NotFound("couponId: no such coupon.", field="couponId")
    if caller.role is Role.SHOP and not caller.owns_shop(coupon["shopId"]):
        raise PermissionDenied("This coupon belongs to another shop.")
    if not coupon.get("active"):
        raise FailedPrecondition("This coupon is not active.")
    if coupon.get("validFrom") and now < coupon["validFrom"]:
        raise FailedPrecondition("This coupon is not valid yet.")
    if coupon.get("validUntil") and now >= coupon["validUntil"]:
        raise FailedPrecondition("This coupon has expired.")
    return coupon


def _discount_cents(discount: dict[str, Any], order_amount: float | None) -> int:
    if discount["kind"] == "amount":
        cents = round(float(discount["value"]) * 100)
        return min(cents, round(order_amount * 100)) if order_amount is not None else cents
    if order_amount is None:
        return 0
    return round(order_amount * 100 * float(discount["value"]) / 100)


@dataclass(frozen=True)
class _Plan:
    """What a redemption attempt saw before its transaction: which slots and records exist."""

    coupon_slot: int | None
    customer_ticket: int
    shop_customer_exists: bool
    affiliate_customer_exists: bool
    markers_seen: dict[str, bool]
    shop_name: str


def _plan(
    db: firestore.Client,
    *,
    coupon_id: str,
    coupon: dict[str, Any],
    customer_id: str,
    affiliate_id: str | None,
    scope_list: list[Scope],
    now: datetime,
) -> _Plan:
    per_customer = int(coupon.get("perCustomerLimit") or 1)
    usage = customer_usage_ref(db, coupon_id, customer_id)
    records = [shop_customer_ref(db, coupon["shopId"], customer_id)]
    if affiliate_id:
        records.append(affiliate_customer_ref(db, affiliate_id, customer_id))
    markers = activity.marker_refs(db, scope_list, customer_id, now)
    shop_ref = db.collection(schema.SHOPS).document(coupon["shopId"])
    snapshots = {s.reference.path: s for s in db.get_all([usage, *records, *markers, shop_ref])}
    seen = {path: snapshot.exists for path, snapshot in snapshots.items()}
    shop = snapshots[shop_ref.path].to_dict() or {}
    used = snapshots[usage.path].to_dict() or {}
    if int(used.get("live", 0)) >= per_customer:
        raise ResourceExhausted(f"This customer has used this coupon {per_customer} time(s), the limit.")
    coupon_slot = None
    limit = coupon.get("maxRedemptions")
    if limit:
        taken_query = queries.TAKEN_COUPON_SLOTS.build(db, {"couponId": coupon_id})
        taken = {int(doc.get("slot")) for doc in taken_query.select(["slot"]).stream()}
        free = [n for n in range(int(limit)) if n not in taken]
        if not free:
            raise ResourceExhausted(f"This coupon has reached its limit of {limit} redemptions.")
        coupon_slot = random.choice(free)
    return _Plan(
        coupon_slot=coupon_slot,
        customer_ticket=int(used.get("next", 0)),
        shop_customer_exists=seen[records[0].path],
        affiliate_customer_exists=bool(affiliate_id) and seen[records[-1].path],
        markers_seen={marker.path: seen[marker.path] for marker in markers},
        shop_name=str(shop.get("name") or coupon["shopId"]),
    )


def redeem_coupon(
    db: firestore.Client, caller: Caller, request: RedeemCouponRequest, now: datetime
) -> RedeemCouponResponse:
    """Record one redemption with all its effects, or nothing; a retried key returns the first result."""
    customer_id, channel = _customer_for(caller, request)
    coupon_id = _resolve_coupon_id(db, request)
    call = idempotency.IdempotentCall.of(
        db,
        OPERATION,
        caller.uid,
        request.idempotency_key,
        {**request.model_dump(exclude={"idempotency_key", "coupon_id", "shop_id", "code"}), "couponId": coupon_id},
    )
    coupon_ref = db.collection(schema.COUPONS).document(coupon_id)
    customer_ref = db.collection(schema.USERS).document(customer_id)

    key_ref = call.ref
    if key_ref is None:  # the request model already requires the key
        raise InvalidArgument("idempotencyKey", "required")

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        # One round trip for the three transactional reads.
        read = {s.reference.path: s for s in transaction.get_all([key_ref, coupon_ref, customer_ref])}
        if (replay := call.replay_from(read[key_ref.path])) is not None:
            return replay
        coupon = _check_coupon(read[coupon_ref.path].to_dict(), caller, now)
        profile = read[customer_ref.path].to_dict()
        if profile is None or profile.get("role") != Role.CUSTOMER.value:
            raise NotFound("customerId: no such customer.", field="customerId")
        shop_id = str(coupon["shopId"])
        affiliate_id = coupon.get("affiliateId") or profile.get("attributedAffiliateId")
        scope_list = [scopes.PLATFORM, scopes.shop(shop_id)] + (
            [scopes.affiliate(affiliate_id)] if affiliate_id else []
        )
        plan = _plan(
            db,
            coupon_id=coupon_id,
            coupon=coupon,
            customer_id=customer_id,
            affiliate_id=affiliate_id,
            scope_list=scope_list,
            now=now,
        )

        discount_cents = _discount_cents(coupon["discount"], request.order_amount)
        commission_cents = (
            round(float(coupon.get("commissionRate") or 0) * (request.order_amount or 0) * 100) if affiliate_id else 0
        )
        redemption_ref = db.collection(schema.REDEMPTIONS).document()
        customer_name = profile.get("displayName") or profile.get("email") or customer_id
        if plan.coupon_slot is not None:
            transaction.create(
                coupon_slot_ref(db, coupon_id, plan.coupon_slot),
                {"couponId": coupon_id, "slot": plan.coupon_slot, "redemptionId": redemption_ref.id, "at": now},
            )
        # The ticket is the serialisation point: parallel calls that read the same usage pick the same
        # ticket, and only one of them can create it.
        transaction.create(
            customer_slot_ref(db, coupon_id, customer_id, plan.customer_ticket),
            {"couponId": coupon_id, "customerId": customer_id, "redemptionId": redemption_ref.id, "at": now},
        )
        transaction.set(
            customer_usage_ref(db, coupon_id, customer_id),
            {
                "couponId": coupon_id,
                "customerId": customer_id,
                "live": firestore.Increment(1),
                "next": firestore.Increment(1),
            },
            merge=True,
        )
        transaction.create(
            redemption_ref,
            {
                "couponId": coupon_id,
                "couponCode": coupon["code"],
                "couponTitle": coupon.get("title"),
                "shopId": shop_id,
                "shopName": plan.shop_name,
                "customerId": customer_id,
                "customerName": customer_name,
                "redeemedBy": caller.uid,
                "channel": channel,
                "discount": coupon["discount"],
                "discountCents": discount_cents,
                "orderAmountCents": round(request.order_amount * 100) if request.order_amount is not None else None,
                "affiliateId": affiliate_id,
                "commissionCents": commission_cents,
                "sessionId": request.session_id,
                "device": request.device.model_dump(by_alias=True) if request.device else None,
                "status": "active",
                "redeemedAt": now,
                "day": day_key(now),
                "couponSlot": plan.coupon_slot,
                "customerSlot": plan.customer_ticket,
            },
        )
        acquired = _write_customer_records(
            db,
            transaction,
            plan,
            shop_id=shop_id,
            customer_id=customer_id,
            profile=profile,
            customer_name=customer_name,
            coupon_id=coupon_id,
            coupon_code=coupon["code"],
            affiliate_id=affiliate_id,
            discount_cents=discount_cents,
            commission_cents=commission_cents,
            now=now,
        )
        log_admin_activity(
            db,
            transaction,
            kind="redemption",
            actor_uid=caller.uid,
            at=now,
            summary=f"{customer_name} redeemed {coupon['code']} at {plan.shop_name}"
            + (" (till)" if channel == "till" else ""),
            redemptionId=redemption_ref.id,
            couponId=coupon_id,
            shopId=shop_id,
            customerId=customer_id,
            affiliateId=affiliate_id,
            discountCents=discount_cents,
        )
        log_user_action(
            db,
            transaction,
            uid=customer_id,
            action="coupon_redeemed",
            at=now,
            session_id=request.session_id,
            device=request.device,
            shop_id=shop_id,
            context={"couponId": coupon_id, "redemptionId": redemption_ref.id, "code": coupon["code"]},
        )
        newly_active = activity.record_activity(
            db, transaction, scopes=scope_list, uid=customer_id, at=now, markers_seen=plan.markers_seen
        )
        for scope in scope_list:
            is_affiliate = scope.kind is scopes.ScopeKind.AFFILIATE
            delta = StatsDelta(
                redemptions=1,
                discount_cents=discount_cents,
                commission_cents=commission_cents if scope.kind is not scopes.ScopeKind.SHOP else 0,
                customers_acquired=1 if acquired and is_affiliate else 0,
                active_today=1 if scope in newly_active else 0,
            )
            add_to_stats(db, transaction, scope, delta, counted_on=now, activity_at=now)
        result = RedeemCouponResponse(
            redemption_id=redemption_ref.id,
            coupon_id=coupon_id,
            shop_id=shop_id,
            customer_id=customer_id,
            discount=RedeemedDiscount(
                kind=coupon["discount"]["kind"], value=coupon["discount"]["value"], amount_cents=discount_cents
            ),
            redeemed_at=now,
        ).model_dump(mode="json", by_alias=True)
        call.remember(transaction, result, now)
        return result

    return RedeemCouponResponse.model_validate(txn.run(db, attempt))


def _write_customer_records(
    db: firestore.Client,
    transaction: firestore.Transaction,
    plan: _Plan,
    *,
    shop_id: str,
    customer_id: str,
    profile: dict[str, Any],
    customer_name: str,
    coupon_id: str,
    coupon_code: str,
    affiliate_id: str | None,
    discount_cents: int,
    commission_cents: int,
    now: datetime,
) -> bool:
    """Create or move the shop's and the affiliate's records; True when the affiliate acquired the customer."""
    contact = {"customerName": customer_name, "email": profile.get("email"), "phone": profile.get("phone")}
    last = {"lastRedemptionAt": now, "lastCouponId": coupon_id, "lastCouponCode": coupon_code, "updatedAt": now}
    shop_record = shop_customer_ref(db, shop_id, customer_id)
    if plan.shop_customer_exists:
        moved = {"redemptionCount": firestore.Increment(1), "discountCents": firestore.Increment(discount_cents)}
        transaction.update(shop_record, {**contact, **last, **moved})
    else:
        transaction.create(
            shop_record,
            {
                "shopId": shop_id,
                "customerId": customer_id,
                **contact,
                **last,
                "firstRedemptionAt": now,
                "redemptionCount": 1,
                "discountCents": discount_cents,
            },
        )
    if not affiliate_id:
        return False
    affiliate_record = affiliate_customer_ref(db, affiliate_id, customer_id)
    activity_fields = {"lastRedemptionAt": now, "updatedAt": now}
    if plan.affiliate_customer_exists:
        moved = {"redemptionCount": firestore.Increment(1), "commissionCents": firestore.Increment(commission_cents)}
        transaction.update(affiliate_record, {**activity_fields, **moved})
        return False
    transaction.create(
        affiliate_record,
        {
            "affiliateId": affiliate_id,
            "customerId": customer_id,
            "customerName": customer_name,
            "acquiredAt": now,
            "acquiredVia": "coupon",
            "redemptionCount": 1,
            "commissionCents": commission_cents,
            **activity_fields,
        },
    )
    return True


def reversal_ref(db: firestore.Client, redemption_id: str) -> firestore.DocumentReference:
    return db.collection(schema.REVERSALS).document(redemption_id)


def reverse_redemption(
    db: firestore.Client, caller: Caller, request: ReverseRedemptionRequest, now: datetime
) -> ReverseRedemptionResponse:
    """Mark a redemption reversed and take back every count it moved; reversing twice is a no-op."""
    redemption_ref = db.collection(schema.REDEMPTIONS).document(request.redemption_id)
    # A redemption's fields never change except its status, so it is read outside the transaction;
    # the create-only reversal record is what serialises parallel reversals.
    redemption = redemption_ref.get().to_dict()
    if redemption is None:
        raise NotFound("redemptionId: no such redemption.", field="redemptionId")
    if not (caller.is_admin or caller.owns_shop(redemption["shopId"])):
        raise PermissionDenied("Only admins or the redemption's shop owner may reverse it.")
    marker = reversal_ref(db, request.redemption_id)

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        done = marker.get(transaction=transaction)
        if done.exists:
            return {**(done.to_dict() or {})["result"], "replayed": True}
        coupon_id, customer_id, shop_id = redemption["couponId"], redemption["customerId"], redemption["shopId"]
        affiliate_id = redemption.get("affiliateId")
        discount_cents, commission_cents = int(redemption["discountCents"]), int(redemption["commissionCents"])
        result = ReverseRedemptionResponse(
            redemption_id=request.redemption_id, status="reversed", reversed_at=now
        ).model_dump(mode="json", by_alias=True)
        transaction.create(marker, {"reversedBy": caller.uid, "reason": request.reason, "at": now, "result": result})
        transaction.update(
            redemption_ref,
            {"status": "reversed", "reversedAt": now, "reversedBy": caller.uid, "reverseReason": request.reason},
        )
        if redemption.get("couponSlot") is not None:
            transaction.delete(coupon_slot_ref(db, coupon_id, int(redemption["couponSlot"])))
        transaction.delete(customer_slot_ref(db, coupon_id, customer_id, int(redemption["customerSlot"])))
        transaction.update(customer_usage_ref(db, coupon_id, customer_id), {"live": firestore.Increment(-1)})
        transaction.update(
            shop_customer_ref(db, shop_id, customer_id),
            {
                "redemptionCount": firestore.Increment(-1),
                "discountCents": firestore.Increment(-discount_cents),
                "updatedAt": now,
            },
        )
        scope_list = [scopes.PLATFORM, scopes.shop(shop_id)]
        if affiliate_id:
            scope_list.append(scopes.affiliate(affiliate_id))
            transaction.update(
                affiliate_customer_ref(db, affiliate_id, customer_id),
                {
                    "redemptionCount": firestore.Increment(-1),
                    "commissionCents": firestore.Increment(-commission_cents),
                    "updatedAt": now,
                },
            )
        for scope in scope_list:
            delta = StatsDelta(
                redemptions=-1,
                discount_cents=-discount_cents,
                commission_cents=-commission_cents if scope.kind is not scopes.ScopeKind.SHOP else 0,
            )
            add_to_stats(db, transaction, scope, delta, counted_on=redemption["redeemedAt"])
        log_admin_activity(
            db,
            transaction,
            kind="redemption_reversed",
            actor_uid=caller.uid,
            at=now,
            summary=f"Redemption of {redemption['couponCode']} by {redemption['customerName']} reversed: "
            f"{request.reason}",
            redemptionId=request.redemption_id,
            couponId=coupon_id,
            shopId=shop_id,
            customerId=customer_id,
        )
        log_user_action(
            db,
            transaction,
            uid=customer_id,
            action="redemption_reversed",
            at=now,
            shop_id=shop_id,
            context={"redemptionId": request.redemption_id, "code": redemption["couponCode"]},
        )
        return result

    return ReverseRedemptionResponse.model_validate(txn.run(db, attempt))
