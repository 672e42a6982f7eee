"""Erasure and export end to end: a customer's scripted life, then `delete_user_data` (whole, or
crashed halfway and finished by a second call) leaves no document with their name, e-mail or phone,
the Auth user gone, the figures unchanged and scripts/verify clean; export returns what the life made."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.identity.directory import FirebaseUserDirectory
from storepulse.platform.caller import Caller, Role
from storepulse.privacy import erase
from storepulse.privacy.models import DeleteUserDataRequest
from storepulse.verify import verify
from tests.support.checkout import ITEMS
from tests.support.data import new_key
from tests.support.emulator_clients import CallableError, Endpoints, User, all_documents
from tests.support.loyalty import program, qr
from tests.support.orders import move, order_payload
from tests.support.world import World

NAME = "Zelda Quistorp"
PHONE = "+1 555 0199 77"
# Figures erasure must leave exactly as they were.
FIGURES = (
    "liveStats/", "orderStats/", "loyaltyStats/", "shopDaily/", "platformUsers/", "platformHours/",
    "platformTiers/", "liveVisitors/", "notificationCounts/",
)  # fmt: skip
# Collections of documents a customer's life creates that are theirs (export returns each).
PERSONAL = (
    "users/", "redemptions/", "userActionLog/", "visitorSessions/", "pageViews/", "checkouts/", "paymentErrors/",
    "notifications/", "enrollments/", "pointsLedger/", "loyaltyAccounts/", "orders/", "shopCustomerData/",
    "qrScans/",
)  # fmt: skip


def relative(name: str) -> str:
    return name.split("/documents/", 1)[1]


def contents(db: firestore.Client, endpoints: Endpoints) -> dict[str, dict[str, Any]]:
    paths = sorted(relative(name) for name in all_documents(endpoints))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(paths), 200):
        for snapshot in db.get_all([db.document(path) for path in paths[start : start + 200]]):
            found[snapshot.reference.path] = snapshot.to_dict() or {}
    return found


def life(world: World) -> User:
    """Register, redeem, track actions, fail a payment with contact data, join loyalty, two orders
    (notifications on the way); returns the customer."""
    shop = world.shop("Harbour Bakery")
    coupon = world.coupon(shop)
    program(world, shop)
    customer = world.customer(NAME, phone=PHONE)
    world.redeem(customer, coupon, orderAmount=20)
    world.call("track_action", {"action": "coupon_view", "shopId": shop.shop_id, "sessionId": "s1"}, customer)
    world.call("track_page", {"sessionId": "s1", "shopId": shop.shop_id, "pageType": "checkout"}, customer)
    contact = {"name": NAME, "email": customer.email, "phone": PHONE}
    payload = {"sessionId": "s1", "shopId": shop.shop_id, "items": ITEMS, "total": 250.0, "currency": "eur"}
    checkout_id = world.call("checkout_started", {**payload, "customer": contact}, customer)["checkoutId"]
    world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, customer)
    failed = {"checkoutId": checkout_id, "errorCode": "card_declined", "errorMessage": "Insufficient funds"}
    world.call("payment_failed", failed, customer)
    world.call("scan_qr", {"token": qr(world, customer), "idempotencyKey": new_key()}, shop.owner)
    first = world.call("place_order", order_payload(shop.shop_id, "delivery"), customer)["orderId"]
    world.call("place_order", order_payload(shop.shop_id), customer)
    move(world, shop.owner, first, "confirmed", note=f"Call {NAME} at {PHONE}")
    return customer


def mentions(documents: dict[str, dict[str, Any]], terms: list[str]) -> list[str]:
    lowered = [term.lower() for term in terms]
    return [path for path, data in documents.items() if any(term in str(data).lower() for term in lowered)]


@pytest.mark.parametrize("crash", [False, True], ids=["whole", "crash-then-resume"])
def test_delete_user_data_erases_every_trace_and_keeps_the_figures(
    world: World, db: firestore.Client, emulators: Endpoints, monkeypatch: pytest.MonkeyPatch, crash: bool
) -> None:
    before_life = set(all_documents(emulators))
    customer = life(world)
    created = {relative(name) for name in set(all_documents(emulators)) - before_life}
    terms = [NAME, str(customer.email), PHONE]
    before = contents(db, emulators)
    assert mentions(before, terms)

    exported = world.call("export_user_data", {"uid": customer.uid}, world.admin)
    paths = {doc["path"] for docs in exported["collections"].values() for doc in docs}
    mine = {path for path in created if path.startswith(PERSONAL) and customer.uid in str(before[path])}
    assert mine - paths == set()
    assert any(path.startswith("paymentErrors/") for path in paths)
    assert sum(1 for path in paths if path.startswith("orders/") and "/timeline/" not in path) == 2

    if crash:
        calls = {"n": 0}
        real = erase._write

        def crashing(*args: Any, **kwargs: Any) -> int:
            calls["n"] += 1
            if calls["n"] == 4:
                raise RuntimeError("injected crash halfway")
            return real(*args, **kwargs)

        monkeypatch.setattr(erase, "_write", crashing)
        admin = Caller(world.admin.uid, Role.ADMIN)
        request = DeleteUserDataRequest.model_validate({"uid": customer.uid, "idempotencyKey": new_key()})
        with pytest.raises(RuntimeError, match="injected"):
            erase.delete_user_data(db, FirebaseUserDirectory(), admin, request, datetime.now(UTC))
        monkeypatch.undo()
        record = db.document(f"erasures/{customer.uid}").get().to_dict() or {}
        assert record["state"] == "running"
        assert record["stepsDone"]

    answer = world.call("delete_user_data", {"uid": customer.uid, "idempotencyKey": new_key()}, world.admin)
    assert answer["state"] == "done"
    assert answer["authUserDeleted"] is True

    after = contents(db, emulators)
    assert mentions(after, terms) == []
    assert FirebaseUserDirectory().get(customer.uid) is None
    assert {path: data for path, data in after.items() if path.startswith(FIGURES)} == {
        path: data for path, data in before.items() if path.startswith(FIGURES)
    }
    assert verify(db) == []
    record = after[f"erasures/{customer.uid}"]
    assert record["state"] == "done"
    assert record["terms"] == []

    again = world.call("delete_user_data", {"uid": customer.uid, "idempotencyKey": new_key()}, world.admin)
    assert again["state"] == "done"
    assert set(contents(db, emulators)) >= set(after)


def test_a_customer_exports_and_deletes_their_own_account(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer(NAME, phone=PHONE)
    world.redeem(customer, world.coupon(shop), orderAmount=10)
    mine = world.call("export_my_data", {}, customer)
    assert mine["uid"] == customer.uid
    assert len(mine["collections"]["redemptions"]) == 1
    assert mine["collections"]["users"][0]["data"]["displayName"] == NAME

    with pytest.raises(CallableError) as refused:
        world.call("delete_my_account", {"idempotencyKey": new_key()}, shop.owner)
    assert refused.value.status == "FAILED_PRECONDITION"
    with pytest.raises(CallableError) as denied:
        world.call("delete_user_data", {"uid": customer.uid, "idempotencyKey": new_key()}, customer)
    assert denied.value.status == "PERMISSION_DENIED"

    key = new_key()
    done = world.call("delete_my_account", {"idempotencyKey": key}, customer)
    assert done["state"] == "done"
    assert world.call("delete_my_account", {"idempotencyKey": key}, customer)["replayed"] is True
    profile = db.document(f"users/{customer.uid}").get().to_dict() or {}
    assert profile["displayName"] == "Deleted user"
    assert profile.get("phone") is None
    assert verify(db) == []
    with pytest.raises(CallableError) as missing:
        world.call("delete_user_data", {"uid": "no-such-user", "idempotencyKey": new_key()}, world.admin)
    assert missing.value.status == "NOT_FOUND"
