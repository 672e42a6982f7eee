"""Orders end to end: every (from, to) pair of the status machine, each callable and error, replays,
the paid-checkout path, and what the customer's and the shop's listeners see."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.orders import store
from storepulse.orders.rules import STATUSES, Fulfilment, Status, allowed
from storepulse.platform import queries
from storepulse.platform.clock import day_key
from storepulse.verify import verify
from tests.support.data import database_state, new_key
from tests.support.emulator_clients import CallableError, User
from tests.support.orders import ITEMS_TOTAL, move, order_payload, path_to, place
from tests.support.world import Shop, World


@pytest.fixture
def bakery(world: World) -> Shop:
    return world.shop("Corner Bakery")


def order_at(world: World, shop: Shop, customer: User, status: Status, kind: Fulfilment) -> str:
    order_id = place(world, customer, shop, kind)
    for step in path_to(status, kind):
        move(world, shop.owner, order_id, step)
    return order_id


def bell(db: firestore.Client, uid: str) -> list[dict[str, Any]]:
    return [s.to_dict() or {} for s in queries.BELL.build(db, {"recipientUid": uid}).stream()]


def timeline(db: firestore.Client, order_id: str) -> list[dict[str, Any]]:
    return [s.to_dict() or {} for s in queries.ORDER_TIMELINE.build(db, {"orderId": order_id}).stream()]


def reachable(kind: Fulfilment) -> list[Status]:
    statuses = []
    for status in Status:
        try:
            path_to(status, kind)
        except ValueError:
            continue
        statuses.append(status)
    return statuses


CASES = [(kind, source) for kind in Fulfilment for source in reachable(kind)]


@pytest.mark.parametrize(("kind", "source"), CASES, ids=[f"{k.value}-{s.value}" for k, s in CASES])
def test_exactly_the_allowed_moves_succeed(
    world: World, db: firestore.Client, bakery: Shop, kind: Fulfilment, source: Status
) -> None:
    customer = world.customer()
    order_id = order_at(world, bakery, customer, source, kind)
    refused = [target for target in Status if not allowed(source, target, kind)]
    before = database_state(db)
    for target in refused:
        with pytest.raises(CallableError) as error:
            move(world, bakery.owner, order_id, target)
        assert error.value.status == "FAILED_PRECONDITION", target
        assert f"the order is {source.value}" in error.value.message
    assert database_state(db) == before

    for target in (target for target in Status if allowed(source, target, kind)):
        fresh = order_at(world, bakery, customer, source, kind)
        moved = move(world, bakery.owner, fresh, target, note="on its way" if target is Status.CANCELLED else None)
        info = STATUSES[target]
        assert (moved["status"], moved["statusLabel"], moved["progress"]) == (target.value, info.label, info.progress)
        assert [entry["status"] for entry in timeline(db, fresh)][-1] == target.value
    assert verify(db) == []


def test_an_order_is_placed_moved_and_delivered(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer = world.customer("Ada Lovelace")
    placed = world.call("place_order", order_payload(bakery.shop_id, Fulfilment.DELIVERY), customer)
    order_id = placed["orderId"]
    assert placed == {
        "orderId": order_id,
        "status": "placed",
        "statusLabel": "Order placed",
        "progress": 10,
        "version": 1,
        "totalCents": ITEMS_TOTAL,
        "currency": "EUR",
        "replayed": False,
    }
    order = db.document(f"orders/{order_id}").get().to_dict() or {}
    assert (order["shopName"], order["customerName"], order["fulfilment"]["address"]["city"]) == (
        "Corner Bakery",
        "Ada Lovelace",
        "Lisbon",
    )
    for version, status in enumerate(path_to(Status.DELIVERED, Fulfilment.DELIVERY), start=1):
        move(world, bakery.owner, order_id, status, expectedVersion=version)
    entries = timeline(db, order_id)
    assert [(e["kind"], e["status"], e["version"]) for e in entries] == [
        ("status", "placed", 1),
        ("status", "confirmed", 2),
        ("status", "preparing", 3),
        ("status", "out_for_delivery", 4),
        ("status", "delivered", 5),
    ]
    assert {e["by"] for e in entries[1:]} == {bakery.owner.uid}
    bodies = [n["body"] for n in bell(db, customer.uid) if n["category"] == "order"]
    assert "Your order from Corner Bakery is out for delivery" in bodies
    assert len(bodies) == 4  # one per change, none for placing it
    stats = store.read_order_stats(db, bakery.shop_id)
    today = day_key(datetime.now(UTC))
    assert (stats["placedTotal"], stats["deliveredTotal"], stats.get("open")) == (1, 1, None)
    assert stats["days"][today]["revenueCents"] == ITEMS_TOTAL
    assert verify(db) == []


def test_a_replayed_move_is_one_move_and_another_key_is_refused(
    world: World, db: firestore.Client, bakery: Shop
) -> None:
    customer = world.customer()
    order_id = place(world, customer, bakery)
    payload = {"orderId": order_id, "status": "confirmed", "idempotencyKey": new_key()}
    first = world.call("update_order_status", payload, bakery.owner)
    again = world.call("update_order_status", payload, bakery.owner)
    assert (first["replayed"], again["replayed"], again["version"]) == (False, True, 2)
    with pytest.raises(CallableError) as other_key:
        move(world, bakery.owner, order_id, Status.CONFIRMED)
    assert other_key.value.status == "FAILED_PRECONDITION"
    assert "the order is confirmed" in other_key.value.message
    assert len(timeline(db, order_id)) == 2
    assert len([n for n in bell(db, customer.uid) if n["category"] == "order"]) == 1
    same_order = world.call("place_order", {**order_payload(bakery.shop_id), "idempotencyKey": "k" * 12}, customer)
    replayed = world.call("place_order", {**order_payload(bakery.shop_id), "idempotencyKey": "k" * 12}, customer)
    assert (replayed["orderId"], replayed["replayed"]) == (same_order["orderId"], True)


def test_a_stale_page_cannot_act(world: World, db: firestore.Client, bakery: Shop) -> None:
    order_id = place(world, world.customer(), bakery)
    move(world, bakery.owner, order_id, Status.CONFIRMED, expectedVersion=1)
    before = database_state(db)
    for call in (
        lambda: move(world, bakery.owner, order_id, Status.PREPARING, expectedVersion=1),
        lambda: world.call(
            "cancel_order",
            {"orderId": order_id, "reason": "sold out", "expectedVersion": 1, "idempotencyKey": new_key()},
            bakery.owner,
        ),
    ):
        with pytest.raises(CallableError) as stale:
            call()
        assert (stale.value.status, stale.value.fields) == ("FAILED_PRECONDITION", ["expectedVersion"])
        assert "version 2 (confirmed)" in stale.value.message
    assert database_state(db) == before


def test_errors_name_their_cause_and_write_nothing(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer, stranger = world.customer(), world.customer()
    other_shop = world.shop()
    order_id = place(world, customer, bakery)
    anonymous = world.auth.anonymous()

    def status(user: User | None, **payload: Any) -> Any:
        body = {"orderId": order_id, "status": "confirmed", "idempotencyKey": new_key(), **payload}
        return world.call("update_order_status", body, user)

    def order(user: User | None, **payload: Any) -> Any:
        return world.call("place_order", {**order_payload(bakery.shop_id), **payload}, user)

    def cancel(user: User | None, **payload: Any) -> Any:
        body = {"orderId": order_id, "reason": "changed my mind", "idempotencyKey": new_key(), **payload}
        return world.call("cancel_order", body, user)

    cases: list[tuple[Any, str, list[str]]] = [
        (lambda: status(other_shop.owner), "PERMISSION_DENIED", []),
        (lambda: status(customer), "PERMISSION_DENIED", []),
        (lambda: status(None), "UNAUTHENTICATED", []),
        (lambda: status(bakery.owner, orderId="no-such-order"), "NOT_FOUND", ["orderId"]),
        (lambda: status(bakery.owner, status="shipped"), "INVALID_ARGUMENT", ["status"]),
        (lambda: status(bakery.owner, expectedVersion=0), "INVALID_ARGUMENT", ["expectedVersion"]),
        (lambda: status(bakery.owner, idempotencyKey=None), "INVALID_ARGUMENT", ["idempotencyKey"]),
        (lambda: cancel(stranger), "PERMISSION_DENIED", []),
        (lambda: cancel(other_shop.owner), "PERMISSION_DENIED", []),
        (lambda: cancel(customer, reason=""), "INVALID_ARGUMENT", ["reason"]),
        (lambda: order(bakery.owner), "PERMISSION_DENIED", []),
        (lambda: order(anonymous), "PERMISSION_DENIED", []),
        (lambda: order(customer, shopId="no-such-shop"), "NOT_FOUND", ["shopId"]),
        (lambda: order(customer, currency="XYZ"), "INVALID_ARGUMENT", ["currency"]),
        (lambda: order(customer, items=[]), "INVALID_ARGUMENT", ["items"]),
        (
            lambda: order(customer, items=[{"productId": "p", "name": "P", "qty": 1000, "unitPriceCents": 1}]),
            "INVALID_ARGUMENT",
            ["items.0.qty"],
        ),
        (lambda: order(customer, fulfilment={"kind": "delivery"}), "INVALID_ARGUMENT", ["fulfilment.delivery.address"]),
        (lambda: order(customer, totalCents=1), "INVALID_ARGUMENT", ["totalCents"]),
    ]
    before = database_state(db)
    for number, (attempt, want, fields) in enumerate(cases):
        with pytest.raises(CallableError) as error:
            attempt()
        assert (number, error.value.status) == (number, want), error.value.message
        if fields:
            assert error.value.fields == fields, (number, error.value.message)
    assert database_state(db) == before


def test_who_cancels_when(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer = world.customer()
    mine = place(world, customer, bakery)
    cancelled = world.call(
        "cancel_order", {"orderId": mine, "reason": "ordered twice", "idempotencyKey": new_key()}, customer
    )
    assert (cancelled["status"], cancelled["progress"]) == ("cancelled", None)
    assert db.document(f"orders/{mine}").get().get("cancelReason") == "ordered twice"
    assert bell(db, customer.uid) == []  # nobody tells the customer what they did themselves

    preparing = order_at(world, bakery, customer, Status.PREPARING, Fulfilment.PICKUP)
    with pytest.raises(CallableError) as too_late:
        world.call("cancel_order", {"orderId": preparing, "reason": "late", "idempotencyKey": new_key()}, customer)
    assert (too_late.value.status, "the order is preparing" in too_late.value.message) == ("FAILED_PRECONDITION", True)
    world.call("cancel_order", {"orderId": preparing, "reason": "oven broke", "idempotencyKey": new_key()}, world.admin)
    bodies = [n["body"] for n in bell(db, customer.uid) if n["category"] == "order"]
    assert bodies[0] == "Your order from Corner Bakery was cancelled: oven broke"  # newest first
    assert len(bodies) == 3  # confirmed, preparing, cancelled
    with pytest.raises(CallableError) as final:
        world.call("cancel_order", {"orderId": preparing, "reason": "again", "idempotencyKey": new_key()}, world.admin)
    assert (final.value.status, "the order is cancelled" in final.value.message) == ("FAILED_PRECONDITION", True)
    assert verify(db) == []


def test_delivery_updates_tell_the_customer_only_what_matters(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer = world.customer()
    order_id = order_at(world, bakery, customer, Status.PREPARING, Fulfilment.DELIVERY)
    eta = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=40)

    def deliver(user: User = bakery.owner, **fields: Any) -> Any:
        return world.call("update_delivery", {"orderId": order_id, "idempotencyKey": new_key(), **fields}, user)

    first = deliver(carrier="Bike Couriers", trackingNumber="BC-1042", eta=eta.isoformat())
    nudged = deliver(eta=(eta + timedelta(minutes=5)).isoformat(), lastLocation={"label": "Rua Augusta"})
    moved = deliver(eta=(eta + timedelta(minutes=20)).isoformat())
    assert [(r["notified"], r["version"]) for r in (first, nudged, moved)] == [(True, 4), (False, 5), (True, 6)]
    order = db.document(f"orders/{order_id}").get().to_dict() or {}
    assert order["delivery"]["lastLocation"] == {"label": "Rua Augusta"}
    assert order["delivery"]["eta"] == eta + timedelta(minutes=20)
    deliveries = [e for e in timeline(db, order_id) if e["kind"] == "delivery"]
    assert len(deliveries) == 2
    assert deliveries[0]["label"].startswith(
        "Your order from Corner Bakery: Bike Couriers has your order (tracking BC-1042)"
    )
    assert len([n for n in bell(db, customer.uid) if n["category"] == "delivery"]) == 2

    pickup = order_at(world, bakery, customer, Status.PREPARING, Fulfilment.PICKUP)
    placed = place(world, customer, bakery, Fulfilment.DELIVERY)
    before = database_state(db)
    for user, target, want in (
        (bakery.owner, pickup, "FAILED_PRECONDITION"),
        (bakery.owner, placed, "FAILED_PRECONDITION"),
        (customer, order_id, "PERMISSION_DENIED"),
        (world.admin, order_id, "PERMISSION_DENIED"),
    ):
        with pytest.raises(CallableError) as error:
            world.call("update_delivery", {"orderId": target, "carrier": "X", "idempotencyKey": new_key()}, user)
        assert error.value.status == want
    for fields, field in (
        ({}, "data"),  # nothing to update
        ({"eta": "2020-01-01T00:00:00Z"}, "eta"),
        ({"eta": "tomorrow"}, "eta"),
        ({"trackingUrl": "http://tracker.example/1"}, "trackingUrl"),
        ({"lastLocation": {"label": "Dock", "lat": 38.7}}, "lastLocation"),
    ):
        with pytest.raises(CallableError) as invalid:
            deliver(**fields)
        assert (invalid.value.status, invalid.value.fields or [field]) == ("INVALID_ARGUMENT", [field])
    assert database_state(db) == before


def test_a_paid_checkout_becomes_an_order(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer, visitor = world.customer("Grace Hopper"), world.auth.anonymous()
    paid = {}
    for user in (customer, visitor):
        world.call("track_page", {"sessionId": "s1", "shopId": bakery.shop_id, "pageType": "checkout"}, user)
        checkout = {
            "sessionId": "s1",
            "shopId": bakery.shop_id,
            "items": [{"productId": "cake", "name": "Cake", "qty": 2, "unitPrice": 12.5}],
            "total": 25.0,
            "currency": "EUR",
            "fulfilment": order_payload(bakery.shop_id, Fulfilment.DELIVERY)["fulfilment"],
        }
        checkout_id = world.call("checkout_started", checkout, user)["checkoutId"]
        world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, user)
        paid[user.uid] = world.call("payment_succeeded", {"checkoutId": checkout_id, "amount": 25.0}, user)
    mine = paid[customer.uid]
    assert mine["orderId"] == mine["checkoutId"]
    assert paid[visitor.uid]["orderId"] is None
    order = db.document(f"orders/{mine['orderId']}").get().to_dict() or {}
    assert (order["totalCents"], order["customerName"], order["fulfilment"]["kind"]) == (
        2500,
        "Grace Hopper",
        "delivery",
    )
    assert [e["status"] for e in timeline(db, mine["orderId"])] == ["placed"]
    replay = world.call("payment_succeeded", {"checkoutId": mine["checkoutId"], "amount": 25.0}, customer)
    assert (replay["replayed"], replay["orderId"]) == (True, mine["orderId"])
    assert store.read_order_stats(db, bakery.shop_id)["placedTotal"] == 1
    assert verify(db) == []


def race(world: World, order_id: str, moves: list[tuple[User, Status]]) -> list[str]:
    """Every move at once (released together); each one's new status or error status."""
    gate = threading.Barrier(len(moves))

    def attempt(user: User, target: Status) -> str:
        gate.wait()
        try:
            return str(move(world, user, order_id, target)["status"])
        except CallableError as error:
            return error.status

    with ThreadPoolExecutor(len(moves)) as pool:
        return sorted(pool.map(lambda pair: attempt(*pair), moves))


