"""Live activity for scripts/dev: a few simulated users calling the real callables, bounded in rate."""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from storepulse.orders.rules import CUSTOMER_CANCELS_FROM, Fulfilment, Status, next_statuses
from tests.support.emulator_clients import AuthEmulator, CallableError, Endpoints, Functions, User
from tests.support.orders import order_payload
from tests.support.world import Shop, World

log = logging.getLogger("storepulse.traffic")


def log_to(path: Path) -> None:
    """Send the traffic's failures (with their tracebacks) to `path`, not over the live view."""
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(threadName)s %(message)s"))
    log.addHandler(handler)
    log.propagate = False


PAGE_ACTIONS = ("page_view", "coupon_view", "search", "tab_change", "share")
CATEGORIES = ("bread", "cakes", "bikes", "helmets", "fruit", "vegetables")
OFFERS = ("summer-sale", "two-for-one", "weekend")
PAYMENT_METHODS = ("card", "card", "card", "paypal", "apple_pay")
PAYMENT_ERRORS = (
    ("card_declined", "Your card was declined."),
    ("insufficient_funds", "Insufficient funds."),
    ("3ds_failed", "3-D Secure authentication failed."),
    ("timeout", "The bank did not answer."),
)
VISITORS = 12
OPEN_ORDERS = 8  # the traffic keeps about this many orders moving
JOURNEY = ("homepage", "browse", "browse", "checkout", "payment", "settle", "leave")


@dataclass
class Visitor:
    """One anonymous visitor walking homepage -> browsing -> checkout -> payment, or leaving early."""

    user: User
    session_id: str = ""
    shop_id: str = ""
    step: int = 0
    checkout_id: str | None = None


@dataclass
class LiveOrder:
    """An open order the traffic moves along the status machine."""

    order_id: str
    shop: Shop
    customer: User
    kind: Fulfilment
    status: Status = Status.PLACED


@dataclass
class TrafficStats:
    calls: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def note(self, error: CallableError | None) -> None:
        self.calls += 1
        if error is not None:
            self.errors[error.status] = self.errors.get(error.status, 0) + 1


