"""Live-visitor callables (anonymous visitors too) and the session cleanup job."""

from __future__ import annotations

from firebase_functions import scheduler_fn

from storepulse.platform import config
from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import EVERYONE
from storepulse.platform.clock import SystemClock
from storepulse.platform.db import get_db
from storepulse.platform.errors import FailedPrecondition, NotFound, PermissionDenied
from storepulse.visitors.models import (
    CheckoutResponse,
    CheckoutStartedRequest,
    PaymentFailedRequest,
    PaymentInitiatedRequest,
    PaymentResponse,
    PaymentSucceededRequest,
    SessionRequest,
    SessionResponse,
    TrackPageRequest,
)


# The callables that record where a visitor calls from declare the salt its address is hashed with.
@callable_endpoint(TrackPageRequest, callers=EVERYONE, errors=(NotFound,))
def track_page(context: CallContext, request: TrackPageRequest) -> SessionResponse:
    """A visitor starts a session on a page or moves it to another."""
    from storepulse.visitors import sessions

    return sessions.track_page(get_db(), context.signed_in, request, context.facts())


@callable_endpoint(SessionRequest, callers=EVERYONE, errors=(NotFound, FailedPrecondition))
def heartbeat(context: CallContext, request: SessionRequest) -> SessionResponse:
    """Keeps a session alive; heartbeats closer than 15 seconds apart write nothing."""
    from storepulse.visitors import sessions

    return sessions.heartbeat(get_db(), context.signed_in, request, context.facts())


@callable_endpoint(SessionRequest, callers=EVERYONE, errors=(NotFound,))
def end_session(context: CallContext, request: SessionRequest) -> SessionResponse:
    """The visitor left."""
    from storepulse.visitors import sessions

    return sessions.end_session(get_db(), context.signed_in, request, context.facts())


@callable_endpoint(CheckoutStartedRequest, callers=EVERYONE, errors=(FailedPrecondition,))
def checkout_started(context: CallContext, request: CheckoutStartedRequest) -> CheckoutResponse:
    """The visitor's session opens a checkout."""
    from storepulse.visitors import checkout

    return checkout.checkout_started(get_db(), context.signed_in, request, context.facts())


@callable_endpoint(PaymentInitiatedRequest, callers=EVERYONE, errors=(PermissionDenied, NotFound, FailedPrecondition))
def payment_initiated(context: CallContext, request: PaymentInitiatedRequest) -> PaymentResponse:
    from storepulse.visitors import checkout

    return checkout.payment_initiated(get_db(), context.signed_in, request, context.facts())


@callable_endpoint(PaymentSucceededRequest, callers=EVERYONE, errors=(PermissionDenied, NotFound, FailedPrecondition))
def payment_succeeded(context: CallContext, request: PaymentSucceededRequest) -> PaymentResponse:
    from storepulse.visitors import checkout

    return checkout.payment_succeeded(get_db(), context.signed_in, request, context.facts())


@callable_endpoint(
    PaymentFailedRequest,
    callers=EVERYONE,
    errors=(PermissionDenied, NotFound, FailedPrecondition),
)
def payment_failed(context: CallContext, request: PaymentFailedRequest) -> PaymentResponse:
    """Records the failure with the customer's contact, the order, the payer's address hash and
    browser class."""
    from storepulse.visitors import checkout

    return checkout.payment_failed(get_db(), context.signed_in, request, context.facts())


@scheduler_fn.on_schedule(schedule="every 1 minutes", region=config.REGION)
def expire_visitor_sessions(_event: scheduler_fn.ScheduledEvent) -> None:
    """Every minute: expire sessions idle for 30 minutes and recount online-now per shop."""
    from storepulse.visitors import live

    live.run_cleanup(get_db(), SystemClock().now())
