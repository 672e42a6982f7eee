"""Checkout and payment callables end to end: the state machine, errors, idempotency, payment errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.platform.addresses import address_hash
from storepulse.visitors.live import read_live_visitors, recount_live_visitors
from tests.support.data import database_state
from tests.support.emulator_clients import CallableError, User
from tests.support.loyalty import demo_secret
from tests.support.world import Shop, World

T0 = datetime(2030, 5, 2, 14, 0, tzinfo=UTC)
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
ITEMS = [
    {"productId": "p1", "name": "Red bike", "qty": 1, "unitPrice": 250.0},
    {"productId": "p2", "name": "Bell", "qty": 2, "unitPrice": 7.5},
]


def start_checkout(world: World, shop: Shop, user: User, **extra: Any) -> str:
    world.call("track_page", {"sessionId": "s1", "shopId": shop.shop_id, "pageType": "checkout"}, user, now=T0)
    payload = {
        "sessionId": "s1",
        "shopId": shop.shop_id,
        "items": ITEMS,
        "total": 265.0,
        "currency": "eur",
        "customer": {"name": "Ada Lovelace", "email": "ada@example.test", "phone": "+44 20 7946 0001"},
        **extra,
    }
    return str(world.call("checkout_started", payload, user, now=T0)["checkoutId"])


def test_paid_checkout_moves_the_live_stages(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor = world.auth.anonymous()
    checkout_id = start_checkout(world, shop, visitor)
    assert read_live_visitors(db, shop.shop_id).figure("checkouts") == 1

    initiated = world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, visitor, now=T0)
    assert initiated["status"] == "payment_initiated"
    counts = read_live_visitors(db, shop.shop_id)
    assert (counts.figure("checkouts"), counts.figure("payments")) == (0, 1)

    paid = world.call("payment_succeeded", {"checkoutId": checkout_id, "amount": 265.0}, visitor, now=T0)
    assert (paid["status"], paid["replayed"]) == ("paid", False)
    counts = read_live_visitors(db, shop.shop_id)
    assert (counts.figure("checkouts"), counts.figure("payments"), counts.figure("total")) == (0, 0, 1)
    assert counts.counts == recount_live_visitors(db, shop.shop_id)
    checkout = db.document(f"checkouts/{checkout_id}").get().to_dict()
    assert checkout is not None
    assert (checkout["totalCents"], checkout["paidCents"], checkout["currency"]) == (26500, 26500, "EUR")


def test_failed_payment_records_everything_to_call_back(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor = world.auth.anonymous()
    checkout_id = start_checkout(world, shop, visitor)
    world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, visitor, now=T0)

    failed = world.call(
        "payment_failed",
        {
            "checkoutId": checkout_id,
            "errorCode": "card_declined",
            "errorMessage": "Insufficient funds",
            "details": {"issuer": "Big Bank", "retryable": True},
        },
        visitor,
        now=T0,
        headers={"User-Agent": FIREFOX_LINUX, "X-Forwarded-For": "203.0.113.7"},
    )

    error = db.document(f"paymentErrors/{failed['paymentErrorId']}").get().to_dict()
    assert error is not None
    assert (error["errorCode"], error["errorMessage"], error["method"]) == (
        "card_declined",
        "Insufficient funds",
        "card",
    )
    assert error["customer"] == {"name": "Ada Lovelace", "email": "ada@example.test", "phone": "+44 20 7946 0001"}
    assert [item["name"] for item in error["items"]] == ["Red bike", "Bell"]
    assert (error["amountCents"], error["currency"], error["createdAt"]) == (26500, "EUR", T0)
    # Neither the address nor the user agent is kept: the address's salted hash (the emulator's demo
    # salt) and the agent's class are.
    assert error["ipHash"] == address_hash("203.0.113.7", demo_secret("ADDRESS_SALT"))
    assert error["client"] == {"browser": "firefox", "os": "linux", "device": "desktop"}
    assert "203.0.113.7" not in str(error)
    assert FIREFOX_LINUX not in str(error)
    assert error["details"] == {"issuer": "Big Bank", "retryable": True}
    counts = read_live_visitors(db, shop.shop_id)
    assert (counts.figure("checkouts"), counts.figure("payments")) == (1, 0)
    # The customer may try again with another method.
    world.call("payment_initiated", {"checkoutId": checkout_id, "method": "paypal"}, visitor, now=T0)
    world.call("payment_succeeded", {"checkoutId": checkout_id, "amount": 265}, visitor, now=T0)


def test_each_step_is_idempotent(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor = world.customer()
    checkout_id = start_checkout(world, shop, visitor, idempotencyKey="checkout-0001")
    again = world.call(
        "checkout_started",
        {
            "sessionId": "s1",
            "shopId": shop.shop_id,
            "items": ITEMS,
            "total": 265.0,
            "currency": "eur",
            "customer": {"name": "Ada Lovelace", "email": "ada@example.test", "phone": "+44 20 7946 0001"},
            "idempotencyKey": "checkout-0001",
        },
        visitor,
        now=T0,
    )
    assert (again["checkoutId"], again["replayed"]) == (checkout_id, True)
    first = world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, visitor, now=T0)
    repeat = world.call(
        "payment_initiated", {"checkoutId": checkout_id, "method": "card"}, visitor, now=T0 + timedelta(seconds=3)
    )
    assert repeat == {**first, "replayed": True}
    failed = world.call(
        "payment_failed", {"checkoutId": checkout_id, "errorCode": "timeout", "errorMessage": "t/o"}, visitor, now=T0
    )
    repeat_failed = world.call(
        "payment_failed", {"checkoutId": checkout_id, "errorCode": "timeout", "errorMessage": "t/o"}, visitor, now=T0
    )
    assert repeat_failed == {**failed, "replayed": True}
    assert len(list(db.collection("paymentErrors").stream())) == 1
    counts = read_live_visitors(db, shop.shop_id)
    assert counts.counts == recount_live_visitors(db, shop.shop_id)


def test_steps_out_of_order_and_other_errors_write_nothing(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor, stranger = world.auth.anonymous(), world.auth.anonymous()
    checkout_id = start_checkout(world, shop, visitor)
    cases: list[tuple[str, dict[str, Any], User | None, str]] = [
        ("payment_succeeded", {"checkoutId": checkout_id, "amount": 265}, visitor, "FAILED_PRECONDITION"),
        (
            "payment_failed",
            {"checkoutId": checkout_id, "errorCode": "x", "errorMessage": "y"},
            visitor,
            "FAILED_PRECONDITION",
        ),
        ("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, stranger, "PERMISSION_DENIED"),
        ("payment_initiated", {"checkoutId": "ghost", "method": "card"}, visitor, "NOT_FOUND"),
        ("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, None, "UNAUTHENTICATED"),
        ("payment_initiated", {"checkoutId": checkout_id, "method": "ca rd"}, visitor, "INVALID_ARGUMENT"),
        (
            "checkout_started",
            {"sessionId": "other", "shopId": shop.shop_id, "items": ITEMS, "total": 1, "currency": "EUR"},
            visitor,
            "FAILED_PRECONDITION",
        ),
        (
            "checkout_started",
            {"sessionId": "s1", "shopId": shop.shop_id, "items": [], "total": 1, "currency": "EUR"},
            visitor,
            "INVALID_ARGUMENT",
        ),
        (
            "checkout_started",
            {"sessionId": "s1", "shopId": shop.shop_id, "items": ITEMS, "total": -1, "currency": "EUR"},
            visitor,
            "INVALID_ARGUMENT",
        ),
        (
            "checkout_started",
            {"sessionId": "s1", "shopId": shop.shop_id, "items": ITEMS, "total": 1, "currency": "EURO"},
            visitor,
            "INVALID_ARGUMENT",
        ),
    ]
    for name, payload, user, status in cases:
        before = database_state(db)
        with pytest.raises(CallableError) as error:
            world.call(name, payload, user, now=T0)
        assert error.value.status == status, (name, payload, error.value)
        assert database_state(db) == before, (name, status)
    world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, visitor, now=T0)
    world.call("payment_succeeded", {"checkoutId": checkout_id, "amount": 265}, visitor, now=T0)
    for name, payload in (
        ("payment_initiated", {"checkoutId": checkout_id, "method": "card"}),
        ("payment_failed", {"checkoutId": checkout_id, "errorCode": "x", "errorMessage": "y"}),
    ):
        with pytest.raises(CallableError) as late:
            world.call(name, payload, visitor, now=T0)
        assert late.value.status == "FAILED_PRECONDITION"


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("checkout_started", {"sessionId": "s1", "shopId": "x", "items": ITEMS, "total": 1, "currency": "EUR"}),
        ("payment_initiated", {"checkoutId": "c", "method": "card"}),
        ("payment_succeeded", {"checkoutId": "c", "amount": 1}),
        ("payment_failed", {"checkoutId": "c", "errorCode": "x", "errorMessage": "y"}),
    ],
)
def test_callers_without_auth_are_rejected(
    world: World, db: firestore.Client, name: str, payload: dict[str, Any]
) -> None:
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call(name, payload, None)
    assert error.value.status == "UNAUTHENTICATED"
    assert database_state(db) == before


STEP_BODIES = {
    "payment_initiated": ({"method": "card"}, {"method": "paypal"}),
    "payment_succeeded": ({"amount": 265.0}, {"amount": 1.0}),
    "payment_failed": ({"errorCode": "card_declined", "errorMessage": "Declined"}, {"errorCode": "timeout"}),
}


@pytest.mark.parametrize("step", list(STEP_BODIES))
def test_a_payment_key_replays_and_refuses_another_payload(world: World, db: firestore.Client, step: str) -> None:
    visitor = world.auth.anonymous()
    checkout_id = start_checkout(world, world.shop(), visitor)
    if step != "payment_initiated":
        world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, visitor, now=T0)
    body, other = STEP_BODIES[step]
    payload = {"checkoutId": checkout_id, "idempotencyKey": f"{step}-key-0001", **body}

    first = world.call(step, payload, visitor, now=T0)
    again = world.call(step, payload, visitor, now=T0)
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call(step, {**payload, **other}, visitor, now=T0)

    assert first["replayed"] is False
    assert again == {**first, "replayed": True}
    assert (error.value.status, error.value.fields) == ("ALREADY_EXISTS", ["idempotencyKey"])
    assert database_state(db) == before
