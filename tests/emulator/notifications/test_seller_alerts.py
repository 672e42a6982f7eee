"""Seller alerts end to end: a shop's owner hears of failed payments (one alert per checkout,
renewed by later failures), new orders and orders the customer cancelled, and the customer's
answers to loyalty requests, in the same notification centre with the same exact badge. Admins
get none of these; `scripts/verify` recounts every recipient's badge, owners' included."""

from __future__ import annotations

from typing import Any

import pytest
from google.cloud import firestore

from storepulse.platform import queries
from storepulse.verify import verify
from tests.support import orders
from tests.support.checkout import fail, start_checkout
from tests.support.data import new_key
from tests.support.emulator_clients import CallableError
from tests.support.loyalty import program, qr
from tests.support.world import World


def bell(db: firestore.Client, uid: str, category: str | None = None) -> list[dict[str, Any]]:
    found = [s.to_dict() | {"id": s.id} for s in queries.BELL.build(db, {"recipientUid": uid}).stream()]
    return [n for n in found if category is None or n["category"] == category]


def badge(db: firestore.Client, uid: str) -> dict[str, Any]:
    return db.document(f"notificationCounts/{uid}").get().to_dict() or {}


def unread(db: firestore.Client, uid: str) -> tuple[int, int, int]:
    """(unread, unseen, unread payment alerts) on the badge."""
    counts = badge(db, uid)
    return counts.get("unread", 0), counts.get("unseen", 0), counts.get("unreadByCategory", {}).get("payment", 0)


def assert_verified(db: firestore.Client) -> None:
    mismatches = verify(db)
    assert not mismatches, "\n".join(str(m) for m in mismatches)


def test_a_failed_payment_alerts_that_shops_owner_once(world: World, db: firestore.Client, wait_for: Any) -> None:
    shop_x, shop_y = world.shop("Corner Bakery"), world.shop("Blue Bike Shop")
    visitor = world.auth.anonymous()
    checkout_id = start_checkout(world, shop_x, visitor)
    before_x, before_y = unread(db, shop_x.owner.uid), badge(db, shop_y.owner.uid)
    assert before_x[2] == 0

    key = new_key()
    failed = fail(world, visitor, checkout_id, idempotencyKey=key)
    counts = db.document(f"notificationCounts/{shop_x.owner.uid}")
    _, waited = wait_for(counts, lambda snap: (snap.to_dict() or {}).get("unread") == before_x[0] + 1, timeout=3)
    assert waited < 3
    retried = world.call(
        "payment_failed",
        {"checkoutId": checkout_id, "errorCode": "card_declined", "errorMessage": "Insufficient funds",
         "idempotencyKey": key},
        visitor,
    )  # fmt: skip
    assert (retried["replayed"], retried["paymentErrorId"]) == (True, failed["paymentErrorId"])

    assert unread(db, shop_x.owner.uid) == (before_x[0] + 1, before_x[1] + 1, 1)
    [alert] = bell(db, shop_x.owner.uid, "payment")
    assert (alert["title"], alert["body"]) == (
        "Payment failed",
        "Ada Lovelace could not pay 250.00 EUR: error card_declined, Insufficient funds",
    )
    assert "ada@example.test" not in str(alert)
    assert "7946" not in str(alert)
    assert alert["target"] == {"kind": "payment_error", "id": failed["paymentErrorId"]}
    assert badge(db, shop_y.owner.uid) == before_y
    assert bell(db, shop_y.owner.uid, "payment") == []
    assert bell(db, world.admin.uid, "payment") == []
    assert_verified(db)


def test_a_flood_of_failures_on_one_checkout_is_one_unread_alert(world: World, db: firestore.Client) -> None:
    shop = world.shop("Corner Bakery")
    visitor = world.auth.anonymous()
    checkout_id = start_checkout(world, shop, visitor)
    base_unread, base_unseen, _ = unread(db, shop.owner.uid)

    failures = [fail(world, visitor, checkout_id, code=f"declined_{n}") for n in range(10)]

    [alert] = bell(db, shop.owner.uid, "payment")
    assert (alert["title"], alert["readAt"]) == ("10 failed payment attempts", None)
    assert alert["body"] == "Ada Lovelace could not pay 250.00 EUR: latest error declined_9, Insufficient funds"
    assert alert["target"] == {"kind": "payment_error", "id": failures[-1]["paymentErrorId"]}
    assert unread(db, shop.owner.uid) == (base_unread + 1, base_unseen + 1, 1)

    marked = world.call("mark_notifications", {"ids": [alert["id"]], "state": "read"}, shop.owner)
    assert (marked["changed"], marked["counts"]) == (1, {"unread": base_unread, "unseen": base_unseen})
    again = fail(world, visitor, checkout_id, code="expired_card")

    newest = bell(db, shop.owner.uid)[0]
    assert (newest["id"], newest["title"]) == (alert["id"], "11 failed payment attempts")
    assert (newest["readAt"], newest["seenAt"], newest["expireAt"], newest["read"]) == (None, None, None, False)
    assert newest["target"] == {"kind": "payment_error", "id": again["paymentErrorId"]}
    assert newest["createdAt"] > alert["createdAt"]
    assert unread(db, shop.owner.uid) == (base_unread + 1, base_unseen + 1, 1)
    assert len(bell(db, shop.owner.uid, "payment")) == 1
    assert_verified(db)
    # verify recounts an owner's badge like a customer's: a stray +1 on it is reported.
    db.document(f"notificationCounts/{shop.owner.uid}").update({"unreadByCategory.payment": firestore.Increment(1)})
    assert [(m.view, m.key, m.field, m.stored, m.recomputed) for m in verify(db)] == [
        ("notificationCounts", shop.owner.uid, "unreadByCategory.payment", 2, 1)
    ]


