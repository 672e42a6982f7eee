"""The catalog's collections (shops, affiliates, coupons and their code guards) and the affiliates'
customer records (`affiliateCustomerData`, written by a registration and by redemptions): refs and
documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog.models import Affiliate, AffiliateCustomer, Coupon, Shop, UpsertCouponRequest
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


def owner_of(db: firestore.Client, shop_id: str) -> str | None:
    """The uid of the shop's owner (a plain read), or None for a missing shop."""
    shop = shop_ref(db, shop_id).get().to_dict() or {}
    return str(shop["ownerUid"]) if shop.get("ownerUid") else None


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
    return Shop(name=name, owner_uid=owner_uid, created_at=now, created_by=actor_uid).as_document()


def affiliate_document(name: str, uid: str, code: str, actor_uid: str, now: datetime) -> dict[str, Any]:
    return Affiliate(name=name, uid=uid, code=code, created_at=now, created_by=actor_uid).as_document()


def coupon_document(
    request: UpsertCouponRequest, actor_uid: str, now: datetime, created_at: datetime
) -> dict[str, Any]:
    """The coupon as the request saves it (an edit keeps the coupon's `created_at`)."""
    return Coupon(
        shop_id=request.shop_id,
        code=request.code,
        title=request.title,
        discount=request.discount,
        valid_from=request.valid_from,
        valid_until=request.valid_until,
        max_redemptions=request.max_redemptions,
        per_customer_limit=request.per_customer_limit,
        affiliate_id=request.affiliate_id,
        commission_rate=request.commission_rate or 0.0,
        active=request.active,
        created_at=created_at,
        updated_at=now,
        updated_by=actor_uid,
    ).as_document()


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
    return AffiliateCustomer.changes(
        last_redemption_at=now,
        updated_at=now,
        redemption_count=firestore.Increment(1),
        commission_cents=firestore.Increment(commission_cents),
    )


def affiliate_customer_new(
    affiliate_id: str, customer_id: str, customer_name: str, commission_cents: int, now: datetime, *, via: str
) -> dict[str, Any]:
    """An affiliate's record of a customer it acquired (by a coupon or by registration)."""
    redeemed = via == "coupon"
    return AffiliateCustomer(
        affiliate_id=affiliate_id,
        customer_id=customer_id,
        customer_name=customer_name,
        acquired_at=now,
        acquired_via=via,
        redemption_count=1 if redeemed else 0,
        commission_cents=commission_cents,
        last_redemption_at=now if redeemed else None,
        updated_at=now,
    ).as_document()


def acquired_by_registration(affiliate_id: str, customer_id: str, customer_name: str, now: datetime) -> dict[str, Any]:
    return affiliate_customer_new(affiliate_id, customer_id, customer_name, 0, now, via="registration")


def affiliate_customer_taken_back(commission_cents: int, now: datetime) -> dict[str, Any]:
    return AffiliateCustomer.changes(
        redemption_count=firestore.Increment(-1),
        commission_cents=firestore.Increment(-commission_cents),
        updated_at=now,
    )


def affiliate_customer_records(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    return dict(documents(db, collections.AFFILIATE_CUSTOMER_DATA, read_time))
