"""The demo's traffic (scripts/lib/traffic.py) driven step by step with its calls answered in memory:
thousands of steps without sleeping, so a step that can crash does here, not an hour into `scripts/dev`."""

from __future__ import annotations

import itertools
import random
import threading
from collections import Counter

import pytest

from scripts.lib.traffic import OPEN_ORDERS, TrafficGenerator, refresh_every_minute
from storepulse.orders.models import Status
from tests.support.emulator_clients import AuthEmulator, Endpoints, Functions, User
from tests.support.world import Shop, World

ENDPOINTS = Endpoints("demo-traffic", "http://auth.invalid", "http://firestore.invalid", "http://functions.invalid")


class InMemoryTraffic(TrafficGenerator):
    """The traffic with each callable answered at once (`placing` False: every order placement fails)."""

    def __init__(self, *, placing: bool = True) -> None:
        owner = User("owner-1", "token")
        demo = World(
            Functions(ENDPOINTS),
            AuthEmulator(ENDPOINTS),
            User("admin", "token"),
            shops=[Shop("shop-1", owner, "Shop 1", ["coupon-1"])],
            customers=[User(f"customer-{n}", "token") for n in range(10)],
        )
        super().__init__(ENDPOINTS, demo, pause_s=0)
        self.placing = placing
        self.calls: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self._ids = itertools.count(1)

    def _call(self, name: str, data: dict[str, object], user: object) -> dict[str, object] | None:
        self.calls[name] += 1
        if name == "place_order":
            return {"orderId": f"order-{next(self._ids)}"} if self.placing else None
        if name == "update_order_status":
            self.statuses[str(data["status"])] += 1
        number = next(self._ids)
        answers: dict[str, dict[str, object]] = {
            "checkout_started": {"checkoutId": f"checkout-{number}"},
            "redeem_coupon": {"redemptionId": f"redemption-{number}"},
            "issue_qr_token": {"token": f"token-{number}"},
            "scan_qr": {"outcome": "enrollment_requested", "enrollmentId": f"enrollment-{number}"},
            "adjust_points": {"requestId": f"request-{number}"},
        }
        return answers.get(name, {})


def test_order_steps_with_no_open_order_place_one_instead_of_crashing() -> None:
    random.seed(25)
    traffic = InMemoryTraffic(placing=False)  # the queue stays empty: the old step popped from it
    for _ in range(500):
        traffic.orders()
    assert traffic.calls == Counter({"place_order": 500})


def test_orders_keep_moving_through_thousands_of_steps() -> None:
    random.seed(7)
    traffic = InMemoryTraffic()
    for _ in range(3000):
        traffic.orders()
        assert len(traffic._orders) <= OPEN_ORDERS
    assert traffic.calls["place_order"] > 100
    assert traffic.statuses[Status.CONFIRMED.value] > 100
    assert traffic.calls["update_delivery"] > 10
    finished = traffic.statuses[Status.DELIVERED.value] + traffic.statuses[Status.PICKED_UP.value]
    assert finished > 50


def test_a_failing_step_is_counted_and_the_traffic_goes_on() -> None:
    traffic = InMemoryTraffic()

    def broken() -> None:
        raise IndexError("pop from an empty deque")

    traffic.step(broken)
    traffic.step(traffic.orders)
    assert traffic.stats.errors == {"CRASH": 1}
    assert traffic.calls["place_order"] + traffic.calls["update_order_status"] == 1


@pytest.mark.parametrize("seed", range(3))
def test_every_kind_of_step_runs_without_a_crash(seed: int) -> None:
    """The loop's steps in its own proportions: nothing crashes, and what the pages show is exercised
    (orders moving, failed payments at checkouts, redemptions, loyalty scans)."""
    random.seed(seed)
    traffic = InMemoryTraffic()
    traffic.auth.anonymous = lambda: User(f"visitor-{next(traffic._ids)}", "token")  # type: ignore[method-assign]
    traffic.add_visitors(12)
    steps = [traffic.redeem, traffic.redeem_at_till, traffic.reverse, traffic.visit, traffic.loyalty, traffic.orders]
    for _ in range(2000):
        traffic.step(random.choice(steps))
    assert traffic.stats.errors == {}
    for name in ("redeem_coupon", "payment_failed", "payment_succeeded", "issue_qr_token", "update_order_status"):
        assert traffic.calls[name] > 0, name


def test_the_every_minute_jobs_outlive_a_failing_run(caplog: pytest.LogCaptureFixture) -> None:
    stop = threading.Event()
    runs: list[int] = []

    def refresh() -> None:
        runs.append(1)
        stop.set()  # so the loop's wait for the next minute ends at once
        raise RuntimeError("emulator restarting")

    refresh_every_minute(stop, refresh).join(timeout=5)
    assert runs == [1]
    assert "the every-minute jobs failed" in caplog.text
