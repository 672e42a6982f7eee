"""The order status machine: one table used by code, docs and tests.

    placed -> confirmed -> preparing -> ready_for_pickup -> picked_up        (pickup orders)
                           preparing -> out_for_delivery -> delivered        (delivery orders)
    placed | confirmed | preparing -> cancelled

`picked_up`, `delivered` and `cancelled` are final. Any other move is `failed-precondition` naming
the current status; moving to the current status is a replay only with the same idempotency key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storepulse.platform.errors import FailedPrecondition


class Status(StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    PREPARING = "preparing"
    READY_FOR_PICKUP = "ready_for_pickup"
    PICKED_UP = "picked_up"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class Fulfilment(StrEnum):
    DELIVERY = "delivery"
    PICKUP = "pickup"


@dataclass(frozen=True)
class StatusInfo:
    label: str
    progress: int | None  # percent; a cancelled order shows none
    final: bool = False


STATUSES: dict[Status, StatusInfo] = {
    Status.PLACED: StatusInfo("Order placed", 10),
    Status.CONFIRMED: StatusInfo("Confirmed by the shop", 25),
    Status.PREPARING: StatusInfo("Being prepared", 50),
    Status.READY_FOR_PICKUP: StatusInfo("Ready for pickup", 80),
    Status.OUT_FOR_DELIVERY: StatusInfo("Out for delivery", 80),
    Status.PICKED_UP: StatusInfo("Picked up", 100, final=True),
    Status.DELIVERED: StatusInfo("Delivered", 100, final=True),
    Status.CANCELLED: StatusInfo("Cancelled", None, final=True),
}

# (from, to) -> the fulfilment it is allowed for (None: both).
MOVES: dict[tuple[Status, Status], Fulfilment | None] = {
    (Status.PLACED, Status.CONFIRMED): None,
    (Status.CONFIRMED, Status.PREPARING): None,
    (Status.PREPARING, Status.READY_FOR_PICKUP): Fulfilment.PICKUP,
    (Status.READY_FOR_PICKUP, Status.PICKED_UP): Fulfilment.PICKUP,
    (Status.PREPARING, Status.OUT_FOR_DELIVERY): Fulfilment.DELIVERY,
    (Status.OUT_FOR_DELIVERY, Status.DELIVERED): Fulfilment.DELIVERY,
    (Status.PLACED, Status.CANCELLED): None,
    (Status.CONFIRMED, Status.CANCELLED): None,
    (Status.PREPARING, Status.CANCELLED): None,
}
# The customer may cancel only before the shop starts preparing.
CUSTOMER_CANCELS_FROM = frozenset({Status.PLACED, Status.CONFIRMED})
OPEN = tuple(status for status, info in STATUSES.items() if not info.final)


def allowed(current: Status, target: Status, fulfilment: Fulfilment) -> bool:
    """Whether an order of this fulfilment may move from `current` to `target`."""
    if (current, target) not in MOVES:
        return False
    only_for = MOVES[(current, target)]
    return only_for is None or only_for is fulfilment


def next_statuses(current: Status, fulfilment: Fulfilment) -> list[Status]:
    """The moves a dashboard offers as buttons (in table order)."""
    return [target for (source, target) in MOVES if source is current and allowed(current, target, fulfilment)]


def check_move(current: Status, target: Status, fulfilment: Fulfilment) -> None:
    """`failed-precondition` naming the current status for any move the table does not allow."""
    if not allowed(current, target, fulfilment):
        raise FailedPrecondition(
            f"status: the order is {current.value}; it cannot move to {target.value}.", field="status"
        )
