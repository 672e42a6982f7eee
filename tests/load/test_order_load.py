"""Orders under parallel callers: 8 callers drive 150 orders through random legal paths across
three shops (owners, admins and customers acting at once); the shops' figures stay exact. The test
ends with scripts/verify, which recomputes every figure from the orders and checks every timeline."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from google.cloud import firestore

from storepulse.orders import store
from storepulse.orders.rules import COMPLETED, CUSTOMER_CANCELS_FROM, Fulfilment, Status, counter_name
from storepulse.platform.clock import day_key
from tests.support.data import new_key
from tests.support.orders import ITEMS_TOTAL, move, place, random_path
from tests.support.world import World

pytestmark = pytest.mark.load
PARALLEL = 8
ORDERS = 150


def test_eight_callers_drive_150_orders_and_the_figures_stay_exact(world: World, db: firestore.Client) -> None:
    shops = [world.shop(f"Load shop {n}") for n in range(3)]
    customers = [world.customer() for _ in range(8)]

    def drive(number: int) -> tuple[str, Status]:
        rng = random.Random(number)
        shop, customer = shops[number % len(shops)], customers[number % len(customers)]
        kind = rng.choice(list(Fulfilment))
        order_id = place(world, customer, shop, kind)
        current = Status.PLACED
        for target in random_path(kind, rng):
            if target is Status.CANCELLED and current in CUSTOMER_CANCELS_FROM and rng.random() < 0.5:
                payload = {"orderId": order_id, "reason": "load", "idempotencyKey": new_key()}
                world.call("cancel_order", payload, customer)
            else:
                move(world, rng.choice([shop.owner, world.admin]), order_id, target)
            if target is Status.OUT_FOR_DELIVERY:
                payload = {"orderId": order_id, "carrier": "Bikes", "idempotencyKey": new_key()}
                world.call("update_delivery", payload, shop.owner)
            current = target
        return shop.shop_id, current

    with ThreadPoolExecutor(PARALLEL) as pool:
        finished = list(pool.map(drive, range(ORDERS)))

    by_shop = Counter(shop_id for shop_id, _ in finished)
    today = day_key(datetime.now(UTC))
    print(f"\norders driven: {ORDERS}, final statuses {dict(Counter(s.value for _, s in finished))}")
    for shop in shops:
        finals = Counter(status for shop_id, status in finished if shop_id == shop.shop_id)
        stats = store.read_order_stats(db, shop.shop_id)
        completed = sum(count for status, count in finals.items() if status in COMPLETED)
        assert stats["placedTotal"] == by_shop[shop.shop_id]
        assert stats.get("open") is None  # every order reached a final status
        assert stats["days"][today].get("revenueCents", 0) == completed * ITEMS_TOTAL
        for status in (Status.DELIVERED, Status.PICKED_UP, Status.CANCELLED):
            assert stats.get(f"{counter_name(status)}Total", 0) == finals[status]
