"""The deployed functions: one module of thin handlers per capability, all re-exported here."""

from storepulse.endpoints.activity import track_action
from storepulse.endpoints.analytics import refresh_platform_pulse
from storepulse.endpoints.catalog import create_affiliate, create_shop, register_customer, upsert_coupon
from storepulse.endpoints.identity import set_user_role
from storepulse.endpoints.loyalty import (
    adjust_points,
    issue_qr_token,
    respond_to_enrollment,
    respond_to_points_request,
    scan_qr,
    upsert_loyalty_program,
)
from storepulse.endpoints.notifications import mark_notifications
from storepulse.endpoints.orders import cancel_order, place_order, update_delivery, update_order_status
from storepulse.endpoints.redemptions import redeem_coupon, reverse_redemption
from storepulse.endpoints.stats import refresh_live_stats
from storepulse.endpoints.visitors import (
    checkout_started,
    end_session,
    expire_visitor_sessions,
    heartbeat,
    payment_failed,
    payment_initiated,
    payment_succeeded,
    track_page,
)

__all__ = [
    "adjust_points",
    "cancel_order",
    "checkout_started",
    "create_affiliate",
    "create_shop",
    "end_session",
    "expire_visitor_sessions",
    "heartbeat",
    "issue_qr_token",
    "mark_notifications",
    "payment_failed",
    "payment_initiated",
    "payment_succeeded",
    "place_order",
    "redeem_coupon",
    "refresh_live_stats",
    "refresh_platform_pulse",
    "register_customer",
    "respond_to_enrollment",
    "respond_to_points_request",
    "reverse_redemption",
    "scan_qr",
    "set_user_role",
    "track_action",
    "track_page",
    "update_delivery",
    "update_order_status",
    "upsert_coupon",
    "upsert_loyalty_program",
]