class TrafficGenerator:
    """Redemptions (self and till), reversals, user actions, registrations, visitors and one demo customer
    who redeems and reads their notifications, at a human pace."""

    def __init__(self, endpoints: Endpoints, demo: World, *, workers: int = 2, pause_s: float = 0.6) -> None:
        self.functions = Functions(endpoints)
        self.auth = AuthEmulator(endpoints)
        self.demo = demo
        self.workers = workers
        self.pause_s = pause_s
        self.stats = TrafficStats()
        self.recent: deque[str] = deque(maxlen=50)
        self._lock = threading.Lock()
        self._registered = 0
        self._visitors: deque[Visitor] = deque()
        self._orders: deque[LiveOrder] = deque()

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

    def demo_customer_shops(self) -> None:
        """The demo customer (the one the terminal view's badge follows) redeems: a notification arrives."""
        shop = random.choice(self.demo.shops)
        self._call(
            "redeem_coupon",
            {"couponId": shop.coupon_ids[0], "idempotencyKey": uuid.uuid4().hex, "orderAmount": 20},
            self.demo.customers[0],
        )

    def demo_customer_reads(self) -> None:
        """The demo customer opens the bell (all seen), and now and then reads everything or one category."""
        customer = self.demo.customers[0]
        roll = random.random()
        payload: dict[str, object] = {"all": True, "state": "seen"}
        if roll < 0.35:
            payload = {"all": True, "state": "read"}
        elif roll < 0.5:
            payload = {"all": True, "state": "read", "category": "redemption"}
        self._call("mark_notifications", payload, customer)

    def loyalty(self) -> None:
        """The seed's loyalty loop: a shop scans a customer (who accepts a request to join), awards
        points, or asks to deduct some (which the customer approves or declines)."""
        shop, customer = random.choice(self.demo.shops), random.choice(self.demo.customers[:8])
        roll = random.random()
        if roll < 0.6:
            token = self._call("issue_qr_token", {}, customer)
            scanned = token and self._call(
                "scan_qr", {"token": token["token"], "idempotencyKey": uuid.uuid4().hex}, shop.owner
            )
            if scanned and scanned["outcome"] == "enrollment_requested":
                answer = {"enrollmentId": scanned["enrollmentId"], "accept": random.random() < 0.8}
                self._call("respond_to_enrollment", answer, customer)
            return
        delta = random.choice((25, 50)) if roll < 0.8 else -random.choice((10, 20))
        payload = {"customerId": customer.uid, "delta": delta, "reason": "demo", "idempotencyKey": uuid.uuid4().hex}
        adjusted = self._call("adjust_points", payload, shop.owner)
        if adjusted and adjusted.get("requestId"):
            answer = {"requestId": adjusted["requestId"], "approve": random.random() < 0.7}
            self._call("respond_to_points_request", answer, customer)

    def orders(self) -> None:
        """Customers order (the demo customer now and then); shops move the oldest open order one step
        (sometimes cancelling it), and set carrier and ETA once it is out for delivery."""
        with self._lock:
            order = self._next_order()
        if order is None:
            self._place_order()
            return
        following = next_statuses(order.status, order.kind)
        progress = [status for status in following if status is not Status.CANCELLED]
        target = Status.CANCELLED if not progress or random.random() < 0.08 else progress[0]
        key = uuid.uuid4().hex
        if target is Status.CANCELLED and order.status in CUSTOMER_CANCELS_FROM:
            moved = self._call(
                "cancel_order",
                {"orderId": order.order_id, "reason": "changed my mind", "idempotencyKey": key},
                order.customer,
            )
        else:
            moved = self._call(
                "update_order_status",
                {"orderId": order.order_id, "status": target.value, "idempotencyKey": key},
                order.shop.owner,
            )
        if moved is None:
            return
        order.status = target
        if target is Status.OUT_FOR_DELIVERY:
            eta = (datetime.now(UTC) + timedelta(minutes=random.randint(10, 40))).isoformat()
            delivery = {
                "orderId": order.order_id,
                "carrier": "Blue Bike Couriers",
                "eta": eta,
                "idempotencyKey": uuid.uuid4().hex,
            }
            self._call("update_delivery", delivery, order.shop.owner)
        if next_statuses(target, order.kind):
            with self._lock:
                self._orders.append(order)

    def _next_order(self) -> LiveOrder | None:
        """The oldest open order to move, or None to place a new one: always once OPEN_ORDERS are open,
        never while none is (moving one of fewer is a coin toss)."""
        if self._orders and (len(self._orders) >= OPEN_ORDERS or random.random() < 0.4):
            return self._orders.popleft()
        return None

    def _place_order(self) -> None:
        customer = self.demo.customers[0] if random.random() < 0.25 else random.choice(self.demo.customers[1:10])
        shop, kind = random.choice(self.demo.shops), random.choice(list(Fulfilment))
        placed = self._call("place_order", order_payload(shop.shop_id, kind), customer)
        if placed is not None:
            with self._lock:
                self._orders.append(LiveOrder(str(placed["orderId"]), shop, customer, kind))

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

    def visit(self) -> None:
        """Advance one visitor's journey by a step (visitors are taken in turn, one at a time each)."""
        with self._lock:
            if not self._visitors:
                return
            visitor = self._visitors.popleft()
        try:
            self._advance(visitor)
        finally:
            with self._lock:
                self._visitors.append(visitor)

    def _advance(self, visitor: Visitor) -> None:
        stage = JOURNEY[visitor.step]
        if stage == "homepage":
            visitor.session_id = uuid.uuid4().hex[:12]
            visitor.shop_id = random.choice(self.demo.shops).shop_id
            visitor.checkout_id = None
            self._page(visitor, "homepage")
        elif stage == "browse":
            kind = random.choice(("category", "category", "offer", "product"))
            page_id = {"category": random.choice(CATEGORIES), "offer": random.choice(OFFERS)}.get(
                kind, f"product-{random.randint(1, 30)}"
            )
            self._page(visitor, kind, page_id)
            if random.random() < 0.15:
                self._call("heartbeat", {"sessionId": visitor.session_id}, visitor.user)
        elif stage == "checkout":
            if random.random() < 0.35:  # many never reach checkout
                visitor.step = JOURNEY.index("leave")
                return self._advance(visitor)
            self._checkout(visitor)
        elif stage == "payment" and visitor.checkout_id and random.random() < 0.8:
            self._page(visitor, "payment")
            self._call(
                "payment_initiated",
                {"checkoutId": visitor.checkout_id, "method": random.choice(PAYMENT_METHODS)},
                visitor.user,
            )
        elif stage == "settle" and visitor.checkout_id:
            if random.random() < 0.25:
                code, message = random.choice(PAYMENT_ERRORS)
                self._call(
                    "payment_failed",
                    {"checkoutId": visitor.checkout_id, "errorCode": code, "errorMessage": message},
                    visitor.user,
                )
            else:
                self._call("payment_succeeded", {"checkoutId": visitor.checkout_id, "amount": 1}, visitor.user)
        elif stage == "leave" and random.random() < 0.5:
            self._call("end_session", {"sessionId": visitor.session_id}, visitor.user)
        visitor.step = (visitor.step + 1) % len(JOURNEY)
        return None

    def _checkout(self, visitor: Visitor) -> None:
        """The visitor reaches checkout with one item (their contact details given)."""
        self._page(visitor, "checkout")
        price = round(random.uniform(4, 90), 2)
        result = self._call(
            "checkout_started",
            {
                "sessionId": visitor.session_id,
                "shopId": visitor.shop_id,
                "total": price,
                "currency": "EUR",
                "items": [
                    {
                        "productId": f"product-{random.randint(1, 30)}",
                        "name": "Demo item",
                        "qty": 1,
                        "unitPrice": price,
                    }
                ],
                "customer": {
                    "name": f"Visitor {visitor.user.uid[:5]}",
                    "email": f"{visitor.user.uid[:8]}@example.test",
                    "phone": f"+1 555 {random.randint(1000, 9999)}",
                },
            },
            visitor.user,
        )
        visitor.checkout_id = str(result["checkoutId"]) if result else None

    def _page(self, visitor: Visitor, page_type: str, page_id: str | None = None) -> None:
        payload = {"sessionId": visitor.session_id, "shopId": visitor.shop_id, "pageType": page_type}
        if page_id:
            payload["pageId"] = page_id
        self._call("track_page", payload, visitor.user)

    def add_visitors(self, count: int) -> None:
        for _ in range(count):
            self._visitors.append(Visitor(self.auth.anonymous()))

    def _loop(self, stop: threading.Event) -> None:
        choices: list[tuple[Callable[[], None], float]] = [
            (self.redeem, 0.25), (self.redeem_at_till, 0.06), (self.act, 0.2), (self.reverse, 0.04),
            (self.register, 0.03), (self.visit, 0.42), (self.demo_customer_shops, 0.06),
            (self.demo_customer_reads, 0.03), (self.loyalty, 0.1), (self.orders, 0.12),
        ]  # fmt: skip
        actions, weights = zip(*choices, strict=True)
        while not stop.is_set():
            self.step(random.choices(actions, weights)[0])
            stop.wait(random.uniform(0.3, 1.7) * self.pause_s)

    def step(self, action: Callable[[], None]) -> None:
        """One traffic step; a bug in one is logged and counted, and the thread goes on (the demo runs
        for hours)."""
        try:
            action()
        except Exception:
            log.exception("traffic step %s failed; continuing", getattr(action, "__name__", action))
            with self._lock:
                self.stats.note(CallableError("CRASH", getattr(action, "__name__", "step")))

    def start(self, stop: threading.Event) -> list[threading.Thread]:
        self.add_visitors(VISITORS)
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
            try:
                refresh()
            except Exception:
                log.exception("the every-minute jobs failed; trying again next minute")
            stop.wait(60 - time.time() % 60)

    thread = threading.Thread(target=loop, daemon=True, name="refresh-live-stats")
    thread.start()
    return thread
