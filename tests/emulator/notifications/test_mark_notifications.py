"""The notification centre end to end: producers publish once, `mark_notifications` moves the badge
exactly, only the recipient reads, and the bell listener sees new notifications."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.platform import queries
from tests.support.data import count, database_state
from tests.support.emulator_clients import CallableError, User
from tests.support.world import World


def bell(db: firestore.Client, uid: str) -> list[dict[str, Any]]:
    snapshots = queries.BELL.build(db, {"recipientUid": uid}).stream()
    return [snapshot.to_dict() | {"id": snapshot.id} for snapshot in snapshots]


def badge(db: firestore.Client, uid: str) -> dict[str, Any]:
    return db.document(f"notificationCounts/{uid}").get().to_dict() or {}


def mark(world: World, user: User | None, **payload: Any) -> Any:
    return world.call("mark_notifications", payload, user)


@pytest.fixture
def shopper(world: World, db: firestore.Client) -> tuple[User, list[str]]:
    """A customer with two redemption notifications (at two shops)."""
    customer = world.customer()
    for name in ("Corner Bakery", "Blue Bike Shop"):
        shop = world.shop(name)
        world.redeem(customer, world.coupon(shop, discount={"kind": "amount", "value": 8}))
    return customer, [n["id"] for n in bell(db, customer.uid)]


def test_a_redemption_notifies_the_customer_once(world: World, db: firestore.Client) -> None:
    customer = world.customer()
    shop = world.shop("Corner Bakery")
    redemption = world.redeem(customer, world.coupon(shop, code="SAVE8", discount={"kind": "amount", "value": 8}))

    [notification] = bell(db, customer.uid)
    assert notification["category"] == "redemption"
    assert (notification["title"], notification["body"]) == (
        "Coupon SAVE8 redeemed",
        "You saved €8.00 at Corner Bakery",
    )
    assert notification["target"] == {"kind": "redemption", "id": redemption["redemptionId"]}
    assert notification["sourceKey"] == f"redemption:{redemption['redemptionId']}"
    assert (notification["readAt"], notification["seenAt"], notification["archivedAt"], notification["action"]) == (
        None,
        None,
        None,
        None,
    )
    assert notification["expireAt"] is None  # kept until read
    assert badge(db, customer.uid) | {"updatedAt": None} == {
        "uid": customer.uid,
        "unread": 1,
        "unseen": 1,
        "unreadByCategory": {"redemption": 1},
        "updatedAt": None,
    }


def test_every_state_by_ids(world: World, db: firestore.Client, shopper: tuple[User, list[str]]) -> None:
    customer, ids = shopper
    steps = [
        ("seen", [ids[0]], 1, (2, 1)),
        ("seen", [ids[0]], 0, (2, 1)),  # already seen: nothing moves
        ("read", ids, 2, (0, 0)),
        ("read", ids, 0, (0, 0)),
        ("unread", [ids[1]], 1, (1, 0)),
        ("archived", [ids[1]], 1, (0, 0)),
        ("unread", [ids[1]], 1, (1, 0)),
    ]
    for state, chosen, changed, (unread, unseen) in steps:
        result = mark(world, customer, ids=chosen, state=state)
        assert (result["changed"], result["counts"]) == (changed, {"unread": unread, "unseen": unseen}), state
        assert (badge(db, customer.uid)["unread"], badge(db, customer.uid)["unseen"]) == (unread, unseen)
    archived_then_unread = db.document(f"notifications/{ids[1]}").get().to_dict() or {}
    assert (archived_then_unread["readAt"], archived_then_unread["archived"]) == (None, False)
    assert archived_then_unread["expireAt"] is None
    read = db.document(f"notifications/{ids[0]}").get().to_dict() or {}
    assert read["expireAt"] - read["readAt"] == timedelta(days=90)


def test_all_and_all_within_a_category(world: World, db: firestore.Client) -> None:
    user = world.auth.create_user(display_name="Grace")
    world.call("set_user_role", {"uid": user.uid, "role": "customer"}, world.admin)  # an account notice
    user = world.auth.refresh(user)
    for _ in range(2):
        world.redeem(user, world.coupon(world.shop()))
    assert badge(db, user.uid)["unreadByCategory"] == {"account": 1, "redemption": 2}

    by_category = mark(world, user, all=True, category="redemption", state="read")
    assert (by_category["changed"], by_category["counts"]["unread"]) == (2, 1)
    assert badge(db, user.uid)["unreadByCategory"] == {"account": 1, "redemption": 0}
    everything = mark(world, user, all=True, state="archived")
    assert (everything["changed"], everything["counts"]) == (3, {"unread": 0, "unseen": 0})
    assert count(db, "notifications", recipientUid=user.uid, archived=True) == 3


def test_role_changes_and_reversals_notify_their_user(world: World, db: firestore.Client) -> None:
    shop = world.shop("Corner Bakery")
    [role_notice] = bell(db, shop.owner.uid)
    assert (role_notice["category"], role_notice["body"]) == (
        "account",
        "You are now a shop owner of Corner Bakery. Sign in again to see your new pages.",
    )
    customer = world.customer()
    redemption = world.redeem(customer, world.coupon(shop, code="BREAD"))
    world.call("reverse_redemption", {"redemptionId": redemption["redemptionId"], "reason": "refund"}, shop.owner)
    newest = bell(db, customer.uid)[0]
    assert (newest["title"], newest["body"]) == (
        "Redemption of BREAD reversed",
        "Corner Bakery reversed your redemption of BREAD: refund",
    )
    assert badge(db, customer.uid)["unread"] == 2


def test_another_users_notification_is_not_found_and_nothing_moves(
    world: World, db: firestore.Client, shopper: tuple[User, list[str]]
) -> None:
    customer, ids = shopper
    stranger = world.customer()
    before = database_state(db)
    for chosen in ([ids[0]], ["no-such-notification"], [*ids, "no-such-notification"]):
        with pytest.raises(CallableError) as error:
            mark(world, stranger if chosen == [ids[0]] else customer, ids=chosen, state="read")
        assert (error.value.status, error.value.fields) == ("NOT_FOUND", ["ids"])
        assert error.value.message == "ids: no such notification."
    assert database_state(db) == before


def test_unauthenticated_and_malformed_marks_write_nothing(
    world: World, db: firestore.Client, shopper: tuple[User, list[str]]
) -> None:
    customer, ids = shopper
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        mark(world, None, all=True, state="read")
    assert error.value.status == "UNAUTHENTICATED"
    for payload, field in (
        ({"all": True, "state": "gone"}, "state"),
        ({"ids": [ids[0]], "all": True, "state": "read"}, "data"),
        ({"all": True, "category": "coupons", "state": "read"}, "category"),
        ({"ids": ids * 251, "state": "read"}, "ids"),
        ({"all": True, "state": "read", "idempotencyKey": "short"}, "idempotencyKey"),
    ):
        with pytest.raises(CallableError) as error:
            mark(world, customer, **payload)
        assert (error.value.status, field in error.value.fields) == ("INVALID_ARGUMENT", True), payload
    assert database_state(db) == before


def test_a_key_replays_the_first_result(world: World, db: firestore.Client, shopper: tuple[User, list[str]]) -> None:
    customer, ids = shopper
    first = mark(world, customer, ids=ids, state="read", idempotencyKey="mark-key-0001")
    again = mark(world, customer, ids=ids, state="read", idempotencyKey="mark-key-0001")
    with pytest.raises(CallableError) as error:
        mark(world, customer, ids=ids, state="unread", idempotencyKey="mark-key-0001")
    assert first == {"changed": 2, "counts": {"unread": 0, "unseen": 0}, "replayed": False}
    assert again == {**first, "replayed": True}
    assert (error.value.status, error.value.fields) == ("ALREADY_EXISTS", ["idempotencyKey"])
    assert badge(db, customer.uid)["unread"] == 0


def test_a_replayed_redemption_leaves_one_notification(world: World, db: firestore.Client) -> None:
    customer = world.customer()
    payload = {"couponId": world.coupon(world.shop(), perCustomerLimit=5), "idempotencyKey": "redeem-once-0001"}
    first = world.call("redeem_coupon", payload, customer)
    replay = world.call("redeem_coupon", payload, customer)
    assert replay == {**first, "replayed": True}
    assert count(db, "notifications", recipientUid=customer.uid) == 1
    assert badge(db, customer.uid)["unread"] == 1


def test_the_bell_listener_sees_a_new_notification(world: World, db: firestore.Client, wait_for: Any) -> None:
    customer = world.customer()
    coupon_id = world.coupon(world.shop("Corner Bakery"), perCustomerLimit=5)
    query = queries.BELL.build(db, {"recipientUid": customer.uid}, limit=20)
    world.redeem(customer, coupon_id)
    snapshots, _ = wait_for(query, lambda docs: len(docs) == 1)
    redemption = world.redeem(customer, coupon_id)
    snapshots, waited = wait_for(query, lambda docs: len(docs) == 2)
    newest = queries.BELL.in_order(snapshots)[0].to_dict()
    assert newest["target"]["id"] == redemption["redemptionId"]
    assert waited < 10
