"""reverse_redemption end to end: counts taken back, limits freed, idempotent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.platform import sharded
from storepulse.stats import scopes
from storepulse.stats.reader import read_live_stats
from storepulse.verify import verify
from tests.support.data import count, database_state
from tests.support.emulator_clients import CallableError
from tests.support.world import World


def test_reversal_takes_back_every_count(world: World, db: firestore.Client) -> None:
    affiliate = world.affiliate()
    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop, maxRedemptions=1, affiliateId=affiliate.affiliate_id, commissionRate=0.1)
    redemption = world.redeem(customer, coupon_id, orderAmount=20)

    result = world.call(
        "reverse_redemption", {"redemptionId": redemption["redemptionId"], "reason": "wrong till"}, shop.owner
    )

    assert (result["status"], result["replayed"]) == ("reversed", False)
    doc = db.document(f"redemptions/{redemption['redemptionId']}").get().to_dict()
    assert doc is not None
    assert (doc["status"], doc["reverseReason"]) == ("reversed", "wrong till")
    shop_record = db.document(f"shopCustomerData/{shop.shop_id}_{customer.uid}").get().to_dict()
    assert shop_record is not None
    assert (shop_record["redemptionCount"], shop_record["discountCents"]) == (0, 0)
    affiliate_record = db.document(f"affiliateCustomerData/{affiliate.affiliate_id}_{customer.uid}").get().to_dict()
    assert affiliate_record is not None
    assert (affiliate_record["redemptionCount"], affiliate_record["commissionCents"]) == (0, 0)
    now = datetime.now(UTC)
    for scope in (scopes.PLATFORM, scopes.shop(shop.shop_id), scopes.affiliate(affiliate.affiliate_id)):
        figures = read_live_stats(db, scope, now)
        assert (
            figures.redemptions_total,
            figures.redemptions_today,
            figures.discount_cents_total,
            figures.commission_cents_total,
        ) == (0, 0, 0, 0), scope
    assert count(db, "adminActivityLog", type="redemption_reversed") == 1
    # The limit counts only live redemptions: the slot is free again.
    again = world.redeem(customer, coupon_id)
    assert again["redemptionId"] != redemption["redemptionId"]


def test_the_shop_counts_each_coupons_redemptions_not_reversed(world: World, db: firestore.Client) -> None:
    affiliate = world.affiliate()
    shop = world.shop()
    coupon_id = world.coupon(shop, maxRedemptions=50, affiliateId=affiliate.affiliate_id, commissionRate=0.1)
    other_id = world.coupon(shop)
    first = world.redeem(world.customer(), coupon_id, orderAmount=20)
    world.redeem(world.customer(), coupon_id, orderAmount=20)
    world.redeem(world.customer(), other_id)
    world.call("reverse_redemption", {"redemptionId": first["redemptionId"], "reason": "refund"}, shop.owner)

    def shards(scope: scopes.Scope) -> list[dict[str, Any]]:
        return [doc.to_dict() or {} for doc in db.collection(f"liveStats/{scope.doc_id}/shards").stream()]

    summed = sharded.sum_shards(shards(scopes.shop(shop.shop_id)))
    assert summed["redemptionsByCoupon"] == {coupon_id: 1, other_id: 1}
    for scope in (scopes.PLATFORM, scopes.affiliate(affiliate.affiliate_id)):
        assert all("redemptionsByCoupon" not in shard for shard in shards(scope)), scope
    assert verify(db) == []

    # verify recounts each coupon from the redemptions: a counter moved by hand is reported.
    db.document(f"liveStats/shop_{shop.shop_id}/shards/0").set(
        {"redemptionsByCoupon": {coupon_id: firestore.Increment(1)}}, merge=True
    )
    assert [(m.view, m.key, m.field, m.stored, m.recomputed) for m in verify(db)] == [
        ("liveStats", f"shop_{shop.shop_id}", f"redemptionsByCoupon.{coupon_id}", 2, 1)
    ]


def test_reversing_twice_and_in_parallel_counts_once(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    redemption = world.redeem(customer, world.coupon(shop))
    payload = {"redemptionId": redemption["redemptionId"], "reason": "refund"}

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: world.call("reverse_redemption", payload, world.admin), range(8)))

    assert sum(not r["replayed"] for r in results) == 1
    assert read_live_stats(db, scopes.shop(shop.shop_id), datetime.now(UTC)).redemptions_total == 0
    assert count(db, "adminActivityLog", type="redemption_reversed") == 1


def test_reversal_errors_write_nothing(world: World, db: firestore.Client) -> None:
    shop, other = world.shop(), world.shop()
    customer = world.customer()
    redemption = world.redeem(customer, world.coupon(shop))
    cases = [
        (other.owner, {"redemptionId": redemption["redemptionId"], "reason": "x"}, "PERMISSION_DENIED"),
        (customer, {"redemptionId": redemption["redemptionId"], "reason": "x"}, "PERMISSION_DENIED"),
        (world.admin, {"redemptionId": "ghost", "reason": "x"}, "NOT_FOUND"),
        (world.admin, {"redemptionId": redemption["redemptionId"]}, "INVALID_ARGUMENT"),
        (world.admin, {"redemptionId": redemption["redemptionId"], "reason": " "}, "INVALID_ARGUMENT"),
        (None, {"redemptionId": redemption["redemptionId"], "reason": "x"}, "UNAUTHENTICATED"),
    ]
    for user, payload, status in cases:
        before = database_state(db)
        with pytest.raises(CallableError) as error:
            world.call("reverse_redemption", payload, user)
        assert error.value.status == status
        assert database_state(db) == before


def test_a_reversal_key_replays_and_refuses_another_payload(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    redemption = world.redeem(world.customer(), world.coupon(shop))
    payload = {"redemptionId": redemption["redemptionId"], "reason": "refund", "idempotencyKey": "reverse-key-0001"}

    first = world.call("reverse_redemption", payload, shop.owner)
    again = world.call("reverse_redemption", payload, shop.owner)
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call("reverse_redemption", {**payload, "reason": "another reason"}, shop.owner)

    assert first["replayed"] is False
    assert again == {**first, "replayed": True}
    assert (error.value.status, error.value.fields) == ("ALREADY_EXISTS", ["idempotencyKey"])
    assert database_state(db) == before
    assert count(db, "adminActivityLog", type="redemption_reversed") == 1
