"""A redemption's pure decisions: who may redeem and reverse, coupon checks, limits, money, counts."""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable
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


def test_a_small_coupon_probes_every_slot_a_large_one_a_few_distinct_random_ones() -> None:
    assert rules.slot_candidates(3, random.Random(1), probes=4) == [0, 1, 2]
    assert rules.slot_candidates(4, random.Random(1), probes=4) == [0, 1, 2, 3]
    drawn = rules.slot_candidates(5000, random.Random(7), probes=16)
    assert len(set(drawn)) == 16
    assert all(0 <= n < 5000 for n in drawn)
    assert drawn == rules.slot_candidates(5000, random.Random(7), probes=16)  # the injected source decides
    assert drawn != rules.slot_candidates(5000, random.Random(8), probes=16)
    assert len(rules.slot_candidates(5000, random.Random(1))) == rules.SLOT_PROBES


def test_a_free_probe_is_taken_and_all_probes_taken_asks_for_a_search() -> None:
    last: Callable[[Any], int] = lambda free: free[-1]  # noqa: E731
    assert rules.pick_candidate(100, [7, 42, 9], {7}, choose=last) == 9
    assert rules.pick_candidate(100, [7, 42, 9], {7, 9}, choose=last) == 42
    assert rules.pick_candidate(100, [7, 42, 9], {7, 42, 9}) is None  # unprobed slots may be free
    # Every slot probed: none free is the limit, one free is that one.
    assert rules.pick_candidate(3, [0, 1, 2], {0, 2}) == 1
    with pytest.raises(ResourceExhausted, match="limit of 3"):
        rules.pick_candidate(3, [0, 1, 2], {0, 1, 2})


def counter(taken: set[int], calls: list[int] | None = None) -> Callable[[int], int]:
    """`taken_below` over a fixed set of taken slots, recording each count asked for."""
    ordered = sorted(taken)

    def taken_below(below: int) -> int:
        if calls is not None:
            calls.append(below)
        return bisect_left(ordered, below)

    return taken_below


def test_the_search_finds_the_first_free_slot_from_its_start_and_wraps_around() -> None:
    taken = set(range(100)) - {10, 60, 61}
    assert rules.find_free(100, 0, counter(taken)) == 10
    assert rules.find_free(100, 11, counter(taken)) == 60
    assert rules.find_free(100, 60, counter(taken)) == 60
    assert rules.find_free(100, 62, counter(taken)) == 10  # nothing free after 62: from 0
    assert rules.find_free(100, 99, counter(taken)) == 10
    assert rules.find_free(1, 0, counter(set())) == 0


def test_the_search_finds_the_last_free_slot_of_a_nearly_full_coupon_with_few_counts() -> None:
    for last_free in (0, 1, 2_499, 4_998, 4_999):
        calls: list[int] = []
        taken = set(range(5000)) - {last_free}
        for start in (0, 1_234, 4_999):
            calls.clear()
            assert rules.find_free(5000, start, counter(taken, calls)) == last_free
            assert len(calls) <= 2 + 2 * 13  # log2(5000) < 13


def test_slots_past_a_lowered_limit_do_not_count() -> None:
    taken = {0, 1, 2, 3, 4, 5}  # the limit was 6, then lowered to 4
    with pytest.raises(ResourceExhausted, match="limit of 4"):
        rules.find_free(4, 2, counter(taken))
    assert rules.find_free(8, 3, counter(taken)) == 6


def test_the_search_says_full_when_every_slot_is_taken() -> None:
    calls: list[int] = []
    with pytest.raises(ResourceExhausted, match="limit of 5000"):
        rules.find_free(5000, 17, counter(set(range(5000)), calls))
    assert calls == [5000]  # one count


def test_probing_and_searching_agree_with_the_free_slots() -> None:
    rng = random.Random(3)
    for _ in range(200):
        limit = rng.randint(1, 300)
        taken = {n for n in range(limit) if rng.random() < 0.9}
        free = set(range(limit)) - taken
        candidates = rules.slot_candidates(limit, rng, probes=8)
        try:
            picked = rules.pick_candidate(limit, candidates, taken & set(candidates), rng.choice)
            if picked is None:
                picked = rules.find_free(limit, rng.randrange(limit), counter(taken))
        except ResourceExhausted:
            assert not free
            continue
        assert picked in free


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
        scope.kind.value: rules.redemption_delta(
            scope, coupon_id="c1", discount=500, commission=20, acquired=True, newly_active=True
        )
        for scope in rules.scopes_of("s1", "a1")
    }
    assert moved["platform"] == StatsDelta(redemptions=1, discount_cents=500, commission_cents=20, active_today=1)
    assert moved["shop"] == StatsDelta(redemptions=1, discount_cents=500, active_today=1, coupon_id="c1")
    assert moved["affiliate"] == StatsDelta(
        redemptions=1, discount_cents=500, commission_cents=20, customers_acquired=1, active_today=1
    )
    back = rules.reversal_delta(scopes.shop("s1"), coupon_id="c1", discount=500, commission=20)
    assert back == StatsDelta(redemptions=-1, discount_cents=-500, coupon_id="c1")


def test_only_the_shops_shard_write_counts_the_coupon() -> None:
    def counts(scope: scopes.Scope, reversal: bool) -> dict[str, object]:
        delta = (
            rules.reversal_delta(scope, coupon_id="c1", discount=500, commission=20)
            if reversal
            else rules.redemption_delta(
                scope, coupon_id="c1", discount=500, commission=20, acquired=False, newly_active=False
            )
        )
        return delta.counts("2030-06-01")

    assert counts(scopes.shop("s1"), reversal=False)["redemptionsByCoupon"] == {"c1": 1}
    assert counts(scopes.shop("s1"), reversal=True)["redemptionsByCoupon"] == {"c1": -1}
    for scope in (scopes.PLATFORM, scopes.affiliate("a1")):
        for reversal in (False, True):
            assert "redemptionsByCoupon" not in counts(scope, reversal)


def test_reversal_rights_and_feed_wording() -> None:
    rules.check_may_reverse(Caller("a", Role.ADMIN), "s1")
    rules.check_may_reverse(OWNER, "s1")
    with pytest.raises(PermissionDenied):
        rules.check_may_reverse(Caller("o2", Role.SHOP, shop_id="s2"), "s1")
    assert (
        rules.redemption_summary("Ada", "SAVE", "Corner Bakery", "till") == "Ada redeemed SAVE at Corner Bakery (till)"
    )