def test_two_owners_racing_on_one_order_one_wins(
    world: World, db: firestore.Client, bakery: Shop, make_user: Any
) -> None:
    second_owner = make_user("shop", shop_id=bakery.shop_id)
    customer = world.customer()
    for _ in range(3):
        order_id = order_at(world, bakery, customer, Status.PREPARING, Fulfilment.DELIVERY)
        outcomes = race(world, order_id, [(bakery.owner, Status.OUT_FOR_DELIVERY), (second_owner, Status.CANCELLED)])
        assert outcomes in (["FAILED_PRECONDITION", "out_for_delivery"], ["FAILED_PRECONDITION", "cancelled"])
        final = db.document(f"orders/{order_id}").get().to_dict() or {}
        assert final["version"] == 4
        assert [e["status"] for e in timeline(db, order_id)][-1] == final["status"]
    assert verify(db) == []


def test_the_customer_sees_every_status_in_order(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer = world.customer()
    order_id = place(world, customer, bakery, Fulfilment.DELIVERY)
    seen: list[tuple[int, str]] = []
    opened, done = threading.Event(), threading.Event()

    def on_snapshot(snapshots: Any, _changes: Any, _read_time: Any) -> None:
        order = snapshots[0].to_dict() or {}
        seen.append((order["version"], order["status"]))
        opened.set()
        if order["status"] == "delivered":
            done.set()

    watch = db.document(f"orders/{order_id}").on_snapshot(on_snapshot)
    try:
        assert opened.wait(10)  # the customer's page is open before the shop starts
        for status in path_to(Status.DELIVERED, Fulfilment.DELIVERY):
            move(world, bakery.owner, order_id, status)
        assert done.wait(10)
    finally:
        watch.unsubscribe()
    statuses = [status for _, status in seen]
    assert statuses == ["placed", "confirmed", "preparing", "out_for_delivery", "delivered"], seen
    assert [version for version, _ in seen] == [1, 2, 3, 4, 5]
