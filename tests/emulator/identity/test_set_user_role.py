"""set_user_role end to end through the Functions emulator, with real Auth-emulator ID tokens."""

from __future__ import annotations

from typing import Any

import pytest
from google.cloud import firestore

from tests.support.emulator_clients import AuthEmulator, CallableError

pytestmark = pytest.mark.usefixtures("emulators")


NOTHING = {"users": 0, "adminActivityLog": 0, "idempotencyKeys": 0}


def count(db: firestore.Client, collection: str) -> int:
    return sum(1 for _ in db.collection(collection).stream())


def test_unknown_shop_is_not_found(call, make_user, db) -> None:
    admin = make_user("admin")
    target = make_user()
    with pytest.raises(CallableError) as error:
        call("set_user_role", {"uid": target.uid, "role": "shop", "shopId": "ghost"}, admin)
    assert (error.value.status, error.value.fields) == ("NOT_FOUND", ["shopId"])


def written(db: firestore.Client) -> dict[str, int]:
    return {name: count(db, name) for name in ("users", "adminActivityLog", "idempotencyKeys")}


@pytest.fixture
def shop_x(db: firestore.Client) -> str:
    db.document("shops/shop-x").set({"name": "X"})
    db.document("affiliates/aff-p").set({"name": "P"})
    return "shop-x"


def test_admin_grants_shop_role(call, make_user, db, auth_emulator: AuthEmulator, shop_x: str) -> None:
    admin = make_user("admin")
    target = make_user(display_name="Sam Seller")

    result = call("set_user_role", {"uid": target.uid, "role": "shop", "shopId": "shop-x"}, admin)

    assert result == {
        "uid": target.uid,
        "role": "shop",
        "shopId": "shop-x",
        "affiliateId": None,
        "previousRole": None,
        "changed": True,
        "replayed": False,
    }
    refreshed = auth_emulator.refresh(target)
    assert refreshed.claims["role"] == "shop"
    assert refreshed.claims["shopId"] == "shop-x"
    profile = db.collection("users").document(target.uid).get().to_dict()
    assert profile is not None
    assert (profile["role"], profile["shopId"], profile["displayName"]) == ("shop", "shop-x", "Sam Seller")
    assert profile["roleUpdatedBy"] == admin.uid
    entries = [doc.to_dict() for doc in db.collection("adminActivityLog").stream()]
    assert len(entries) == 1
    assert entries[0]["type"] == "role_changed"
    assert (entries[0]["subjectUid"], entries[0]["role"], entries[0]["actorUid"]) == (
        target.uid,
        "shop",
        admin.uid,
    )


def test_changing_role_replaces_the_old_ids(call, make_user, auth_emulator: AuthEmulator, shop_x: str) -> None:
    admin = make_user("admin")
    target = make_user()
    call("set_user_role", {"uid": target.uid, "role": "shop", "shopId": "shop-x"}, admin)

    result = call("set_user_role", {"uid": target.uid, "role": "affiliate", "affiliateId": "aff-p"}, admin)

    assert (result["previousRole"], result["changed"]) == ("shop", True)
    claims = auth_emulator.refresh(target).claims
    assert (claims["role"], claims.get("shopId"), claims["affiliateId"]) == ("affiliate", None, "aff-p")


def test_same_role_again_changes_nothing(call, make_user, db) -> None:
    admin = make_user("admin")
    target = make_user()
    call("set_user_role", {"uid": target.uid, "role": "customer"}, admin)

    again = call("set_user_role", {"uid": target.uid, "role": "customer"}, admin)

    assert again["changed"] is False
    assert count(db, "adminActivityLog") == 1


def test_idempotency_key_replays_the_first_result(call, make_user, db) -> None:
    admin = make_user("admin")
    target = make_user()
    request = {"uid": target.uid, "role": "customer", "idempotencyKey": "grant-0001"}

    first = call("set_user_role", request, admin)
    second = call("set_user_role", request, admin)

    assert first["replayed"] is False
    assert second == {**first, "replayed": True}
    assert count(db, "adminActivityLog") == 1

    with pytest.raises(CallableError) as error:
        call("set_user_role", {**request, "role": "admin"}, admin)
    assert error.value.status == "ALREADY_EXISTS"
    assert error.value.fields == ["idempotencyKey"]


@pytest.mark.parametrize("role", ["shop", "affiliate", "customer", None])
def test_non_admin_is_refused(call, make_user, db, role: str | None) -> None:
    ids = {"shop": {"shop_id": "shop-x"}, "affiliate": {"affiliate_id": "aff-p"}}.get(role or "", {})
    caller = make_user(role, **ids)
    target = make_user()

    with pytest.raises(CallableError) as error:
        call("set_user_role", {"uid": target.uid, "role": "admin"}, caller)

    assert error.value.status == "PERMISSION_DENIED"
    assert written(db) == NOTHING


def test_unauthenticated_caller_is_refused(call, make_user, db) -> None:
    target = make_user()

    with pytest.raises(CallableError) as error:
        call("set_user_role", {"uid": target.uid, "role": "admin"})

    assert error.value.status == "UNAUTHENTICATED"
    assert written(db) == NOTHING


def test_forged_token_is_refused(call, make_user) -> None:
    target = make_user()
    with pytest.raises(CallableError) as error:
        call("set_user_role", {"uid": target.uid, "role": "admin"}, headers={"Authorization": "Bearer forged"})
    assert error.value.status == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "admin"}, "uid"),
        ({"uid": "", "role": "admin"}, "uid"),
        ({"uid": "a/b", "role": "admin"}, "uid"),
        ({"uid": 42, "role": "admin"}, "uid"),
        ({"uid": "TARGET"}, "role"),
        ({"uid": "TARGET", "role": "superuser"}, "role"),
        ({"uid": "TARGET", "role": "shop"}, "shopId"),
        ({"uid": "TARGET", "role": "customer", "shopId": "shop-x"}, "shopId"),
        ({"uid": "TARGET", "role": "affiliate"}, "affiliateId"),
        ({"uid": "TARGET", "role": "admin", "isRoot": True}, "isRoot"),
        ({"uid": "TARGET", "role": "admin", "idempotencyKey": "short"}, "idempotencyKey"),
        ("not an object", "data"),
        (None, "data"),
    ],
)
def test_malformed_payload_names_the_field(call, make_user, db, payload: Any, field: str) -> None:
    admin = make_user("admin")
    target = make_user()
    if isinstance(payload, dict) and payload.get("uid") == "TARGET":
        payload = {**payload, "uid": target.uid}

    with pytest.raises(CallableError) as error:
        call("set_user_role", payload, admin)

    assert error.value.status == "INVALID_ARGUMENT"
    assert field in error.value.fields
    assert field in error.value.message
    assert written(db) == NOTHING


def test_unknown_user_is_not_found(call, make_user, db) -> None:
    admin = make_user("admin")
    with pytest.raises(CallableError) as error:
        call("set_user_role", {"uid": "nobody-here", "role": "customer"}, admin)
    assert error.value.status == "NOT_FOUND"
    assert written(db) == NOTHING


def test_admin_cannot_demote_themself(call, make_user, db) -> None:
    admin = make_user("admin")
    with pytest.raises(CallableError) as error:
        call("set_user_role", {"uid": admin.uid, "role": "customer"}, admin)
    assert error.value.status == "FAILED_PRECONDITION"
    assert written(db) == NOTHING
