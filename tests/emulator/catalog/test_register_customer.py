"""register_customer end to end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.cloud import firestore

from storepulse.stats import scopes
from storepulse.stats.reader import read_live_stats
from tests.support.data import count, database_state, new_key
from tests.support.emulator_clients import CallableError
from tests.support.world import World


def test_registration_with_affiliate_code(world: World, db: firestore.Client) -> None:
    affiliate = world.affiliate()
    user = world.auth.create_user()

    result = world.call(
        "register_customer",
        {
            "displayName": "Grace Hopper",
            "email": "grace@example.test",
            "phone": "+44 20 7946 0000",
            "affiliateCode": affiliate.code.lower(),
        },
        user,
    )

    assert (result["role"], result["attributedAffiliateId"]) == ("customer", affiliate.affiliate_id)
    assert world.auth.refresh(user).claims["role"] == "customer"
    profile = db.document(f"users/{user.uid}").get().to_dict()
    assert profile is not None
    assert (profile["displayName"], profile["phone"]) == ("Grace Hopper", "+44 20 7946 0000")
    record = db.document(f"affiliateCustomerData/{affiliate.affiliate_id}_{user.uid}").get().to_dict()
    assert record is not None
    assert (record["acquiredVia"], record["customerName"]) == ("registration", "Grace Hopper")
    assert count(db, "userActionLog", uid=user.uid, action="register") == 1
    assert count(db, "adminActivityLog", type="customer_registered") == 1
    now = datetime.now(UTC)
    assert read_live_stats(db, scopes.affiliate(affiliate.affiliate_id), now).customers_acquired == 1
    assert read_live_stats(db, scopes.PLATFORM, now).registrations_today == 1


def test_registering_twice(world: World, db: firestore.Client) -> None:
    user = world.auth.create_user()
    payload = {"displayName": "Alan", "idempotencyKey": new_key()}
    first = world.call("register_customer", payload, user)
    assert world.call("register_customer", payload, user) == {**first, "replayed": True}
    refreshed = world.auth.refresh(user)
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call("register_customer", {"displayName": "Alan"}, refreshed)
    assert error.value.status == "FAILED_PRECONDITION"
    assert database_state(db) == before


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"displayName": "A", "affiliateCode": "NOPE"}, "NOT_FOUND", "affiliateCode"),
        ({"displayName": ""}, "INVALID_ARGUMENT", "displayName"),
        ({"displayName": "A", "email": "not-an-email"}, "INVALID_ARGUMENT", "email"),
        ({"displayName": "A", "phone": "call me"}, "INVALID_ARGUMENT", "phone"),
        ({"displayName": "A", "role": "admin"}, "INVALID_ARGUMENT", "role"),
    ],
)
def test_registration_errors_write_nothing(
    world: World, db: firestore.Client, payload: dict[str, str], status: str, field: str
) -> None:
    user = world.auth.create_user()
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call("register_customer", payload, user)
    assert (error.value.status, error.value.fields) == (status, [field])
    assert database_state(db) == before


def test_shop_owner_cannot_register_and_anonymous_caller_is_rejected(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    before = database_state(db)
    with pytest.raises(CallableError) as owner:
        world.call("register_customer", {"displayName": "Me"}, shop.owner)
    assert owner.value.status == "FAILED_PRECONDITION"
    with pytest.raises(CallableError) as nobody:
        world.call("register_customer", {"displayName": "Me"}, None)
    assert nobody.value.status == "UNAUTHENTICATED"
    assert database_state(db) == before