def test_new_and_customer_cancelled_orders_notify_the_owner(world: World, db: firestore.Client) -> None:
    shop = world.shop("Corner Bakery")
    customer = world.customer("Ada Lovelace")
    placed = orders.place(world, customer, shop)
    kept = orders.place(world, customer, shop)
    world.call("cancel_order", {"orderId": placed, "reason": "changed my mind", "idempotencyKey": new_key()}, customer)
    world.call("cancel_order", {"orderId": kept, "reason": "out of stock", "idempotencyKey": new_key()}, shop.owner)
    # A paid checkout of a signed-in customer becomes an order too.
    checkout_id = start_checkout(world, shop, customer)
    world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, customer)
    world.call("payment_succeeded", {"checkoutId": checkout_id, "amount": 250.0}, customer)

    told = [(n["title"], n["body"], n["target"]) for n in reversed(bell(db, shop.owner.uid, "order"))]
    total = f"{orders.ITEMS_TOTAL / 100:.2f} EUR"
    assert told == [
        ("New order", f"Ada Lovelace placed an order of {total} at Corner Bakery", {"kind": "order", "id": placed}),
        ("New order", f"Ada Lovelace placed an order of {total} at Corner Bakery", {"kind": "order", "id": kept}),
        ("Order cancelled by the customer", f"Ada Lovelace cancelled an order of {total}: changed my mind",
         {"kind": "order", "id": placed}),
        ("New order", "Ada Lovelace placed an order of 250.00 EUR at Corner Bakery",
         {"kind": "order", "id": checkout_id}),
    ]  # fmt: skip
    assert badge(db, shop.owner.uid)["unreadByCategory"]["order"] == 4
    # The owner's own cancellation told the customer, not the owner.
    [told_customer] = bell(db, customer.uid, "order")
    assert told_customer["body"] == "Your order from Corner Bakery was cancelled: out of stock"
    assert bell(db, world.admin.uid, "order") == []
    assert_verified(db)


def test_loyalty_answers_notify_the_owner(world: World, db: firestore.Client) -> None:
    shop = world.shop("Corner Bakery")
    program(world, shop)
    ada, bob = world.customer("Ada Lovelace"), world.customer("Bob Builder")
    asked = world.call("scan_qr", {"token": qr(world, bob), "idempotencyKey": new_key()}, shop.owner)
    world.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": False}, bob)
    joined = world.call("scan_qr", {"token": qr(world, ada), "idempotencyKey": new_key()}, shop.owner)
    world.call("respond_to_enrollment", {"enrollmentId": joined["enrollmentId"], "accept": True}, ada)
    award = {"customerId": ada.uid, "delta": 100, "reason": "welcome", "idempotencyKey": new_key()}
    world.call("adjust_points", award, shop.owner)

    def ask(points: int, reason: str) -> str:
        payload = {"customerId": ada.uid, "delta": -points, "reason": reason, "idempotencyKey": new_key()}
        return str(world.call("adjust_points", payload, shop.owner)["requestId"])

    approved, declined, failed = ask(30, "gift"), ask(20, "mug"), ask(500, "bike")
    world.call("respond_to_points_request", {"requestId": approved, "approve": True}, ada)
    world.call("respond_to_points_request", {"requestId": declined, "approve": False}, ada)
    with pytest.raises(CallableError) as error:  # approved, but the balance (70) no longer covers it
        world.call("respond_to_points_request", {"requestId": failed, "approve": True}, ada)
    assert error.value.status == "FAILED_PRECONDITION"

    told = [(n["title"], n["body"], n["target"]) for n in reversed(bell(db, shop.owner.uid, "loyalty"))]
    enrollment = {"kind": "enrollment", "id": asked["enrollmentId"]}
    assert told == [
        ("Loyalty invitation declined", "Bob Builder declined to join Corner Bakery's loyalty program", enrollment),
        ("New loyalty member", "Ada Lovelace joined Corner Bakery's loyalty program",
         {"kind": "enrollment", "id": joined["enrollmentId"]}),
        ("Deduction approved", "Ada Lovelace approved deducting 30 points (gift)",
         {"kind": "points_request", "id": approved}),
        ("Deduction declined", "Ada Lovelace declined deducting 20 points (mug)",
         {"kind": "points_request", "id": declined}),
        ("Deduction failed", "Ada Lovelace approved deducting 500 points (bike), but their balance no longer covers it",
         {"kind": "points_request", "id": failed}),
    ]  # fmt: skip
    assert bell(db, world.admin.uid, "loyalty") == []
    assert_verified(db)
