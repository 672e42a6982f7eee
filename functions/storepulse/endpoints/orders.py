"""Order callables."""

from __future__ import annotations

from firebase_functions import scheduler_fn

from storepulse.orders.models import (
    CancelOrderRequest,
    DeliveryResponse,
    OrderResponse,
    PlaceOrderRequest,
    UpdateDeliveryRequest,
    UpdateOrderStatusRequest,
)
from storepulse.platform import config
from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import Role
from storepulse.platform.clock import SystemClock
from storepulse.platform.db import get_db
from storepulse.platform.errors import FailedPrecondition, NotFound, PermissionDenied


@callable_endpoint(PlaceOrderRequest, callers=(Role.CUSTOMER,), errors=(PermissionDenied, NotFound))
def place_order(context: CallContext, request: PlaceOrderRequest) -> OrderResponse:
    """A signed-in customer orders from a shop; the server computes the total."""
    from storepulse.orders import place

    return place.place_order(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(
    UpdateOrderStatusRequest, callers=(Role.ADMIN, Role.SHOP), errors=(PermissionDenied, NotFound, FailedPrecondition)
)
def update_order_status(context: CallContext, request: UpdateOrderStatusRequest) -> OrderResponse:
    """The shop's owner (or an admin) moves an order one legal step along the status machine."""
    from storepulse.orders import status

    return status.update_order_status(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(UpdateDeliveryRequest, callers=(Role.SHOP,), errors=(PermissionDenied, NotFound, FailedPrecondition))
def update_delivery(context: CallContext, request: UpdateDeliveryRequest) -> DeliveryResponse:
    """The shop's owner sets carrier, tracking, ETA or location of a delivery order."""
    from storepulse.orders import delivery

    return delivery.update_delivery(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(
    CancelOrderRequest,
    callers=(Role.ADMIN, Role.SHOP, Role.CUSTOMER),
    errors=(PermissionDenied, NotFound, FailedPrecondition),
)
def cancel_order(context: CallContext, request: CancelOrderRequest) -> OrderResponse:
    """The customer (before preparation) or the shop's owner or an admin (before final) cancels."""
    from storepulse.orders import cancel

    return cancel.cancel_order(get_db(), context.signed_in, request, context.clock.now())


@scheduler_fn.on_schedule(schedule="every day 03:00", region=config.REGION)
def pseudonymise_orders(_event: scheduler_fn.ScheduledEvent) -> None:
    """Daily: the personal fields of orders finished a year ago give way to a pseudonym (platform/retention.py)."""
    from storepulse.orders import pseudonymise

    pseudonymise.run(get_db(), SystemClock().now())
