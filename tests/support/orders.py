"""Order helpers for tests, the seeder and the bench: payloads, placing, and walking the machine."""

from __future__ import annotations

import random
from typing import Any

from storepulse.orders.rules import Fulfilment, Status, next_statuses
from tests.support.data import new_key
from tests.support.emulator_clients import User
from tests.support.world import Shop, World

ADDRESS = {"line1": "1 Harbour Street", "city": "Lisbon", "postalCode": "1100-001", "country": "PT"}
ITEMS = [
    {"productId": "croissant", "name": "Croissant", "qty": 3, "unitPriceCents": 180},
    {"productId": "coffee", "name": "Coffee", "qty": 2, "unitPriceCents": 250},
]
ITEMS_TOTAL = 3 * 180 + 2 * 250


def fulfilment(kind: Fulfilment | str) -> dict[str, Any]:
    return {"kind": "delivery", "address": ADDRESS} if Fulfilment(kind) is Fulfilment.DELIVERY else {"kind": "pickup"}


def order_payload(shop_id: str, kind: Fulfilment | str = Fulfilment.PICKUP, **extra: Any) -> dict[str, Any]:
    return {
        "shopId": shop_id,
        "items": ITEMS,
        "currency": "EUR",
        "fulfilment": fulfilment(kind),
        "idempotencyKey": new_key(),
        **extra,
    }


def place(world: World, customer: User, shop: Shop, kind: Fulfilment | str = Fulfilment.PICKUP) -> str:
    return str(world.call("place_order", order_payload(shop.shop_id, kind), customer)["orderId"])


def move(world: World, user: User, order_id: str, status: Status | str, **extra: Any) -> Any:
    payload = {"orderId": order_id, "status": Status(status).value, "idempotencyKey": new_key(), **extra}
    return world.call("update_order_status", payload, user)


def path_to(target: Status, kind: Fulfilment) -> list[Status]:
    """The statuses an order passes after `placed` to reach `target` (shortest legal path)."""
    paths: dict[Status, list[Status]] = {Status.PLACED: []}
    frontier = [Status.PLACED]
    while frontier:
        current = frontier.pop(0)
        for following in next_statuses(current, kind):
            if following not in paths:
                paths[following] = [*paths[current], following]
                frontier.append(following)
    if target not in paths:
        raise ValueError(f"a {kind.value} order never reaches {target.value}")
    return paths[target]


def random_path(kind: Fulfilment, rng: random.Random) -> list[Status]:
    """A random legal path from `placed` to a final status (cancelled on the way with some chance)."""
    path: list[Status] = []
    current = Status.PLACED
    while options := next_statuses(current, kind):
        progress = [status for status in options if status is not Status.CANCELLED]
        cancel = Status.CANCELLED in options and rng.random() < 0.15
        current = Status.CANCELLED if cancel or not progress else progress[0]
        path.append(current)
    return path
