"""Request and response models of the redemption callables."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from storepulse.activity.models import DeviceInfo
from storepulse.platform.models import Code, DocId, IdempotencyKey, Reason, RequestModel, ResponseModel, SessionId

MAX_ORDER_AMOUNT = 10_000_000


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
