"""The deployed functions: thin handlers that authenticate, validate and call the domain code."""

from __future__ import annotations

from firebase_functions import scheduler_fn

from storepulse import config
from storepulse.actions import TrackActionRequest, TrackActionResponse
from storepulse.actions import track_action as track
from storepulse.affiliates import AffiliateResponse, CreateAffiliateRequest
from storepulse.affiliates import create_affiliate as new_affiliate
from storepulse.callable import CallContext, callable_endpoint
from storepulse.clock import SystemClock
from storepulse.coupons import CouponResponse, UpsertCouponRequest
from storepulse.coupons import upsert_coupon as save_coupon
from storepulse.customers import RegisterCustomerRequest, RegisterCustomerResponse
from storepulse.customers import register_customer as register
from storepulse.db import get_db
from storepulse.redemptions import (
    RedeemCouponRequest,
    RedeemCouponResponse,
    ReverseRedemptionRequest,
    ReverseRedemptionResponse,
)
from storepulse.redemptions import (
    redeem_coupon as redeem,
)
from storepulse.redemptions import (
    reverse_redemption as reverse,
)
from storepulse.shops import CreateShopRequest, ShopResponse
from storepulse.shops import create_shop as new_shop
from storepulse.stats.refresh import refresh_active_now
from storepulse.users import service as users
from storepulse.users.directory import FirebaseUserDirectory
from storepulse.users.models import SetUserRoleRequest, SetUserRoleResponse
from storepulse.visitors import checkout, sessions
from storepulse.visitors.live import run_cleanup
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


@callable_endpoint(SetUserRoleRequest)
def set_user_role(context: CallContext, request: SetUserRoleRequest) -> SetUserRoleResponse:
    """Admins grant a role (and its shop or affiliate id) to a user."""
    return users.set_user_role(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())


@callable_endpoint(CreateShopRequest)
def create_shop(context: CallContext, request: CreateShopRequest) -> ShopResponse:
    """Admins create a shop; its owner becomes a `shop` user."""
    return new_shop(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())


@callable_endpoint(CreateAffiliateRequest)
def create_affiliate(context: CallContext, request: CreateAffiliateRequest) -> AffiliateResponse:
    """Admins create an affiliate with a unique code; the user becomes an `affiliate`."""
    return new_affiliate(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())


@callable_endpoint(UpsertCouponRequest)
def upsert_coupon(context: CallContext, request: UpsertCouponRequest) -> CouponResponse:
    """A shop's owner (or an admin) creates or edits one of its coupons."""
    return save_coupon(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(RegisterCustomerRequest)
def register_customer(context: CallContext, request: RegisterCustomerRequest) -> RegisterCustomerResponse:
    """A signed-in user without a role becomes a customer."""
    return register(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())


@callable_endpoint(RedeemCouponRequest)
def redeem_coupon(context: CallContext, request: RedeemCouponRequest) -> RedeemCouponResponse:
    """A customer redeems a coupon, or a shop's owner redeems one for a customer at the till."""
    return redeem(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(ReverseRedemptionRequest)
def reverse_redemption(context: CallContext, request: ReverseRedemptionRequest) -> ReverseRedemptionResponse:
    """An admin or the shop's owner reverses a redemption."""
    return reverse(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(TrackActionRequest)
def track_action(context: CallContext, request: TrackActionRequest) -> TrackActionResponse:
    """Any signed-in user records an action (rate-limited)."""
    return track(get_db(), context.signed_in, request, context.clock.now())


@scheduler_fn.on_schedule(schedule="every 1 minutes", region=config.REGION)
def refresh_live_stats(_event: scheduler_fn.ScheduledEvent) -> None:
    """Every minute: recount "active in the last 5 minutes" for every scope."""
    refresh_active_now(get_db(), SystemClock().now())


@callable_endpoint(TrackPageRequest)
def track_page(context: CallContext, request: TrackPageRequest) -> SessionResponse:
    """A visitor (anonymous users too) starts a session on a page or moves it to another."""
    return sessions.track_page(get_db(), context, request, context.clock.now())


@callable_endpoint(SessionRequest)
def heartbeat(context: CallContext, request: SessionRequest) -> SessionResponse:
    """Keeps a session alive; heartbeats closer than 15 seconds apart write nothing."""
    return sessions.heartbeat(get_db(), context, request, context.clock.now())


@callable_endpoint(SessionRequest)
def end_session(context: CallContext, request: SessionRequest) -> SessionResponse:
    """The visitor left."""
    return sessions.end_session(get_db(), context, request, context.clock.now())


@callable_endpoint(CheckoutStartedRequest)
def checkout_started(context: CallContext, request: CheckoutStartedRequest) -> CheckoutResponse:
    """The visitor's session opens a checkout."""
    return checkout.checkout_started(get_db(), context, request, context.clock.now())


@callable_endpoint(PaymentInitiatedRequest)
def payment_initiated(context: CallContext, request: PaymentInitiatedRequest) -> PaymentResponse:
    return checkout.payment_initiated(get_db(), context, request, context.clock.now())


@callable_endpoint(PaymentSucceededRequest)
def payment_succeeded(context: CallContext, request: PaymentSucceededRequest) -> PaymentResponse:
    return checkout.payment_succeeded(get_db(), context, request, context.clock.now())


@callable_endpoint(PaymentFailedRequest)
def payment_failed(context: CallContext, request: PaymentFailedRequest) -> PaymentResponse:
    """Records the failure with the customer's contact, the order, IP and user agent."""
    return checkout.payment_failed(get_db(), context, request, context.clock.now())


@scheduler_fn.on_schedule(schedule="every 1 minutes", region=config.REGION)
def expire_visitor_sessions(_event: scheduler_fn.ScheduledEvent) -> None:
    """Every minute: expire sessions idle for 30 minutes and recount online-now per shop."""
    run_cleanup(get_db(), SystemClock().now())
