"""Request and response models of the catalog callables, and the catalog's documents."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, Self

from pydantic import AwareDatetime, Field, model_validator

from storepulse.platform.caller import Role
from storepulse.platform.models import (
    Code,
    DocId,
    DocumentModel,
    Email,
    IdempotencyKey,
    Phone,
    RequestModel,
    ResponseModel,
    ShortText,
    absent,
)

# Limited coupons keep one slot document per redemption (see redemptions/); this bounds the
# per-redemption scan of taken slots.
MAX_REDEMPTIONS_LIMIT = 5000
MAX_PER_CUSTOMER_LIMIT = 100
MAX_AMOUNT = 1_000_000


class CreateShopRequest(RequestModel):
    name: ShortText
    owner_uid: DocId
    idempotency_key: IdempotencyKey | None = None


class ShopResponse(ResponseModel):
    shop_id: str
    name: str
    owner_uid: str
    created_at: datetime
    replayed: bool = False


class CreateAffiliateRequest(RequestModel):
    name: ShortText
    uid: DocId
    code: Code
    idempotency_key: IdempotencyKey | None = None


class AffiliateResponse(ResponseModel):
    affiliate_id: str
    name: str
    uid: str
    code: str
    created_at: datetime
    replayed: bool = False


class Discount(RequestModel):
    kind: Literal["percent", "amount"]
    value: float = Field(gt=0, le=MAX_AMOUNT)

    @model_validator(mode="after")
    def _check_value(self) -> Self:
        if self.kind == "percent" and self.value > 100:
            raise ValueError("a percent discount is at most 100")
        if self.kind == "amount" and Decimal(str(self.value)).as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError("an amount has at most 2 decimals")
        return self


class UpsertCouponRequest(RequestModel):
    coupon_id: DocId | None = None
    shop_id: DocId
    code: Code
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


class RegisterCustomerRequest(RequestModel):
    display_name: ShortText
    email: Email | None = None
    phone: Phone | None = None
    affiliate_code: Code | None = None
    idempotency_key: IdempotencyKey | None = None


class RegisterCustomerResponse(ResponseModel):
    uid: str
    role: Role
    display_name: str
    attributed_affiliate_id: str | None
    registered_at: datetime
    replayed: bool = False


class Shop(DocumentModel):
    """`shops/{shopId}`."""

    name: str
    owner_uid: str
    created_at: datetime
    created_by: str


class Affiliate(DocumentModel):
    """`affiliates/{affiliateId}`."""

    name: str
    uid: str
    code: str = Field(description="Upper case, unique on the platform.")
    created_at: datetime
    created_by: str


class Coupon(DocumentModel):
    """`coupons/{couponId}`: a shop's coupon as its owner (or an admin) last saved it."""

    shop_id: str
    code: str = Field(description="Upper case, unique within the shop.")
    title: str
    discount: Discount
    valid_from: datetime | None
    valid_until: datetime | None
    max_redemptions: int | None
    per_customer_limit: int
    affiliate_id: str | None
    commission_rate: float = Field(description="Of the order amount, 0 to 1.")
    active: bool
    created_at: datetime
    updated_at: datetime
    updated_by: str


class AffiliateCustomer(DocumentModel):
    """`affiliateCustomerData/{affiliateId}_{customerId}`: a customer an affiliate acquired (by its
    registration code or by redeeming its coupon). No contact details. Counts live redemptions only."""

    affiliate_id: str
    customer_id: str
    customer_name: str
    acquired_at: datetime
    acquired_via: Literal["registration", "coupon"]
    redemption_count: int
    commission_cents: int
    last_redemption_at: datetime | None = absent()
    updated_at: datetime
