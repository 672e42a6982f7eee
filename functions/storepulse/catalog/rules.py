"""Pure decisions of the catalog: who edits coupons, valid windows, code ownership."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storepulse.platform.caller import Caller
from storepulse.platform.errors import AlreadyExists, FailedPrecondition, InvalidArgument, PermissionDenied


def check_coupon_editor(caller: Caller, shop_id: str) -> None:
    if not (caller.is_admin or caller.owns_shop(shop_id)):
        raise PermissionDenied("Only the shop's owner or an admin may edit its coupons.")


def check_validity_window(valid_from: datetime | None, valid_until: datetime | None) -> None:
    if valid_from and valid_until and valid_until <= valid_from:
        raise InvalidArgument("validUntil", "must be after validFrom")


def check_same_shop(previous: dict[str, Any], shop_id: str) -> None:
    """A coupon stays with the shop it was created for."""
    if previous.get("shopId") != shop_id:
        raise FailedPrecondition("shopId: a coupon cannot move to another shop.")


def claims_code(holder: dict[str, Any] | None, coupon_id: str, code: str) -> bool:
    """Whether saving `coupon_id` with `code` must claim the code (True) or already holds it (False).

    A code held by another coupon of the shop is `already-exists`.
    """
    if holder is None:
        return True
    if holder.get("couponId") != coupon_id:
        raise AlreadyExists(f"code: {code} is already used by another coupon of this shop.", field="code")
    return False


def check_affiliate_code_free(taken: bool, code: str) -> None:
    if taken:
        raise AlreadyExists(f"code: affiliate code {code} is taken.", field="code")
