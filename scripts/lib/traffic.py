"""Live activity for scripts/dev: a few simulated users calling the real callables, bounded in rate."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from scripts.lib.emulator_clients import AuthEmulator, CallableError, Endpoints, Functions
from scripts.lib.seed import DemoData

PAGE_ACTIONS = ("page_view", "coupon_view", "search", "tab_change", "share")


@dataclass
class TrafficStats:
    calls: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def note(self, error: CallableError | None) -> None:
        self.calls += 1
        if error is not None:
            self.errors[error.status] = self.errors.get(error.status, 0) + 1


class TrafficGenerator:
    """Redemptions (self and till), reversals, user actions and registrations, at a human pace."""

    def __init__(self, endpoints: Endpoints, demo: DemoData, *, workers: int = 2, pause_s: float = 0.6) -> None:
        self.functions = Functions(endpoints)
        self.auth = AuthEmulator(endpoints)
        self.demo = demo
        self.workers = workers
        self.pause_s = pause_s
        self.stats = TrafficStats()
        self.recent: deque[str] = deque(maxlen=50)
        self._lock = threading.Lock()
        self._registered = 0

    def _call(self, name: str, data: dict[str, object], user: object) -> dict[str, object] | None:
        try:
            result = self.functions.call(name, data, user)  # type: ignore[arg-type]
        except requests.RequestException:
            with self._lock:
                self.stats.note(CallableError("CONNECTION", "emulator unreachable"))
            return None
        except CallableError as error:
            # Limits and expired coupons are part of real traffic; they are counted, not fatal.
            with self._lock:
                self.stats.note(error)
            return None
        with self._lock:
            self.stats.note(None)
        return dict(result)

    def redeem(self) -> None:
        customer = random.choice(self.demo.customers)
        shop = random.choice(self.demo.shops)
        result = self._call(
            "redeem_coupon",
            {
                "couponId": random.choice(shop.coupon_ids),
                "idempotencyKey": uuid.uuid4().hex,
                "orderAmount": round(random.uniform(8, 120), 2),
                "sessionId": f"s-{customer.uid[:8]}",
                "device": {"platform": random.choice(("ios", "android", "web")), "appVersion": "3.2.1"},
            },
            customer,
        )
        if result:
            self.recent.append(str(result["redemptionId"]))

    def redeem_at_till(self) -> None:
        shop = random.choice(self.demo.shops)
        customer = random.choice(self.demo.customers)
        result = self._call(
            "redeem_coupon",
            {
                "couponId": random.choice(shop.coupon_ids),
                "customerId": customer.uid,
                "idempotencyKey": uuid.uuid4().hex,
                "orderAmount": round(random.uniform(5, 60), 2),
            },
            shop.owner,
        )
        if result:
            self.recent.append(str(result["redemptionId"]))

    def reverse(self) -> None:
        if not self.recent:
            return
        redemption_id = self.recent.popleft()
        self._call(
            "reverse_redemption",
            {"redemptionId": redemption_id, "reason": "customer changed their mind"},
            self.demo.admin,
        )

    def act(self) -> None:
        customer = random.choice(self.demo.customers)
        shop = random.choice(self.demo.shops)
        self._call(
            "track_action",
            {
                "action": random.choice(PAGE_ACTIONS),
                "shopId": shop.shop_id,
                "context": {"page": random.choice(("home", "deals", "account"))},
            },
            customer,
        )

    def register(self) -> None:
        with self._lock:
            self._registered += 1
            number = self._registered
        user = self.auth.create_user(email=f"newcomer{number:03d}-{uuid.uuid4().hex[:4]}@storepulse.test")
        payload: dict[str, object] = {"displayName": f"Newcomer {number}"}
        if random.random() < 0.5:
            payload["affiliateCode"] = random.choice(self.demo.affiliates).code
        if self._call("register_customer", payload, user) is not None:
            self.demo.customers.append(self.auth.refresh(user))

    def _loop(self, stop: threading.Event) -> None:
        choices: list[tuple[Callable[[], None], float]] = [
            (self.redeem, 0.40), (self.redeem_at_till, 0.10), (self.act, 0.38), (self.reverse, 0.06),
            (self.register, 0.06),
        ]  # fmt: skip
        actions, weights = zip(*choices, strict=True)
        while not stop.is_set():
            random.choices(actions, weights)[0]()
            stop.wait(random.uniform(0.3, 1.7) * self.pause_s)

    def start(self, stop: threading.Event) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._loop, args=(stop,), daemon=True, name=f"traffic-{i}")
            for i in range(self.workers)
        ]
        for thread in threads:
            thread.start()
        return threads


def refresh_every_minute(stop: threading.Event, refresh: Callable[[], object]) -> threading.Thread:
    """Stand-in for Cloud Scheduler, which the emulator does not run: the `refresh_live_stats` job."""

    def loop() -> None:
        while not stop.is_set():
            refresh()
            stop.wait(60 - time.time() % 60)

    thread = threading.Thread(target=loop, daemon=True, name="refresh-live-stats")
    thread.start()
    return thread
