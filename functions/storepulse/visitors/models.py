"""Request and response models of the visitor and checkout callables."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, StringConstraints, field_validator, model_validator

from storepulse.orders.models import OrderFulfilment
from storepulse.platform.models import (
    Currency,
    DocId,
    Email,
    IdempotencyKey,
    Money,
    Phone,
    RequestModel,
    ResponseModel,
    SessionId,
    ShortText,
)

MAX_ITEMS = 100
MAX_DETAIL_KEYS = 20
# A machine-made code: a payment method or an error code.
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_.\-]{1,64}$")]
Referrer = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Message = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
DetailValue = Annotated[str, StringConstraints(max_length=500)] | Annotated[int, Field(strict=True)] | bool | None
DetailKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$")]


class PageType(StrEnum):
    HOMEPAGE = "homepage"
    CATEGORY = "category"
    OFFER = "offer"
    PRODUCT = "product"
    CHECKOUT = "checkout"
    PAYMENT = "payment"


PAGE_TYPES_WITH_ID = frozenset({PageType.CATEGORY, PageType.OFFER, PageType.PRODUCT})


class TrackPageRequest(RequestModel):
    session_id: SessionId
    shop_id: DocId
    page_type: PageType
    page_id: DocId | None = None
    referrer: Referrer | None = None

    @model_validator(mode="after")
    def _page_id_matches_type(self) -> Self:
        if (self.page_type in PAGE_TYPES_WITH_ID) != (self.page_id is not None):
            raise ValueError(
                f"pageId is required for {self.page_type.value} pages"
                if self.page_type in PAGE_TYPES_WITH_ID
                else f"pageId is not used on {self.page_type.value} pages"
            )
        return self


class SessionRequest(RequestModel):
    session_id: SessionId


class SessionResponse(ResponseModel):
    session_id: str
    shop_id: str | None
    page_type: str | None
    page_id: str | None
    status: str
    started: bool = False
    written: bool = True


class Item(RequestModel):
    product_id: DocId
    name: ShortText
    qty: int = Field(strict=True, ge=1, le=10_000)
    unit_price: Money


class Contact(RequestModel):
    name: ShortText | None = None
    email: Email | None = None
    phone: Phone | None = None


class CheckoutStartedRequest(RequestModel):
    session_id: SessionId
    shop_id: DocId
    items: list[Item] = Field(min_length=1, max_length=MAX_ITEMS)
    total: Money
    currency: Currency
    customer: Contact | None = None
    # How a signed-in customer's paid checkout is fulfilled as an order (pickup when not given).
    fulfilment: OrderFulfilment | None = None
    idempotency_key: IdempotencyKey | None = None


class CheckoutResponse(ResponseModel):
    checkout_id: str
    status: str
    replayed: bool = False


class PaymentInitiatedRequest(RequestModel):
    checkout_id: DocId
    method: Slug
    idempotency_key: IdempotencyKey | None = None


class PaymentSucceededRequest(RequestModel):
    checkout_id: DocId
    amount: Money
    idempotency_key: IdempotencyKey | None = None


class PaymentFailedRequest(RequestModel):
    checkout_id: DocId
    error_code: Slug
    error_message: Message
    details: dict[DetailKey, DetailValue] | None = None
    idempotency_key: IdempotencyKey | None = None

    @field_validator("details")
    @classmethod
    def _bounded(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None and len(value) > MAX_DETAIL_KEYS:
            raise ValueError(f"at most {MAX_DETAIL_KEYS} keys")
        return value


class PaymentResponse(ResponseModel):
    checkout_id: str
    status: str
    payment_error_id: str | None = None
    recorded_at: datetime
    # The order a checkout paid by a signed-in customer became (same id as the checkout).
    order_id: str | None = None
    replayed: bool = False
