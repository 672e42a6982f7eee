"""Redemption callables."""

from __future__ import annotations

from firebase_functions import scheduler_fn

from storepulse.platform import config
from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import Role
from storepulse.platform.clock import SystemClock
from storepulse.platform.db import get_db
from storepulse.platform.errors import FailedPrecondition, NotFound, PermissionDenied, ResourceExhausted
from storepulse.redemptions.models import (
    RedeemCouponRequest,
    RedeemCouponResponse,
    ReverseRedemptionRequest,
    ReverseRedemptionResponse,
)


@callable_endpoint(
    RedeemCouponRequest,
    callers=(Role.CUSTOMER, Role.SHOP),
    errors=(PermissionDenied, NotFound, FailedPrecondition, ResourceExhausted),
    consume_app_check=True,
)
def redeem_coupon(context: CallContext, request: RedeemCouponRequest) -> RedeemCouponResponse:
    """A customer redeems a coupon, or a shop's owner redeems one for a customer at the till."""
    from storepulse.redemptions import redeem

    return redeem.redeem_coupon(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(ReverseRedemptionRequest, callers=(Role.ADMIN, Role.SHOP), errors=(PermissionDenied, NotFound))
def reverse_redemption(context: CallContext, request: ReverseRedemptionRequest) -> ReverseRedemptionResponse:
    """An admin or the shop's owner reverses a redemption."""
    from storepulse.redemptions import reverse

    return reverse.reverse_redemption(get_db(), context.signed_in, request, context.clock.now())


@scheduler_fn.on_schedule(schedule="every day 03:00", region=config.REGION)
def pseudonymise_redemptions(_event: scheduler_fn.ScheduledEvent) -> None:
    """Daily: the personal fields of redemptions made a year ago give way to a pseudonym (platform/retention.py)."""
    from storepulse.redemptions import pseudonymise

    pseudonymise.run(get_db(), SystemClock().now())
