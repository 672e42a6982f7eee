"""The order status machine, table-driven over every (from, to) pair and both fulfilments."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from storepulse.notifications.models import NotificationTarget, TargetKind
from storepulse.orders import rules
from storepulse.orders.rules import Fulfilment, Status
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import FailedPrecondition, PermissionDenied

PICKUP_PATH = [Status.PLACED, Status.CONFIRMED, Status.PREPARING, Status.READY_FOR_PICKUP, Status.PICKED_UP]
DELIVERY_PATH = [Status.PLACED, Status.CONFIRMED, Status.PREPARING, Status.OUT_FOR_DELIVERY, Status.DELIVERED]
CANCELLABLE = {Status.PLACED, Status.CONFIRMED, Status.PREPARING}


def legal(current: Status, target: Status, fulfilment: Fulfilment) -> bool:
    """The issue's machine, written out independently of the table under test."""
    path = PICKUP_PATH if fulfilment is Fulfilment.PICKUP else DELIVERY_PATH
    forward = current in path and target in path and path.index(target) == path.index(current) + 1
    return forward or (target is Status.CANCELLED and current in CANCELLABLE)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Status, Status)))
@pytest.mark.parametrize("fulfilment", list(Fulfilment))
def test_exactly_the_allowed_moves(current: Status, target: Status, fulfilment: Fulfilment) -> None:
    expected = legal(current, target, fulfilment)
    assert rules.allowed(current, target, fulfilment) is expected
    if expected:
        rules.check_move(current, target, fulfilment)
    else:
        with pytest.raises(FailedPrecondition) as error:
            rules.check_move(current, target, fulfilment)
        assert f"the order is {current.value}" in error.value.message


def test_final_statuses_and_progress() -> None:
    finals = {status for status, info in rules.STATUSES.items() if info.final}
    assert finals == {Status.PICKED_UP, Status.DELIVERED, Status.CANCELLED}
    assert set(rules.OPEN) == set(Status) - finals
    for path in (PICKUP_PATH, DELIVERY_PATH):
        progress = [rules.STATUSES[status].progress for status in path]
        assert progress == sorted(progress)
        assert (progress[0], progress[-1]) == (10, 100)
    assert rules.STATUSES[Status.CANCELLED].progress is None
    assert all(info.label for info in rules.STATUSES.values())


def test_the_buttons_a_dashboard_offers() -> None:
    assert rules.next_statuses(Status.PREPARING, Fulfilment.PICKUP) == [Status.READY_FOR_PICKUP, Status.CANCELLED]
    assert rules.next_statuses(Status.PREPARING, Fulfilment.DELIVERY) == [Status.OUT_FOR_DELIVERY, Status.CANCELLED]
    assert rules.next_statuses(Status.DELIVERED, Fulfilment.DELIVERY) == []
    assert {Status.PLACED, Status.CONFIRMED} == rules.CUSTOMER_CANCELS_FROM


T0 = datetime(2030, 5, 2, 9, 0, tzinfo=UTC)
ORDER = {
    "shopId": "bakery",
    "shopName": "Corner Bakery",
    "customerId": "ada",
    "status": "out_for_delivery",
    "totalCents": 1040,
    "placedAt": T0,
    "fulfilment": {"kind": "delivery"},
    "version": 5,
}


def test_a_move_moves_open_orders_and_on_a_final_status_the_days_figures() -> None:
    assert rules.move_counts({**ORDER, "status": "placed"}, Status.CONFIRMED, T0) == {
        "open": {"placed": -1, "confirmed": 1}
    }
    delivered = rules.move_counts(ORDER, Status.DELIVERED, T0 + timedelta(minutes=42))
    assert delivered == {
        "open": {"out_for_delivery": -1},
        "deliveredTotal": 1,
        "days": {"2030-05-02": {"delivered": 1, "revenueCents": 1040, "completed": 1, "secondsToFinal": 2520}},
    }
    cancelled = rules.move_counts({**ORDER, "status": "placed"}, Status.CANCELLED, T0)
    assert cancelled == {"open": {"placed": -1}, "cancelledTotal": 1, "days": {"2030-05-02": {"cancelled": 1}}}
    assert rules.mean_minutes_to_final({"completed": 2, "secondsToFinal": 2520 + 1680}) == 35.0
    assert rules.mean_minutes_to_final({}) is None
    assert [rules.counter_name(s) for s in (Status.PICKED_UP, Status.DELIVERED)] == ["pickedUp", "delivered"]


