"""The catalog's collections (shops, affiliates, coupons and their code guards) and the affiliates'
customer records (`affiliateCustomerData`, written by a registration and by redemptions): refs and
documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog.models import UpsertCouponRequest
from storepulse.platform import collections
from storepulse.platform.caller import Role
from storepulse.platform.db import documents
from storepulse.platform.errors import NotFound


def shop_ref(db: firestore.Client, shop_id: str | None = None) -> firestore.DocumentReference:
    """A shop's document (a new auto id when `shop_id` is None)."""
    ref: firestore.DocumentReference = db.collection(collections.SHOPS).document(shop_id)
    return ref


def affiliate_ref(db: firestore.Client, affiliate_id: str | None = None) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.AFFILIATES).document(affiliate_id)
    return ref


def coupon_ref(db: firestore.Client, coupon_id: str | None = None) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.COUPONS).document(coupon_id)
    return ref


def affiliate_code_ref(db: firestore.Client, code: str) -> firestore.DocumentReference:
    """The guard that makes an affiliate code unique platform-wide."""
    ref: firestore.DocumentReference = db.collection(collections.AFFILIATE_CODES).document(code.upper())
    return ref


def coupon_code_ref(db: firestore.Client, shop_id: str, code: str) -> firestore.DocumentReference:
    """The guard that makes a coupon code unique within its shop."""
    ref: firestore.DocumentReference = db.collection(collections.COUPON_CODES).document(f"{shop_id}_{code.upper()}")
    return ref


def require_shop(db: firestore.Client, shop_id: str) -> dict[str, Any]:
    """The shop's document, or `not-found` naming `shopId`."""
    return check_shop(shop_ref(db, shop_id).get())


def check_shop(shop: firestore.DocumentSnapshot[Any]) -> dict[str, Any]:
    """`require_shop` for a shop the caller read itself (batched with its other reads)."""
    if not shop.exists:
        raise NotFound("shopId: no such shop.", field="shopId")
    return shop.to_dict() or {}


def require_affiliate(db: firestore.Client, affiliate_id: str) -> dict[str, Any]:
    """The affiliate's document, or `not-found` naming `affiliateId`."""
    affiliate = affiliate_ref(db, affiliate_id).get()
    if not affiliate.exists:
        raise NotFound("affiliateId: no such affiliate.", field="affiliateId")
    return affiliate.to_dict() or {}


def affiliate_for_code(db: firestore.Client, code: str) -> str:
    """The affiliate id a code belongs to, or `not-found` naming `affiliateCode`."""
    holder = affiliate_code_ref(db, code).get()
    if not holder.exists:
        raise NotFound("affiliateCode: no such affiliate code.", field="affiliateCode")
    return str((holder.to_dict() or {})["affiliateId"])


def coupon_for_code(db: firestore.Client, shop_id: str, code: str) -> str:
    """The id of the shop's coupon with this code, or `not-found` naming `code`."""
    holder = coupon_code_ref(db, shop_id, code).get()
    if not holder.exists:
        raise NotFound(f"code: no coupon {code} at this shop.", field="code")
    return str((holder.to_dict() or {})["couponId"])


def shop_document(name: str, owner_uid: str, actor_uid: str, now: datetime) -> dict[str, Any]:
    return {"name": name, "ownerUid": owner_uid, "createdAt": now, "createdBy": actor_uid}


def affiliate_document(name: str, uid: str, code: str, actor_uid: str, now: datetime) -> dict[str, Any]:
    return {"name": name, "uid": uid, "code": code, "createdAt": now, "createdBy": actor_uid}


def coupon_fields(request: UpsertCouponRequest) -> dict[str, Any]:
    """The coupon's fields as the request sets them (stamps are added by the caller)."""
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


def owner_name(db: firestore.Client, role: Role, owner_id: str) -> str:
    """The name of shop `owner_id` (`Role.SHOP`) or affiliate `owner_id`, or `not-found` (the `OwnerName` port)."""
    owner = require_shop(db, owner_id) if role is Role.SHOP else require_affiliate(db, owner_id)
    return str(owner.get("name") or owner_id)


def affiliate_customer_ref(db: firestore.Client, affiliate_id: str, customer_id: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.AFFILIATE_CUSTOMER_DATA).document(
        f"{affiliate_id}_{customer_id}"
    )
    return ref


def affiliate_customer_moved(commission_cents: int, now: datetime) -> dict[str, Any]:
    return {
        "lastRedemptionAt": now,
        "updatedAt": now,
        "redemptionCount": firestore.Increment(1),
        "commissionCents": firestore.Increment(commission_cents),
    }


def affiliate_customer_new(
    affiliate_id: str, customer_id: str, customer_name: str, commission_cents: int, now: datetime, *, via: str
) -> dict[str, Any]:
    """An affiliate's record of a customer it acquired (by a coupon or by registration)."""
    redeemed = via == "coupon"
    record = {
        "affiliateId": affiliate_id,
        "customerId": customer_id,
        "customerName": customer_name,
        "acquiredAt": now,
        "acquiredVia": via,
        "redemptionCount": 1 if redeemed else 0,
        "commissionCents": commission_cents,
        "updatedAt": now,
    }
    return record | ({"lastRedemptionAt": now} if redeemed else {})


def acquired_by_registration(affiliate_id: str, customer_id: str, customer_name: str, now: datetime) -> dict[str, Any]:
    return affiliate_customer_new(affiliate_id, customer_id, customer_name, 0, now, via="registration")


def affiliate_customer_taken_back(commission_cents: int, now: datetime) -> dict[str, Any]:
    return {
        "redemptionCount": firestore.Increment(-1),
        "commissionCents": firestore.Increment(-commission_cents),
        "updatedAt": now,
    }


def affiliate_customer_records(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    return dict(documents(db, collections.AFFILIATE_CUSTOMER_DATA, read_time))
