"""Entry point the Firebase CLI loads: it only exposes the deployed functions."""

from storepulse.endpoints import (
    checkout_started,
    create_affiliate,
    create_shop,
    end_session,
    expire_visitor_sessions,
    heartbeat,
    payment_failed,
    payment_initiated,
    payment_succeeded,
    redeem_coupon,
    refresh_live_stats,
    register_customer,
    reverse_redemption,
    set_user_role,
    track_action,
    track_page,
    upsert_coupon,
)
from storepulse.platform.db import admin_app

# Callable token verification needs the default Admin SDK app before the first request.
admin_app()

__all__ = [
    "checkout_started",
    "create_affiliate",
    "create_shop",
    "end_session",
    "expire_visitor_sessions",
    "heartbeat",
    "payment_failed",
    "payment_initiated",
    "payment_succeeded",
    "redeem_coupon",
    "refresh_live_stats",
    "register_customer",
    "reverse_redemption",
    "set_user_role",
    "track_action",
    "track_page",
    "upsert_coupon",
]