@pytest.mark.parametrize(
    ("current", "update", "notable"),
    [
        (None, {"eta": T0}, ["eta"]),
        ({"eta": T0}, {"eta": T0 + timedelta(minutes=9)}, []),
        ({"eta": T0}, {"eta": T0 - timedelta(minutes=10)}, ["eta"]),
        ({"carrier": "Bikes"}, {"carrier": "Bikes"}, []),
        ({"carrier": "Bikes"}, {"carrier": "Vans", "trackingNumber": "T1"}, ["carrier", "trackingNumber"]),
        (None, {"lastLocation": {"label": "Dock"}, "trackingUrl": "https://t.example"}, []),
    ],
)
def test_only_notable_delivery_changes_are_told(current: Any, update: dict[str, Any], notable: list[str]) -> None:
    assert rules.delivery_changes(current, update) == notable


def test_notices_name_the_shop_and_the_change() -> None:
    notice = rules.status_notice(ORDER, "o1", 5, Status.OUT_FOR_DELIVERY, None)
    assert (notice.body, notice.category.value, notice.source_key) == (
        "Your order from Corner Bakery is out for delivery",
        "order",
        "order:o1:5",
    )
    text = rules.delivery_text(ORDER, {"carrier": "Bikes", "eta": T0}, ["carrier", "eta"])
    assert text == "Your order from Corner Bakery: Bikes has your order, arriving around 09:00 UTC"


def test_who_may_act_on_an_order() -> None:
    owner, other = Caller("o", Role.SHOP, shop_id="bakery"), Caller("p", Role.SHOP, shop_id="forge")
    customer, admin = Caller("ada", Role.CUSTOMER), Caller("root", Role.ADMIN)
    rules.check_shop_side(owner, ORDER)
    rules.check_shop_side(admin, ORDER)
    for caller in (other, customer):
        with pytest.raises(PermissionDenied):
            rules.check_shop_side(caller, ORDER)
    rules.check_canceller(customer, {**ORDER, "status": "confirmed"})
    with pytest.raises(FailedPrecondition):
        rules.check_canceller(customer, {**ORDER, "status": "preparing"})
    with pytest.raises(PermissionDenied):
        rules.check_canceller(Caller("bob", Role.CUSTOMER), {**ORDER, "status": "placed"})
    with pytest.raises(PermissionDenied):
        rules.check_delivery_updater(admin, ORDER)
    with pytest.raises(FailedPrecondition):
        rules.check_delivery_updater(owner, {**ORDER, "fulfilment": {"kind": "pickup"}})
    with pytest.raises(FailedPrecondition) as stale:
        rules.check_expected_version(ORDER, 4)
    assert stale.value.details == {"fields": [{"field": "expectedVersion", "message": stale.value.message[17:]}]}


def test_verify_reads_a_timeline_as_one_legal_path() -> None:
    assert rules.path_problems(["placed", "confirmed"], Fulfilment.PICKUP, "confirmed") == []
    assert rules.path_problems(["placed", "preparing"], Fulfilment.PICKUP, "preparing") == [
        "placed -> preparing is not a legal move"
    ]
    assert rules.path_problems(["confirmed"], Fulfilment.PICKUP, "confirmed") == [
        "the timeline does not start with placed"
    ]
    assert rules.path_problems(["placed"], Fulfilment.PICKUP, "confirmed") == [
        "the timeline ends at placed, the order is confirmed"
    ]
    assert rules.order_total([{"qty": 3, "unitPriceCents": 180}, {"qty": 2, "unitPriceCents": 250}]) == 1040


def test_the_owner_hears_of_a_new_and_a_cancelled_order() -> None:
    order = {**ORDER, "customerName": "Ada Lovelace", "currency": "EUR"}
    placed = rules.placed_notice("owner", order, "o1")
    assert (placed.recipient_uid, placed.category.value, placed.title, placed.body) == (
        "owner",
        "order",
        "New order",
        "Ada Lovelace placed an order of 10.40 EUR at Corner Bakery",
    )
    assert (placed.target(), placed.source_key) == (
        NotificationTarget(kind=TargetKind.ORDER, id="o1"),
        "order_placed:o1",
    )
    cancelled = rules.cancelled_notice("owner", order, "o1", "changed my mind")
    assert (cancelled.body, cancelled.target_id, cancelled.source_key) == (
        "Ada Lovelace cancelled an order of 10.40 EUR: changed my mind",
        "o1",
        "order_cancelled:o1",
    )
    assert rules.cancelled_notice("owner", order, "o1", None).body == "Ada Lovelace cancelled an order of 10.40 EUR"
