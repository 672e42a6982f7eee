"""Request and response models of the order callables, and the order documents clients read."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from storepulse.platform.models import (
    Currency,
    DocId,
    DocumentModel,
    IdempotencyKey,
    Reason,
    RequestModel,
    ResponseModel,
    ShortText,
    absent,
)

MAX_ITEMS = 100


# The order's vocabulary; the status machine over it is `rules.py`.
class Status(StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    PREPARING = "preparing"
    READY_FOR_PICKUP = "ready_for_pickup"
    PICKED_UP = "picked_up"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class Fulfilment(StrEnum):
    DELIVERY = "delivery"
    PICKUP = "pickup"


MAX_QTY = 999
MAX_UNIT_PRICE_CENTS = 100_000_000  # one million in the currency's main unit
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Country = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")]
TrackingNumber = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9\-_. ]{3,64}$")]
TrackingUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500, pattern=r"^https://[^\s]+$")]


class OrderItem(RequestModel):
    product_id: DocId
    name: ShortText
    qty: int = Field(strict=True, ge=1, le=MAX_QTY)
    unit_price_cents: int = Field(strict=True, ge=0, le=MAX_UNIT_PRICE_CENTS)


class Address(RequestModel):
    line1: ShortText
    line2: ShortText | None = None
    city: ShortText
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)]
    country: Country
    instructions: Note | None = None


class DeliveryFulfilment(RequestModel):
    kind: Literal["delivery"]
    address: Address


class PickupFulfilment(RequestModel):
    kind: Literal["pickup"]


OrderFulfilment = Annotated[DeliveryFulfilment | PickupFulfilment, Field(discriminator="kind")]


class PlaceOrderRequest(RequestModel):
    shop_id: DocId
    items: list[OrderItem] = Field(min_length=1, max_length=MAX_ITEMS)
    currency: Currency
    fulfilment: OrderFulfilment
    idempotency_key: IdempotencyKey


class OrderResponse(ResponseModel):
    order_id: str
    status: Status
    status_label: str
    progress: int | None
    version: int
    total_cents: int
    currency: str
    replayed: bool = False


class UpdateOrderStatusRequest(RequestModel):
    order_id: DocId
    status: Status
    note: Note | None = None
    expected_version: int | None = Field(default=None, strict=True, ge=1)
    idempotency_key: IdempotencyKey


class CancelOrderRequest(RequestModel):
    order_id: DocId
    reason: Reason
    expected_version: int | None = Field(default=None, strict=True, ge=1)
    idempotency_key: IdempotencyKey


class Location(RequestModel):
    label: ShortText
    lat: float | None = Field(default=None, ge=-90, le=90)
    lng: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.lat is None) != (self.lng is None):
            raise ValueError("lat and lng come together")
        return self


class UpdateDeliveryRequest(RequestModel):
    order_id: DocId
    carrier: ShortText | None = None
    tracking_number: TrackingNumber | None = None
    tracking_url: TrackingUrl | None = None
    eta: AwareDatetime | None = None
    last_location: Location | None = None
    idempotency_key: IdempotencyKey

    @model_validator(mode="after")
    def _something_to_update(self) -> Self:
        if not self.model_dump(exclude={"order_id", "idempotency_key"}, exclude_none=True):
            raise ValueError("give at least one of carrier, trackingNumber, trackingUrl, eta, lastLocation")
        return self


class DeliveryResponse(ResponseModel):
    order_id: str
    version: int
    notified: bool
    eta: datetime | None = None
    replayed: bool = False


# What an order stores of its fulfilment: the request's, without the optional fields it left out.
class StoredAddress(DocumentModel):
    line1: str
    line2: str | None = absent()
    city: str
    postal_code: str
    country: str = Field(description="ISO 3166 alpha-2, upper case.")
    instructions: str | None = absent()


class StoredDeliveryFulfilment(DocumentModel):
    kind: Literal["delivery"]
    address: StoredAddress


class StoredPickupFulfilment(DocumentModel):
    kind: Literal["pickup"]


StoredFulfilment = Annotated[StoredDeliveryFulfilment | StoredPickupFulfilment, Field(discriminator="kind")]


class StoredLocation(DocumentModel):
    label: str
    lat: float | None = absent()
    lng: float | None = absent()


class DeliveryDetails(DocumentModel):
    """A delivery as the shop's owner last updated it: each field once given, and when."""

    carrier: str | None = absent()
    tracking_number: str | None = absent()
    tracking_url: str | None = absent()
    eta: datetime | None = absent()
    last_location: StoredLocation | None = absent()
    updated_at: datetime


class Order(DocumentModel):
    """`orders/{orderId}`: written only by its own changes (one transaction each, `version` + 1). The id of
    an order a paid checkout became is the checkout's id."""

    shop_id: str
    shop_name: str
    customer_id: str
    customer_name: str
    items: list[OrderItem]
    total_cents: int = Field(description="The server's sum of qty x unitPriceCents.")
    currency: str
    fulfilment: StoredFulfilment
    status: Status
    status_label: str
    progress: int | None = Field(description="Percent along the way; null when cancelled.")
    placed_at: datetime
    updated_at: datetime
    day: str = Field(description="The UTC day it was placed, YYYY-MM-DD.")
    finished_at: datetime | None
    finished_day: str | None
    version: int
    delivery: DeliveryDetails | None
    cancel_reason: str | None


class OrderTimelineEntry(DocumentModel):
    """`orders/{orderId}/timeline/{entryId}`: one change of the order, created with it. It carries the
    order's shop and customer; read it under the order's rule."""

    kind: Literal["status", "delivery"]
    status: Status | None
    label: str
    note: str | None = Field(description="On a status entry: the owner's note or the cancellation reason.")
    at: datetime
    by: str
    version: int = Field(description="The order's version after the change.")
    shop_id: str
    customer_id: str


class OrderDay(DocumentModel):
    """One UTC day's order figures: placed on the day it was placed, finished on the day it finished."""

    placed: int = 0
    delivered: int = 0
    picked_up: int = 0
    cancelled: int = 0
    completed: int = Field(default=0, description="Delivered and picked up.")
    revenue_cents: int = Field(default=0, description="Of completed orders.")
    seconds_to_final: int = Field(default=0, description="Summed over completed orders.")


class OrderStatsShard(DocumentModel):
    """`orderStats/{shopId}/shards/{0..9}`: a shop's order figures (blind increments, summed by readers)."""

    open: dict[str, int] = Field(default_factory=dict, description="Open orders now, by status.")
    placed_total: int = 0
    delivered_total: int = 0
    picked_up_total: int = 0
    cancelled_total: int = 0
    days: dict[str, OrderDay] = Field(default_factory=dict, description="By UTC day, YYYY-MM-DD.")
