"""Pure decisions of a redemption: who may redeem and reverse, coupon checks, limits, money, counts."""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import Any

from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
)
from storepulse.platform.models import to_cents
from storepulse.redemptions.models import Channel
from storepulse.stats import scopes
from storepulse.stats.counters import StatsDelta
from storepulse.stats.scopes import Scope, ScopeKind


def check_coupon_reference(coupon_id: str | None, shop_id: str | None, code: str | None) -> None:
    """A redemption names its coupon by id, or by shop and code; never both, never neither."""
    if coupon_id:
        if shop_id or code:
            raise InvalidArgument("couponId", "give couponId or (shopId, code), not both")
        return
    if not (shop_id and code):
        raise InvalidArgument("couponId", "give couponId or both shopId and code")


def customer_for(caller: Caller, customer_id: str | None) -> tuple[str, Channel]:
    """(customerId, channel): customers redeem for themselves; shop owners at the till for a customer."""
    if caller.role is Role.CUSTOMER:
        if customer_id not in (None, caller.uid):
            raise PermissionDenied("Customers can only redeem for themselves.")
        return caller.uid, "self"
    if caller.role is Role.SHOP:
        if customer_id is None:
            raise InvalidArgument("customerId", "required when a shop redeems at the till")
        return customer_id, "till"
    raise PermissionDenied("Only customers, or shop owners at the till, redeem coupons.")


def check_coupon(coupon: dict[str, Any] | None, caller: Caller, now: datetime) -> dict[str, Any]:
    """The coupon, if it exists, belongs to a till caller's shop, is active and valid at `now`."""
    if coupon is None:
        raise NotFound("couponId: no such coupon.", field="couponId")
    if caller.role is Role.SHOP and not caller.owns_shop(coupon["shopId"]):
        raise PermissionDenied("This coupon belongs to another shop.")
    if not coupon.get("active"):
        raise FailedPrecondition("This coupon is not active.")
    if coupon.get("validFrom") and now < coupon["validFrom"]:
        raise FailedPrecondition("This coupon is not valid yet.")
    if coupon.get("validUntil") and now >= coupon["validUntil"]:
        raise FailedPrecondition("This coupon has expired.")
    return coupon


def check_customer(profile: dict[str, Any] | None) -> dict[str, Any]:
    if profile is None or profile.get("role") != Role.CUSTOMER.value:
        raise NotFound("customerId: no such customer.", field="customerId")
    return profile


def discount_cents(discount: dict[str, Any], order_amount: float | None) -> int:
    """What the discount is worth: an amount (capped at the order), or a percent of the order."""
    if discount["kind"] == "amount":
        cents = to_cents(float(discount["value"]))
        return min(cents, to_cents(order_amount)) if order_amount is not None else cents
    if order_amount is None:
        return 0
    return round(order_amount * 100 * float(discount["value"]) / 100)


def commission_cents(commission_rate: float | None, order_amount: float | None, affiliate_id: str | None) -> int:
    """The affiliate's commission on the order (none without an affiliate)."""
    if not affiliate_id:
        return 0
    return round(float(commission_rate or 0) * (order_amount or 0) * 100)


def check_per_customer(live: int, per_customer: int) -> None:
    if live >= per_customer:
        raise ResourceExhausted(f"This customer has used this coupon {per_customer} time(s), the limit.")


def _limit_reached(limit: int) -> ResourceExhausted:
    return ResourceExhausted(f"This coupon has reached its limit of {limit} redemptions.")


def pick_slot(
    limit: int | None, taken: Collection[int], choose: Callable[[Sequence[int]], int] = random.choice
) -> int | None:
    """A free slot of a limited coupon whose every slot was read (None when unlimited);
    `resource-exhausted` when all are taken.

    A random free slot, so parallel callers rarely pick the same one (the loser re-plans).
    """
    if not limit:
        return None
    free = [n for n in range(int(limit)) if n not in taken]
    if not free:
        raise _limit_reached(int(limit))
    return choose(free)


# Slot documents a redemption of a limited coupon reads, whatever the number taken. With a share
# `t` of the slots taken, every probe is taken with chance t ** SLOT_PROBES (80 % taken: 2.8 %);
# only then does the redemption count its way to a free slot (find_free).
SLOT_PROBES = 16


