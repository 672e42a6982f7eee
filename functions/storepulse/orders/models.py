"""Request and response models of the order callables."""

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from storepulse.orders.rules import Status
from storepulse.platform.models import (
    Currency,
    DocId,
    IdempotencyKey,
    Reason,
    RequestModel,
    ResponseModel,
    ShortText,
)

MAX_ITEMS = 100
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
