"""The order status machine: one table used by code, docs and tests.

    placed -> confirmed -> preparing -> ready_for_pickup -> picked_up        (pickup orders)
                           preparing -> out_for_delivery -> delivered        (delivery orders)
    placed | confirmed | preparing -> cancelled

`picked_up`, `delivered` and `cancelled` are final. Any other move is `failed-precondition` naming
the current status; moving to the current status is a replay only with the same idempotency key.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storepulse.notifications.models import Category, TargetKind
from storepulse.notifications.rules import Notice, money
from storepulse.orders.models import Fulfilment, Order, OrderDay, OrderStatsShard, Status
from storepulse.platform.caller import Caller, Role
from storepulse.platform.clock import day_key
from storepulse.platform.errors import FailedPrecondition, PermissionDenied


@dataclass(frozen=True)
class StatusInfo:
    label: str
    progress: int | None  # percent; a cancelled order shows none
    phrase: str  # "Your order from {shop} {phrase}"
    final: bool = False


STATUSES: dict[Status, StatusInfo] = {
    Status.PLACED: StatusInfo("Order placed", 10, "was placed"),
    Status.CONFIRMED: StatusInfo("Confirmed by the shop", 25, "was confirmed"),
    Status.PREPARING: StatusInfo("Being prepared", 50, "is being prepared"),
    Status.READY_FOR_PICKUP: StatusInfo("Ready for pickup", 80, "is ready for pickup"),
    Status.OUT_FOR_DELIVERY: StatusInfo("Out for delivery", 80, "is out for delivery"),
    Status.PICKED_UP: StatusInfo("Picked up", 100, "was picked up", final=True),
    Status.DELIVERED: StatusInfo("Delivered", 100, "was delivered", final=True),
    Status.CANCELLED: StatusInfo("Cancelled", None, "was cancelled", final=True),
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
COMPLETED = frozenset({Status.PICKED_UP, Status.DELIVERED})
# update_delivery is accepted only while the order is on its way to the customer's door.
DELIVERY_UPDATABLE = frozenset({Status.PREPARING, Status.OUT_FOR_DELIVERY})
# An ETA move smaller than this updates the order silently (no timeline entry, no notification).
NOTABLE_ETA_MOVE = timedelta(minutes=10)


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


def check_expected_version(order: Mapping[str, Any], expected: int | None) -> None:
    """A page that saw another version of the order cannot act on it."""
    if expected is not None and expected != order["version"]:
        raise FailedPrecondition(
            f"expectedVersion: the order is at version {order['version']} ({order['status']}), not {expected};"
            " reload it and try again.",
            field="expectedVersion",
        )


def check_shop_side(caller: Caller, order: Mapping[str, Any]) -> None:
    """Only the order's shop owner or an admin moves an order."""
    if not (caller.is_admin or caller.owns_shop(str(order["shopId"]))):
        raise PermissionDenied("Only this shop's owner or an admin can change this order.")


def check_delivery_updater(caller: Caller, order: Mapping[str, Any]) -> None:
    if not caller.owns_shop(str(order["shopId"])):
        raise PermissionDenied("Only this shop's owner updates the delivery of its orders.")
    if order["fulfilment"]["kind"] != Fulfilment.DELIVERY.value:
        raise FailedPrecondition("fulfilment: a pickup order has no delivery to track.", field="fulfilment")
    if Status(order["status"]) not in DELIVERY_UPDATABLE:
        raise FailedPrecondition(
            f"status: the order is {order['status']}; delivery details change only while it is preparing"
            " or out for delivery.",
            field="status",
        )


def check_canceller(caller: Caller, order: Mapping[str, Any]) -> None:
    """The customer cancels before preparation starts; the shop's owner or an admin until it is final."""
    current = Status(order["status"])
    if caller.role is Role.CUSTOMER and caller.uid == order["customerId"]:
        if current not in CUSTOMER_CANCELS_FROM:
            raise FailedPrecondition(
                f"status: the order is {current.value}; ask the shop to cancel it.", field="status"
            )
        return
    check_shop_side(caller, order)


def order_total(items: Iterable[Mapping[str, Any]]) -> int:
    """The order's total in cents, computed by the server from its lines."""
    return sum(int(item["qty"]) * int(item["unitPriceCents"]) for item in items)


def status_fields(status: Status) -> dict[str, Any]:
    """What the order document shows of its status (from the one table)."""
    info = STATUSES[status]
    return Order.changes(status=status.value, status_label=info.label, progress=info.progress)


def seconds_to_final(placed_at: datetime, finished_at: datetime) -> int:
    return max(0, int((finished_at - placed_at).total_seconds()))


def counter_name(status: Status) -> str:
    """A final status as the stored name of its day's figure: `pickedUp`, `delivered`, `cancelled`
    (its total is `{name}Total`)."""
    return OrderDay.stored(status.value)


def placed_counts(now: datetime) -> dict[str, Any]:
    """The shop's figures a new order moves."""
    return OrderStatsShard.changes(
        open={Status.PLACED.value: 1}, placed_total=1, days={day_key(now): OrderDay.changes(placed=1)}
    )


