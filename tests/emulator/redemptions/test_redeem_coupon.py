"""redeem_coupon end to end: effects, errors, idempotency and limits under concurrency."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.stats import scopes
from storepulse.stats.reader import read_live_stats
from tests.support.data import count, database_state, new_key
from tests.support.emulator_clients import CallableError, User
from tests.support.world import World

PARALLEL = 8


def stats(db: firestore.Client, scope: scopes.Scope) -> dict[str, Any]:
    return read_live_stats(db, scope, datetime.now(UTC)).as_dict()


def outcome(call: Any) -> str:
    try:
        call()
    except CallableError as error:
        return error.status
    return "OK"


def test_one_redemption_writes_each_record_once(world: World, db: firestore.Client) -> None:
    affiliate = world.affiliate()
    shop = world.shop("Corner Bakery")
    customer = world.customer("Ada Lovelace")
    coupon_id = world.coupon(
        shop, discount={"kind": "percent", "value": 10}, affiliateId=affiliate.affiliate_id, commissionRate=0.05
    )
    before = {name: count(db, name) for name in ("redemptions", "adminActivityLog", "userActionLog")}
    platform_before = stats(db, scopes.PLATFORM)

    result = world.redeem(
        customer,
        coupon_id,
        orderAmount=80.0,
        sessionId="s-1",
        device={"platform": "ios", "appVersion": "2.1", "userAgent": "UA", "locale": "en-GB"},
    )

    assert result["couponId"] == coupon_id
    assert (result["shopId"], result["customerId"], result["replayed"]) == (shop.shop_id, customer.uid, False)
    assert result["discount"] == {"kind": "percent", "value": 10, "amountCents": 800}
    after = {name: count(db, name) for name in ("redemptions", "adminActivityLog", "userActionLog")}
    assert {name: after[name] - before[name] for name in after} == {
        "redemptions": 1,
        "adminActivityLog": 1,
        "userActionLog": 1,
    }
    redemption = db.document(f"redemptions/{result['redemptionId']}").get().to_dict()
    assert redemption is not None
    assert (redemption["status"], redemption["channel"], redemption["affiliateId"]) == (
        "active",
        "self",
        affiliate.affiliate_id,
    )
    assert redemption["commissionCents"] == 400
    # The device facts as sent, but the user agent only as its class.
    other = {"browser": "other", "os": "other", "device": "other"}
    assert redemption["device"] == {"platform": "ios", "appVersion": "2.1", "locale": "en-GB", "client": other}
    shop_record = db.document(f"shopCustomerData/{shop.shop_id}_{customer.uid}").get().to_dict()
    assert shop_record is not None
    assert shop_record["customerName"] == "Ada Lovelace"
    assert shop_record["phone"] == "+15550100"
    assert (shop_record["redemptionCount"], shop_record["discountCents"]) == (1, 800)
    assert shop_record["firstRedemptionAt"] == shop_record["lastRedemptionAt"]
    affiliate_record = db.document(f"affiliateCustomerData/{affiliate.affiliate_id}_{customer.uid}").get().to_dict()
    assert affiliate_record is not None
    assert (affiliate_record["redemptionCount"], affiliate_record["commissionCents"]) == (1, 400)
    assert "email" not in affiliate_record
    assert "phone" not in affiliate_record
    platform_after = stats(db, scopes.PLATFORM)
    assert platform_after["redemptions_total"] - platform_before["redemptions_total"] == 1
    assert platform_after["redemptions_today"] - platform_before["redemptions_today"] == 1
    assert platform_after["discount_cents_total"] - platform_before["discount_cents_total"] == 800
    shop_stats = stats(db, scopes.shop(shop.shop_id))
    assert (shop_stats["redemptions_total"], shop_stats["redemptions_today"], shop_stats["active_today"]) == (1, 1, 1)
    assert shop_stats["last_activity_at"] is not None
    affiliate_stats = stats(db, scopes.affiliate(affiliate.affiliate_id))
    assert (affiliate_stats["redemptions_total"], affiliate_stats["commission_cents_total"]) == (1, 400)
    assert affiliate_stats["customers_acquired"] == 1


def test_second_redemption_updates_the_shop_record(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    first = world.coupon(shop, perCustomerLimit=2)
    world.redeem(customer, first)
    world.redeem(customer, first)
    record = db.document(f"shopCustomerData/{shop.shop_id}_{customer.uid}").get().to_dict()
    assert record is not None
    assert (record["redemptionCount"], record["discountCents"]) == (2, 1000)
    assert stats(db, scopes.shop(shop.shop_id))["active_today"] == 1


def test_attributed_customer_credits_the_affiliate(world: World, db: firestore.Client) -> None:
    affiliate = world.affiliate()
    shop = world.shop()
    customer = world.customer(affiliate_code=affiliate.code)
    coupon_id = world.coupon(shop, commissionRate=0.1)

    world.redeem(customer, coupon_id, orderAmount=50)

    record = db.document(f"affiliateCustomerData/{affiliate.affiliate_id}_{customer.uid}").get().to_dict()
    assert record is not None
    assert (record["acquiredVia"], record["redemptionCount"], record["commissionCents"]) == ("registration", 1, 500)
    affiliate_stats = stats(db, scopes.affiliate(affiliate.affiliate_id))
    assert (affiliate_stats["customers_acquired"], affiliate_stats["redemptions_total"]) == (1, 1)


def test_shop_owner_redeems_at_the_till(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop)
    result = world.call(
        "redeem_coupon",
        {
            "shopId": shop.shop_id,
            "code": db.document(f"coupons/{coupon_id}").get().get("code").lower(),
            "customerId": customer.uid,
            "idempotencyKey": new_key(),
        },
        shop.owner,
    )
    assert result["customerId"] == customer.uid
    assert db.document(f"redemptions/{result['redemptionId']}").get().get("channel") == "till"


def _error_cases(world: World) -> dict[str, tuple[User, dict[str, Any], str]]:
    shop, other_shop = world.shop(), world.shop()
    customer, other = world.customer(), world.customer()
    now = datetime.now(UTC)
    live = world.coupon(shop)
    inactive = world.coupon(shop, active=False)
    future = world.coupon(shop, validFrom=(now + timedelta(days=1)).isoformat())
    expired = world.coupon(
        shop, validFrom=(now - timedelta(days=2)).isoformat(), validUntil=(now - timedelta(days=1)).isoformat()
    )
    limited = world.coupon(shop, maxRedemptions=1)
    world.redeem(other, limited)
    once = world.coupon(shop)
    world.redeem(customer, once)
    no_role = world.auth.create_user()
    return {
        "no such coupon": (customer, {"couponId": "nope"}, "NOT_FOUND"),
        "no such code": (customer, {"shopId": shop.shop_id, "code": "NOPE"}, "NOT_FOUND"),
        "inactive": (customer, {"couponId": inactive}, "FAILED_PRECONDITION"),
        "not yet valid": (customer, {"couponId": future}, "FAILED_PRECONDITION"),
        "expired": (customer, {"couponId": expired}, "FAILED_PRECONDITION"),
        "coupon limit": (customer, {"couponId": limited}, "RESOURCE_EXHAUSTED"),
        "per-customer limit": (customer, {"couponId": once}, "RESOURCE_EXHAUSTED"),
        "another shop's owner": (other_shop.owner, {"couponId": live, "customerId": customer.uid}, "PERMISSION_DENIED"),
        "customer for someone else": (customer, {"couponId": live, "customerId": other.uid}, "PERMISSION_DENIED"),
        "user without a role": (no_role, {"couponId": live}, "PERMISSION_DENIED"),
        "admin": (world.admin, {"couponId": live, "customerId": customer.uid}, "PERMISSION_DENIED"),
        "till without customer": (shop.owner, {"couponId": live}, "INVALID_ARGUMENT"),
        "till for unknown customer": (shop.owner, {"couponId": live, "customerId": "ghost"}, "NOT_FOUND"),
        "coupon and code": (customer, {"couponId": live, "shopId": shop.shop_id, "code": "X1X"}, "INVALID_ARGUMENT"),
        "neither": (customer, {}, "INVALID_ARGUMENT"),
        "negative amount": (customer, {"couponId": live, "orderAmount": -1}, "INVALID_ARGUMENT"),
        "extra field": (customer, {"couponId": live, "free": True}, "INVALID_ARGUMENT"),
    }


def test_every_error_writes_nothing(world: World, db: firestore.Client, call: Any) -> None:
    cases = _error_cases(world)
    seen: dict[str, str] = {}
    for name, (user, payload, _expected) in cases.items():
        before = database_state(db)
        try:
            call("redeem_coupon", {"idempotencyKey": new_key(), **payload}, user)
            seen[name] = "OK"
        except CallableError as error:
            seen[name] = error.status
        assert database_state(db) == before, f"{name} wrote something"
    assert seen == {name: expected for name, (_, _, expected) in cases.items()}


def test_missing_key_and_unauthenticated(world: World, call: Any, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop)
    before = database_state(db)
    with pytest.raises(CallableError) as missing:
        call("redeem_coupon", {"couponId": coupon_id}, customer)
    assert (missing.value.status, missing.value.fields) == ("INVALID_ARGUMENT", ["idempotencyKey"])
    with pytest.raises(CallableError) as anonymous:
        call("redeem_coupon", {"couponId": coupon_id, "idempotencyKey": new_key()})
    assert anonymous.value.status == "UNAUTHENTICATED"
    assert database_state(db) == before


def test_replayed_key_returns_the_first_result(world: World, call: Any, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop, perCustomerLimit=5)
    payload = {"couponId": coupon_id, "idempotencyKey": new_key()}
    first = call("redeem_coupon", payload, customer)
    second = call("redeem_coupon", payload, customer)
    assert second == {**first, "replayed": True}
    assert count(db, "redemptions") == 1
    with pytest.raises(CallableError) as error:
        call("redeem_coupon", {**payload, "orderAmount": 12}, customer)
    assert (error.value.status, error.value.fields) == ("ALREADY_EXISTS", ["idempotencyKey"])


@pytest.mark.load
def test_twenty_concurrent_calls_with_one_key(world: World, call: Any, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop, perCustomerLimit=20)
    payload = {"couponId": coupon_id, "idempotencyKey": new_key()}

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda _: call("redeem_coupon", payload, customer), range(20)))

    assert len({r["redemptionId"] for r in results}) == 1
    assert sum(not r["replayed"] for r in results) == 1
    assert count(db, "redemptions") == 1
    assert stats(db, scopes.shop(shop.shop_id))["redemptions_total"] == 1


@pytest.mark.load
def test_coupon_limit_holds_under_parallel_callers(world: World, call: Any, db: firestore.Client) -> None:
    shop = world.shop()
    coupon_id = world.coupon(shop, maxRedemptions=20)
    customers = [world.customer() for _ in range(60)]

    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(pool.map(lambda c: outcome(lambda: world.redeem(c, coupon_id)), customers))

    assert outcomes == {"OK": 20, "RESOURCE_EXHAUSTED": 40}
    assert count(db, "redemptions", couponId=coupon_id) == 20
    assert stats(db, scopes.shop(shop.shop_id))["redemptions_total"] == 20
    assert stats(db, scopes.PLATFORM)["redemptions_total"] == 20


@pytest.mark.load
def test_per_customer_limit_holds_under_parallel_calls(world: World, call: Any, db: firestore.Client) -> None:
    shop = world.shop()
    coupon_id = world.coupon(shop, perCustomerLimit=3)
    customer = world.customer()

    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(pool.map(lambda _: outcome(lambda: world.redeem(customer, coupon_id)), range(24)))

    assert outcomes == {"OK": 3, "RESOURCE_EXHAUSTED": 21}
    assert count(db, "redemptions", customerId=customer.uid) == 3
    record = db.document(f"shopCustomerData/{shop.shop_id}_{customer.uid}").get().to_dict()
    assert record is not None
    assert record["redemptionCount"] == 3


@pytest.mark.load
def test_hot_shop_takes_two_hundred_parallel_redemptions(world: World, call: Any, db: firestore.Client) -> None:
    shop = world.shop()
    coupon_id = world.coupon(shop, perCustomerLimit=100)
    customers = [world.customer() for _ in range(8)]

    def redeem(index: int) -> str:
        return outcome(lambda: world.redeem(customers[index % 8], coupon_id, orderAmount=10))

    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(pool.map(redeem, range(200)))

    assert outcomes == {"OK": 200}
    shop_stats = stats(db, scopes.shop(shop.shop_id))
    assert (shop_stats["redemptions_total"], shop_stats["redemptions_today"]) == (200, 200)
    assert shop_stats["discount_cents_total"] == 200 * 500
    assert shop_stats["active_today"] == 8
    assert stats(db, scopes.PLATFORM)["redemptions_total"] == 200
    assert count(db, "redemptions", shopId=shop.shop_id) == 200
