"""A redemption's pure decisions: who may redeem and reverse, coupon checks, limits, money, counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
)
from storepulse.redemptions import rules
from storepulse.stats import scopes
from storepulse.stats.counters import StatsDelta

NOW = datetime(2030, 6, 1, 12, tzinfo=UTC)
CUSTOMER = Caller("c1", Role.CUSTOMER)
OWNER = Caller("o1", Role.SHOP, shop_id="s1")


def coupon(**fields: Any) -> dict[str, Any]:
    return {"shopId": "s1", "code": "SAVE", "active": True, "discount": {"kind": "amount", "value": 5}, **fields}


@pytest.mark.parametrize(
    ("caller", "customer_id", "expected"),
    [
        (CUSTOMER, None, ("c1", "self")),
        (CUSTOMER, "c1", ("c1", "self")),
        (CUSTOMER, "c2", PermissionDenied),
        (OWNER, "c2", ("c2", "till")),
        (OWNER, None, InvalidArgument),
        (Caller("a", Role.ADMIN), "c2", PermissionDenied),
        (Caller("p", Role.AFFILIATE), None, PermissionDenied),
    ],
)
def test_who_redeems_for_whom(caller: Caller, customer_id: str | None, expected: Any) -> None:
    if isinstance(expected, tuple):
        assert rules.customer_for(caller, customer_id) == expected
    else:
        with pytest.raises(expected):
            rules.customer_for(caller, customer_id)


@pytest.mark.parametrize(
    ("stored", "caller", "error"),
    [
        (None, CUSTOMER, NotFound),
        (coupon(shopId="s2"), OWNER, PermissionDenied),
        (coupon(active=False), CUSTOMER, FailedPrecondition),
        (coupon(validFrom=NOW + timedelta(seconds=1)), CUSTOMER, FailedPrecondition),
        (coupon(validUntil=NOW), CUSTOMER, FailedPrecondition),
        (coupon(validFrom=NOW, validUntil=NOW + timedelta(days=1)), OWNER, None),
    ],
)
def test_coupon_checks(stored: dict[str, Any] | None, caller: Caller, error: type[Exception] | None) -> None:
    if error is None:
        assert rules.check_coupon(stored, caller, NOW) is stored
    else:
        with pytest.raises(error):
            rules.check_coupon(stored, caller, NOW)


@pytest.mark.parametrize(
    ("discount", "order", "cents"),
    [
        ({"kind": "amount", "value": 5}, None, 500),
        ({"kind": "amount", "value": 5}, 3.2, 320),
        ({"kind": "amount", "value": 5}, 40, 500),
        ({"kind": "percent", "value": 15}, None, 0),
        ({"kind": "percent", "value": 15}, 19.99, 300),
        ({"kind": "percent", "value": 100}, 12.34, 1234),
    ],
)
def test_discount_arithmetic(discount: dict[str, Any], order: float | None, cents: int) -> None:
    assert rules.discount_cents(discount, order) == cents


def test_commission_needs_an_affiliate_and_an_order() -> None:
    assert rules.commission_cents(0.05, 40, "a1") == 200
    assert rules.commission_cents(0.05, 40, None) == 0
    assert rules.commission_cents(0.05, None, "a1") == 0
    assert rules.commission_cents(None, 40, "a1") == 0


def test_limits() -> None:
    rules.check_per_customer(live=0, per_customer=1)
    with pytest.raises(ResourceExhausted, match="1 time"):
        rules.check_per_customer(live=1, per_customer=1)
    assert rules.pick_slot(None, {1, 2}) is None
    assert rules.pick_slot(3, {0, 2}) == 1
    assert rules.pick_slot(3, set(), choose=lambda free: free[-1]) == 2
    with pytest.raises(ResourceExhausted, match="limit of 2"):
        rules.pick_slot(2, {0, 1})


def test_a_coupon_is_named_by_id_or_by_shop_and_code() -> None:
    rules.check_coupon_reference("c1", None, None)
    rules.check_coupon_reference(None, "s1", "SAVE")
    for args in (("c1", "s1", None), (None, "s1", None), (None, None, None)):
        with pytest.raises(InvalidArgument, match="couponId"):
            rules.check_coupon_reference(*args)


def test_affiliate_and_scopes() -> None:
    assert rules.affiliate_of(coupon(affiliateId="a1"), {"attributedAffiliateId": "a2"}) == "a1"
    assert rules.affiliate_of(coupon(), {"attributedAffiliateId": "a2"}) == "a2"
    assert rules.affiliate_of(coupon(), {}) is None
    assert rules.scopes_of("s1", None) == [scopes.PLATFORM, scopes.shop("s1")]
    assert rules.scopes_of("s1", "a1")[-1] == scopes.affiliate("a1")


def test_how_a_redemption_and_its_reversal_move_each_scope() -> None:
    moved = {
        scope.kind.value: rules.redemption_delta(scope, discount=500, commission=20, acquired=True, newly_active=True)
        for scope in rules.scopes_of("s1", "a1")
    }
    assert moved["platform"] == StatsDelta(redemptions=1, discount_cents=500, commission_cents=20, active_today=1)
    assert moved["shop"] == StatsDelta(redemptions=1, discount_cents=500, active_today=1)
    assert moved["affiliate"] == StatsDelta(
        redemptions=1, discount_cents=500, commission_cents=20, customers_acquired=1, active_today=1
    )
    back = rules.reversal_delta(scopes.shop("s1"), discount=500, commission=20)
    assert back == StatsDelta(redemptions=-1, discount_cents=-500)


def test_reversal_rights_and_feed_wording() -> None:
    rules.check_may_reverse(Caller("a", Role.ADMIN), "s1")
    rules.check_may_reverse(OWNER, "s1")
    with pytest.raises(PermissionDenied):
        rules.check_may_reverse(Caller("o2", Role.SHOP, shop_id="s2"), "s1")
    assert (
        rules.redemption_summary("Ada", "SAVE", "Corner Bakery", "till") == "Ada redeemed SAVE at Corner Bakery (till)"
    )
