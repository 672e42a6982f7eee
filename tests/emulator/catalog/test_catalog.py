"""create_shop, create_affiliate and upsert_coupon end to end."""

from __future__ import annotations

from typing import Any

import pytest
from google.cloud import firestore

from tests.support.data import database_state
from tests.support.emulator_clients import CallableError
from tests.support.world import World


def expect_error(
    world: World, db: firestore.Client, name: str, payload: Any, user: Any, *, status: str
) -> CallableError:
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call(name, payload, user)
    assert error.value.status == status, error.value
    assert database_state(db) == before, f"{name} wrote something on {status}"
    return error.value


def test_create_shop_makes_the_owner_a_shop_user(world: World, db: firestore.Client) -> None:
    owner = world.auth.create_user(display_name="Bea Baker")
    result = world.call("create_shop", {"name": "Corner Bakery", "ownerUid": owner.uid}, world.admin)
    assert (result["name"], result["ownerUid"]) == ("Corner Bakery", owner.uid)
    claims = world.auth.refresh(owner).claims
    assert (claims["role"], claims["shopId"]) == ("shop", result["shopId"])
    assert db.document(f"shops/{result['shopId']}").get().get("ownerUid") == owner.uid
    assert db.document(f"users/{owner.uid}").get().get("shopId") == result["shopId"]
    assert db.document(f"liveStats/shop_{result['shopId']}").get().exists


def test_create_shop_errors(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    fresh = world.auth.create_user()
    expect_error(world, db, "create_shop", {"name": "X", "ownerUid": fresh.uid}, customer, status="PERMISSION_DENIED")
    expect_error(world, db, "create_shop", {"name": "X", "ownerUid": fresh.uid}, None, status="UNAUTHENTICATED")
    expect_error(world, db, "create_shop", {"name": "X", "ownerUid": "ghost"}, world.admin, status="NOT_FOUND")
    expect_error(
        world, db, "create_shop", {"name": "X", "ownerUid": shop.owner.uid}, world.admin, status="FAILED_PRECONDITION"
    )
    error = expect_error(
        world, db, "create_shop", {"name": "", "ownerUid": fresh.uid}, world.admin, status="INVALID_ARGUMENT"
    )
    assert error.fields == ["name"]


def test_create_affiliate_and_unique_code(world: World, db: firestore.Client) -> None:
    affiliate = world.affiliate(code="deals10")
    assert affiliate.code == "DEALS10"
    assert (affiliate.user.claims["role"], affiliate.user.claims["affiliateId"]) == (
        "affiliate",
        affiliate.affiliate_id,
    )
    other = world.auth.create_user()
    error = expect_error(
        world,
        db,
        "create_affiliate",
        {"name": "Copy", "uid": other.uid, "code": "Deals10"},
        world.admin,
        status="ALREADY_EXISTS",
    )
    assert error.fields == ["code"]
    expect_error(
        world,
        db,
        "create_affiliate",
        {"name": "Copy", "uid": other.uid, "code": "x"},
        world.admin,
        status="INVALID_ARGUMENT",
    )
    expect_error(
        world,
        db,
        "create_affiliate",
        {"name": "Copy", "uid": other.uid, "code": "NEW1"},
        affiliate.user,
        status="PERMISSION_DENIED",
    )


def test_upsert_coupon_create_edit_and_code_uniqueness(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    base = {
        "shopId": shop.shop_id,
        "code": "spring10",
        "title": "Spring",
        "active": True,
        "discount": {"kind": "percent", "value": 10},
    }
    created = world.call("upsert_coupon", base, shop.owner)
    assert (created["code"], created["created"], created["perCustomerLimit"]) == ("SPRING10", True, 1)
    edited = world.call(
        "upsert_coupon",
        {**base, "couponId": created["couponId"], "code": "SPRING15", "discount": {"kind": "percent", "value": 15}},
        shop.owner,
    )
    assert (edited["created"], edited["code"]) == (False, "SPRING15")
    assert db.document(f"coupons/{created['couponId']}").get().get("discount") == {"kind": "percent", "value": 15}
    # The old code is free again, the new one is taken.
    world.call("upsert_coupon", base, world.admin)
    error = expect_error(world, db, "upsert_coupon", {**base, "code": "spring15"}, shop.owner, status="ALREADY_EXISTS")
    assert error.fields == ["code"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"discount": {"kind": "percent", "value": 150}}, "discount"),
        ({"discount": {"kind": "amount", "value": 1.234}}, "discount"),
        ({"discount": {"kind": "bogus", "value": 1}}, "discount.kind"),
        ({"discount": {"kind": "amount", "value": float("nan")}}, "discount.value"),
        ({"maxRedemptions": 0}, "maxRedemptions"),
        ({"maxRedemptions": "20"}, "maxRedemptions"),
        ({"perCustomerLimit": 1000}, "perCustomerLimit"),
        ({"commissionRate": 2}, "commissionRate"),
        ({"validFrom": "2026-01-01"}, "validFrom"),
        ({"validFrom": "2026-02-01T00:00:00Z", "validUntil": "2026-01-01T00:00:00Z"}, "validUntil"),
        ({"code": "a b"}, "code"),
        ({"active": "yes"}, "active"),
    ],
)
def test_upsert_coupon_rejects_bad_fields(
    world: World, db: firestore.Client, change: dict[str, Any], field: str
) -> None:
    shop = world.shop()
    payload = {
        "shopId": shop.shop_id,
        "code": "OK10",
        "title": "t",
        "active": True,
        "discount": {"kind": "amount", "value": 5},
        **change,
    }
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.functions.call("upsert_coupon", payload, shop.owner)
    assert error.value.status == "INVALID_ARGUMENT"
    assert any(f == field or f.startswith(field + ".") for f in error.value.fields), error.value.fields
    assert database_state(db) == before


def test_upsert_coupon_permissions_and_references(world: World, db: firestore.Client) -> None:
    shop, other = world.shop(), world.shop()
    payload = {
        "shopId": shop.shop_id,
        "code": "OK10",
        "title": "t",
        "active": True,
        "discount": {"kind": "amount", "value": 5},
    }
    expect_error(world, db, "upsert_coupon", payload, other.owner, status="PERMISSION_DENIED")
    expect_error(world, db, "upsert_coupon", payload, world.customer(), status="PERMISSION_DENIED")
    expect_error(world, db, "upsert_coupon", {**payload, "affiliateId": "ghost"}, shop.owner, status="NOT_FOUND")
    expect_error(world, db, "upsert_coupon", {**payload, "couponId": "ghost"}, shop.owner, status="NOT_FOUND")
    expect_error(world, db, "upsert_coupon", {**payload, "shopId": "ghost"}, world.admin, status="NOT_FOUND")
    coupon_id = world.coupon(shop)
    expect_error(
        world,
        db,
        "upsert_coupon",
        {**payload, "shopId": other.shop_id, "couponId": coupon_id},
        other.owner,
        status="FAILED_PRECONDITION",
    )


def test_create_affiliate_other_errors(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    fresh = world.auth.create_user()
    expect_error(
        world, db, "create_affiliate", {"name": "A", "uid": "ghost", "code": "NEW1"}, world.admin, status="NOT_FOUND"
    )
    expect_error(
        world,
        db,
        "create_affiliate",
        {"name": "A", "uid": shop.owner.uid, "code": "NEW1"},
        world.admin,
        status="FAILED_PRECONDITION",
    )
    expect_error(
        world, db, "create_affiliate", {"name": "A", "uid": fresh.uid, "code": "NEW1"}, None, status="UNAUTHENTICATED"
    )
