"""Request and response models of the visitor and checkout callables, and the documents sellers and
visitors read (sessions, checkouts, payment errors, live and daily counts)."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import Field, StringConstraints, field_validator, model_validator

from storepulse.orders.models import OrderFulfilment, StoredFulfilment
from storepulse.platform.models import (
    ClientClass,
    Currency,
    DocId,
    DocumentModel,
    Email,
    IdempotencyKey,
    Money,
    Phone,
    RequestModel,
    ResponseModel,
    SessionId,
    ShortText,
    absent,
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


class VisitorSession(DocumentModel):
    """`visitorSessions/{uid}_{sessionId}`: one visitor session (anonymous visitors included), on exactly
    one page at a time. Written only by its own visitor's calls and the every-minute cleanup."""

    uid: str
    session_id: str
    anonymous: bool
    shop_id: str
    page_type: PageType
    page_id: str | None
    status: Literal["active", "ended", "expired"]
    stage: Literal["checkout", "payment"] | None = Field(description="While a checkout is in progress.")
    checkout_id: str | None
    started_at: datetime = Field(description="Of the current visit (a visit after an end or expiry starts anew).")
    day: str
    referrer: str | None
    last_activity_at: datetime
    last_write_at: datetime = Field(description="Heartbeats closer than 15 seconds to it write nothing.")
    page_views: int
    expire_at: datetime = Field(
        description="`lastActivityAt` + 30 days: deleted by a TTL policy (platform/retention.py)."
    )
    ip_hash: str | None = Field(description="HMAC-SHA256 of the client's address (ADDRESS_SALT), never the address.")
    client: ClientClass | None = Field(description="The user agent's browser, OS and device class, never the string.")
    ended_at: datetime | None
    end_reason: Literal["ended", "expired"] | None


class PaymentAttempt(DocumentModel):
    method: str
    at: datetime
    outcome: Literal["succeeded", "failed"] | None = Field(description="Null while the payment is in progress.")
    settled_at: datetime | None = absent()
    error_code: str | None = absent()
    payment_error_id: str | None = absent()


class PaymentFailure(DocumentModel):
    code: str
    message: str
    at: datetime


class Checkout(DocumentModel):
    """`checkouts/{checkoutId}`: started, then payment_initiated, then paid, or failed (and back to
    payment_initiated on a retry). A checkout paid by a registered customer became the order with its id."""

    shop_id: str
    session_key: str
    session_id: str
    uid: str
    items: list[Item]
    total_cents: int
    currency: str
    customer: Contact | None
    fulfilment: StoredFulfilment | None
    status: Literal["started", "payment_initiated", "paid", "failed"]
    started_at: datetime
    day: str = Field(description="The UTC day it started: its funnel figures count on that day.")
    attempts: list[PaymentAttempt]
    expire_at: datetime = Field(description="`startedAt` + 90 days: deleted by a TTL policy (platform/retention.py).")
    ip_hash: str | None = Field(description="HMAC-SHA256 of the client's address (ADDRESS_SALT), never the address.")
    client: ClientClass | None = Field(description="The user agent's browser, OS and device class, never the string.")
    method: str | None = absent()
    payment_initiated_at: datetime | None = absent()
    paid_at: datetime | None = absent()
    paid_cents: int | None = absent()
    order_id: str | None = absent("Set when paid: the order it became, null for a visitor without an account.")
    last_error: PaymentFailure | None = absent()


class PaymentError(DocumentModel):
    """`paymentErrors/{errorId}`: a failed payment with everything needed to call the customer back
    (only the shop's owner and admins read it)."""

    shop_id: str
    checkout_id: str
    session_id: str
    uid: str
    error_code: str
    error_message: str
    details: dict[str, str | int | bool | None]
    customer: Contact | None
    items: list[Item]
    amount_cents: int
    currency: str
    method: str
    ip_hash: str | None = Field(description="HMAC-SHA256 of the client's address (ADDRESS_SALT), never the address.")
    client: ClientClass | None = Field(description="The user agent's browser, OS and device class, never the string.")
    created_at: datetime
    expire_at: datetime = Field(description="`createdAt` + 90 days: deleted by a TTL policy (platform/retention.py).")
    checkout_day: str


class LiveVisitorsSummary(DocumentModel):
    """`liveVisitors/{shopId}`: `onlineNow` (sessions active in the last 5 minutes), moved by the
    every-minute cleanup only when it changed; as of `liveWindows/current.onlineNowAsOf`."""

    shop_id: str
    online_now: int


class LiveVisitorsShard(DocumentModel):
    """`liveVisitors/{shopId}/shards/{0..9}`: where the shop's live sessions are (blind increments,
    summed by readers; a move is the old place's -1 and the new place's +1 in one shard)."""

    total: int = 0
    page_types: dict[str, int] = Field(default_factory=dict, description="By page type.")
    categories: dict[str, int] = Field(default_factory=dict, description="By category id.")
    offers: dict[str, int] = Field(default_factory=dict, description="By offer id.")
    products: dict[str, int] = Field(default_factory=dict, description="By product id.")
    checkouts: int = Field(default=0, description="Sessions in checkout.")
    payments: int = Field(default=0, description="Sessions paying.")
    updated_at: datetime | None = None


class MethodCounts(DocumentModel):
    attempts: int = 0
    succeeded: int = 0
    failed: int = 0


class ShopDayShard(DocumentModel):
    """`shopDaily/{shopId}/days/{YYYY-MM-DD}/shards/{0..9}`: the day's figures (UTC): from page views that
    day, and from checkouts started that day (a funnel is a cohort). Blind increments, summed by readers."""

    sessions: int = 0
    visits_by_hour: dict[str, int] = Field(default_factory=dict, description="Sessions started, by UTC hour, HH.")
    page_views: int = 0
    page_views_by_hour: dict[str, int] = Field(
        default_factory=dict, description="Page views by UTC hour, HH: the shop's activity through the day."
    )
    categories: dict[str, int] = Field(default_factory=dict)
    offers: dict[str, int] = Field(default_factory=dict)
    checkouts_started: int = 0
    payments_initiated: int = 0
    paid: int = 0
    revenue_cents: int = 0
    methods: dict[str, MethodCounts] = Field(default_factory=dict, description="By payment method.")
    errors: dict[str, int] = Field(default_factory=dict, description="By error code.")
