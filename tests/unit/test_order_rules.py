"""The order status machine, table-driven over every (from, to) pair and both fulfilments."""

from __future__ import annotations

import itertools

import pytest

from storepulse.orders import rules
from storepulse.orders.rules import Fulfilment, Status
from storepulse.platform.errors import FailedPrecondition

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
