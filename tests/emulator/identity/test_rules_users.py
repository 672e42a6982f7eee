"""Rules baseline: `users/{uid}` is readable by that user and admins; no client writes anything."""

from __future__ import annotations

import pytest
from google.cloud import firestore

pytestmark = pytest.mark.usefixtures("emulators")


@pytest.fixture
def alice_profile(db: firestore.Client) -> str:
    db.collection("users").document("alice").set({"uid": "alice", "role": "customer", "displayName": "Alice"})
    return "users/alice"


@pytest.mark.parametrize(
    ("reader", "claims", "allowed"),
    [
        (None, None, False),
        ("bob", {"role": "customer"}, False),
        ("bob", {}, False),
        ("shop-owner", {"role": "shop", "shopId": "shop-x"}, False),
        ("affiliate", {"role": "affiliate", "affiliateId": "aff-p"}, False),
        ("alice", {"role": "customer"}, True),
        ("root", {"role": "admin"}, True),
    ],
)
def test_reading_a_profile(rest_as, alice_profile: str, reader, claims, allowed: bool) -> None:
    result = rest_as(reader, claims).get(alice_profile)
    assert result.ok is allowed, result.body
    if allowed:
        assert result.body["fields"]["displayName"]["stringValue"] == "Alice"
    else:
        assert result.status == 403


def test_only_admins_list_users(rest_as, alice_profile: str) -> None:
    from tests.support.emulator_clients import structured_query

    query = structured_query("users")
    assert rest_as("root", {"role": "admin"}).query(query).ok
    assert rest_as("alice", {"role": "customer"}).query(query).status == 403


@pytest.mark.parametrize("claims", [{"role": "customer"}, {"role": "admin"}])
def test_no_client_writes_profiles(rest_as, db: firestore.Client, alice_profile: str, claims) -> None:
    client = rest_as("alice", claims)
    assert client.update(alice_profile, {"role": "admin"}).status == 403
    assert client.create("users", {"role": "admin"}, doc_id="mallory").status == 403
    assert client.delete(alice_profile).status == 403
    assert db.document(alice_profile).get().to_dict()["role"] == "customer"
    assert not db.document("users/mallory").get().exists


def test_unknown_collections_are_closed(rest_as, db: firestore.Client) -> None:
    db.collection("anything").document("x").set({"a": 1})
    admin = rest_as("root", {"role": "admin"})
    assert admin.get("anything/x").status == 403
    assert admin.create("anything", {"a": 2}).status == 403
