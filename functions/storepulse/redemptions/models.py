"""Request and response models of the redemption callables, and the documents a redemption writes for
its readers (the redemption itself and the shop's record of the customer)."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from storepulse.activity.models import DeviceInfo, StoredDevice
from storepulse.catalog.models import Discount
from storepulse.platform.models import (
    Code,
    DocId,
    DocumentModel,
    IdempotencyKey,
    Reason,
    RequestModel,
    ResponseModel,
    SessionId,
    absent,
)

MAX_ORDER_AMOUNT = 10_000_000
# How a coupon was redeemed: by the customer, or by the shop's owner at the till for a customer.
Channel = Literal["self", "till"]


class RedeemCouponRequest(RequestModel):
    coupon_id: DocId | None = None
    shop_id: DocId | None = None
    code: Code | None = None
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


class Redemption(DocumentModel):
    """`redemptions/{redemptionId}`: one redemption, created in its transaction; only a reversal changes it."""

    coupon_id: str
    coupon_code: str
    coupon_title: str | None
    shop_id: str
    shop_name: str
    customer_id: str
    customer_name: str
    redeemed_by: str = Field(description="The caller: the customer, or the shop's owner at the till.")
    channel: Channel
    discount: Discount
    discount_cents: int
    order_amount_cents: int | None
    affiliate_id: str | None
    commission_cents: int
    session_id: str | None
    device: StoredDevice | None = Field(description="As sent, but the user agent only as its class.")
    status: Literal["active", "reversed"]
    redeemed_at: datetime
    day: str = Field(description="The UTC day (YYYY-MM-DD) the stats counted it on.")
    coupon_slot: int | None = Field(description="The coupon's limit slot it holds (null when unlimited).")
    reversed_at: datetime | None = absent()
    reversed_by: str | None = absent()
    reverse_reason: str | None = absent()


class ShopCustomer(DocumentModel):
    """`shopCustomerData/{shopId}_{customerId}`: what a shop knows of a customer who redeemed there
    (contact for that shop only). Counts live redemptions only."""

    shop_id: str
    customer_id: str
    customer_name: str
    email: str | None
    phone: str | None
    first_redemption_at: datetime
    last_redemption_at: datetime
    last_coupon_id: str
    last_coupon_code: str
    redemption_count: int
    discount_cents: int
    updated_at: datetime
