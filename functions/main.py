"""Entry point the Firebase CLI loads: it only exposes the deployed functions."""

from storepulse.db import admin_app
from storepulse.endpoints import (
    create_affiliate,
    create_shop,
    redeem_coupon,
    refresh_live_stats,
    register_customer,
    reverse_redemption,
    set_user_role,
    track_action,
    upsert_coupon,
)

# Callable token verification needs the default Admin SDK app before the first request.
admin_app()

__all__ = [
    "create_affiliate",
    "create_shop",
    "redeem_coupon",
    "refresh_live_stats",
    "register_customer",
    "reverse_redemption",
    "set_user_role",
    "track_action",
    "upsert_coupon",
]
