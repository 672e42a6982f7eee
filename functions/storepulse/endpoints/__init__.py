"""The deployed functions: one module of thin handlers per capability.

`MODULE_OF` names each deployed function's module (the one list of them). An instance of a
deployed function loads only its own module (`load(FUNCTION_TARGET)`), so its cold start does not
import every other function's handlers, models and domain code; the CLI's discovery and any other
caller load them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

MODULE_OF: dict[str, str] = {
    "adjust_points": "loyalty",
    "cancel_order": "orders",
    "checkout_started": "visitors",
    "create_affiliate": "catalog",
    "create_shop": "catalog",
    "delete_my_account": "privacy",
    "delete_user_data": "privacy",
    "end_session": "visitors",
    "expire_visitor_sessions": "visitors",
    "export_my_data": "privacy",
    "export_user_data": "privacy",
    "heartbeat": "visitors",
    "invite_to_program": "loyalty",
    "issue_qr_token": "loyalty",
    "mark_notifications": "notifications",
    "payment_failed": "visitors",
    "payment_initiated": "visitors",
    "payment_succeeded": "visitors",
    "place_order": "orders",
    "pseudonymise_orders": "orders",
    "pseudonymise_redemptions": "redemptions",
    "redeem_coupon": "redemptions",
    "refresh_live_stats": "stats",
    "refresh_platform_pulse": "analytics",
    "register_customer": "catalog",
    "respond_to_enrollment": "loyalty",
    "respond_to_points_request": "loyalty",
    "reverse_redemption": "redemptions",
    "scan_qr": "loyalty",
    "set_user_role": "identity",
    "track_action": "activity",
    "track_page": "visitors",
    "update_delivery": "orders",
    "update_order_status": "orders",
    "upsert_coupon": "catalog",
    "upsert_loyalty_program": "loyalty",
}


def load(target: str | None = None) -> dict[str, Callable[..., Any]]:
    """The deployed functions by name: only `target` when it names one, else every one."""
    names = [target] if target in MODULE_OF else sorted(MODULE_OF)
    return {name: getattr(importlib.import_module(f"storepulse.endpoints.{MODULE_OF[name]}"), name) for name in names}