def slot_candidates(limit: int, rng: random.Random, probes: int = SLOT_PROBES) -> list[int]:
    """The slots to read: every slot of a coupon with at most `probes`, else `probes` distinct
    random ones (random, so parallel callers rarely pick the same one)."""
    if limit <= probes:
        return list(range(limit))
    return rng.sample(range(limit), probes)


def pick_candidate(
    limit: int,
    candidates: Sequence[int],
    taken: Collection[int],
    choose: Callable[[Sequence[int]], int] = random.choice,
) -> int | None:
    """A free slot among the candidates read (`taken`: those found taken). When the candidates were
    every slot, none free means the limit is reached (`resource-exhausted`); otherwise None: every
    probe was taken, and the caller searches (find_free)."""
    if len(candidates) >= limit and set(range(limit)) <= set(candidates):
        return pick_slot(limit, taken, choose)
    free = [n for n in candidates if n not in taken]
    return choose(free) if free else None


def find_free(limit: int, start: int, taken_below: Callable[[int], int]) -> int:
    """A free slot when every probe was taken: the first free one at or after `start`, else the first
    before it; `resource-exhausted` when every slot is taken.

    `taken_below(m)` is the number of taken slots below `m`, every count made at one instant.
    A binary search on those counts: at most 2 + 2 * ceil(log2(limit)) counts, whatever is taken.
    """
    total = taken_below(limit)
    if total >= limit:
        raise _limit_reached(limit)
    before_start = taken_below(start) if start else 0
    if total - before_start < limit - start:
        return _first_free(start, limit, before_start, taken_below)
    return _first_free(0, start, 0, taken_below)


def _first_free(low: int, high: int, taken_before_low: int, taken_below: Callable[[int], int]) -> int:
    """The first free slot in [low, high), given that the range holds one."""
    # [low, none_free_until) holds no free slot; [low, some_free_until) holds one.
    none_free_until, some_free_until = low, high
    while some_free_until - none_free_until > 1:
        middle = (none_free_until + some_free_until) // 2
        if taken_below(middle) - taken_before_low < middle - low:
            some_free_until = middle
        else:
            none_free_until = middle
    return none_free_until


def affiliate_of(coupon: dict[str, Any], profile: dict[str, Any]) -> str | None:
    """The coupon's affiliate, else the affiliate the customer registered through."""
    found = coupon.get("affiliateId") or profile.get("attributedAffiliateId")
    return str(found) if found else None


def scopes_of(shop_id: str, affiliate_id: str | None) -> list[Scope]:
    """The live-stats scopes a redemption at this shop counts in."""
    return [scopes.PLATFORM, scopes.shop(shop_id)] + ([scopes.affiliate(affiliate_id)] if affiliate_id else [])


def _coupon_counted_in(scope: Scope, coupon_id: str) -> str | None:
    # Only the shop's scope counts per coupon: its owner sees each coupon's usage, and the map
    # rides on the shard write the redemption makes anyway (no other scope needs it).
    return coupon_id if scope.kind is ScopeKind.SHOP else None


def redemption_delta(
    scope: Scope, *, coupon_id: str, discount: int, commission: int, acquired: bool, newly_active: bool
) -> StatsDelta:
    """How one redemption moves a scope (shops do not see commissions but count per coupon;
    affiliates count acquisitions)."""
    return StatsDelta(
        redemptions=1,
        discount_cents=discount,
        commission_cents=commission if scope.kind is not ScopeKind.SHOP else 0,
        customers_acquired=1 if acquired and scope.kind is ScopeKind.AFFILIATE else 0,
        active_today=1 if newly_active else 0,
        coupon_id=_coupon_counted_in(scope, coupon_id),
    )


def reversal_delta(scope: Scope, *, coupon_id: str, discount: int, commission: int) -> StatsDelta:
    """What a reversal takes back from a scope (acquisitions and activity stay: they happened)."""
    return StatsDelta(
        redemptions=-1,
        discount_cents=-discount,
        commission_cents=-commission if scope.kind is not ScopeKind.SHOP else 0,
        coupon_id=_coupon_counted_in(scope, coupon_id),
    )


def check_may_reverse(caller: Caller, shop_id: str) -> None:
    if not (caller.is_admin or caller.owns_shop(shop_id)):
        raise PermissionDenied("Only admins or the redemption's shop owner may reverse it.")


def redemption_summary(customer_name: str, code: str, shop_name: str, channel: str) -> str:
    return f"{customer_name} redeemed {code} at {shop_name}" + (" (till)" if channel == "till" else "")