def move_counts(order: Mapping[str, Any], target: Status, now: datetime) -> dict[str, Any]:
    """The shop's figures a status move changes: open orders by status, and on a final status the
    day's finished orders (on the day they finished), revenue and time from placed to final."""
    if not STATUSES[target].final:
        return OrderStatsShard.changes(open={order["status"]: -1, target.value: 1})
    day = OrderDay.changes(**{target.value: 1})
    if target in COMPLETED:
        day |= OrderDay.changes(
            revenue_cents=int(order["totalCents"]),
            completed=1,
            seconds_to_final=seconds_to_final(order["placedAt"], now),
        )
    return OrderStatsShard.changes(open={order["status"]: -1}, **{f"{target.value}_total": 1}, days={day_key(now): day})


def mean_minutes_to_final(day: Mapping[str, Any]) -> float | None:
    """The mean minutes from placed to final of a day's completed orders (None when there are none)."""
    completed = int(day.get("completed", 0))
    return round(int(day.get("secondsToFinal", 0)) / completed / 60, 1) if completed else None


def status_notice(order: Mapping[str, Any], order_id: str, version: int, target: Status, note: str | None) -> Notice:
    """'Your order from Corner Bakery is out for delivery' (one per change: keyed by the version)."""
    body = f"Your order from {order['shopName']} {STATUSES[target].phrase}"
    return Notice(
        recipient_uid=str(order["customerId"]),
        category=Category.ORDER,
        title=STATUSES[target].label,
        body=f"{body}: {note}" if note else body,
        target_kind=TargetKind.ORDER,
        target_id=order_id,
        source_key=f"order:{order_id}:{version}",
    )


def _owner_notice(owner_uid: str, order_id: str, event: str, title: str, body: str) -> Notice:
    """What the shop's owner hears of one event of an order (`event` keys it: once per order)."""
    return Notice(owner_uid, Category.ORDER, title, body, TargetKind.ORDER, order_id, f"order_{event}:{order_id}")


def _order_of(order: Mapping[str, Any]) -> str:
    return f"an order of {money(int(order['totalCents']))} {order['currency']}"


def placed_notice(owner_uid: str, order: Mapping[str, Any], order_id: str) -> Notice:
    """The shop's owner hears of a new order: 'Ada Lovelace placed an order of 10.40 EUR at Corner Bakery'."""
    body = f"{order['customerName']} placed {_order_of(order)} at {order['shopName']}"
    return _owner_notice(owner_uid, order_id, "placed", "New order", body)


def cancelled_notice(owner_uid: str, order: Mapping[str, Any], order_id: str, reason: str | None) -> Notice:
    """The shop's owner hears that the customer cancelled (an order is cancelled once)."""
    body = f"{order['customerName']} cancelled {_order_of(order)}" + (f": {reason}" if reason else "")
    return _owner_notice(owner_uid, order_id, "cancelled", "Order cancelled by the customer", body)


def delivery_changes(current: Mapping[str, Any] | None, update: Mapping[str, Any]) -> list[str]:
    """What in a delivery update is worth telling the customer: a carrier or tracking number that is
    set or changed, or an ETA that moves by 10 minutes or more (or appears)."""
    current = current or {}
    notable = [
        name
        for name in ("carrier", "trackingNumber")
        if update.get(name) is not None and update[name] != current.get(name)
    ]
    eta, previous = update.get("eta"), current.get("eta")
    if eta is not None and (previous is None or abs(eta - previous) >= NOTABLE_ETA_MOVE):
        notable.append("eta")
    return notable


def delivery_text(order: Mapping[str, Any], delivery: Mapping[str, Any], notable: list[str]) -> str:
    parts = []
    if "carrier" in notable or "trackingNumber" in notable:
        carrier = delivery.get("carrier") or "The carrier"
        tracking = delivery.get("trackingNumber")
        parts.append(f"{carrier} has your order" + (f" (tracking {tracking})" if tracking else ""))
    if "eta" in notable:
        parts.append(f"arriving around {delivery['eta']:%H:%M} UTC")
    return f"Your order from {order['shopName']}: " + ", ".join(parts)


def delivery_notice(order: Mapping[str, Any], order_id: str, version: int, text: str) -> Notice:
    return Notice(
        recipient_uid=str(order["customerId"]),
        category=Category.DELIVERY,
        title="Delivery update",
        body=text,
        target_kind=TargetKind.ORDER,
        target_id=order_id,
        source_key=f"delivery:{order_id}:{version}",
    )


def path_problems(statuses: list[str], fulfilment: Fulfilment, current: str) -> list[str]:
    """Why a timeline's status entries are not one legal path from `placed` to `current` (verify)."""
    if not statuses or statuses[0] != Status.PLACED.value:
        return ["the timeline does not start with placed"]
    problems = [
        f"{source} -> {target} is not a legal move"
        for source, target in itertools.pairwise(statuses)
        if not allowed(Status(source), Status(target), fulfilment)
    ]
    if statuses[-1] != current:
        problems.append(f"the timeline ends at {statuses[-1]}, the order is {current}")
    return problems
