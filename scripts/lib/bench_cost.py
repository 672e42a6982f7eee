"""scripts/bench's `cost` section: Firestore operations per action, counted, never estimated.

Each action runs once through its handler's code in process, wrapped by the operation counter
(tests/support/operations.py): documents read, documents written (by collection) and requests
sent. Each is counted under its callable's rate limit as `run_callable` counts it (the window's
count and the call's slot, platform/ratelimit.py), so the limit's cost is in the figures. Its
floor is the set of documents the feature must write by definition, listed beside it.
While it runs, one dashboard per role is open as the web app opens it (the same declared queries
and documents, as real listeners): every document a snapshot delivers as added or modified is a
billed read, so "one changed shard = one read per listener" is measured, not assumed.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse.loyalty import tokens
from storepulse.loyalty.models import ScanQrRequest
from storepulse.loyalty.rules import enrollment_id
from storepulse.loyalty.scan import scan_qr
from storepulse.notifications import rules as notification_rules
from storepulse.notifications import store as notification_store
from storepulse.notifications.mark import mark_notifications
from storepulse.notifications.models import MarkNotificationsRequest, MarkState
from storepulse.orders.models import UpdateOrderStatusRequest
from storepulse.orders.rules import OPEN
from storepulse.orders.status import update_order_status
from storepulse.platform import queries, ratelimit
from storepulse.platform.caller import Caller, RequestFacts, Role
from storepulse.redemptions.models import RedeemCouponRequest, ReverseRedemptionRequest
from storepulse.redemptions.redeem import redeem_coupon
from storepulse.redemptions.reverse import reverse_redemption
from storepulse.visitors.models import SessionRequest, TrackPageRequest
from storepulse.visitors.sessions import heartbeat, track_page
from tests.support.emulator_clients import User
from tests.support.loyalty import program
from tests.support.operations import OperationCounter
from tests.support.orders import place
from tests.support.world import Affiliate, Shop, World

HEARTBEAT_LATER = timedelta(seconds=20)  # past the 15 s below which a heartbeat writes nothing
QUIET_S = 0.8  # a dashboard is settled when no listener has delivered anything for this long
SETTLE_LIMIT_S = 6.0

# What each action must write by definition, by collection: the record, every view a reader reads
# whole, the counters a figure needs, and the idempotency record every mutating callable keeps.
FLOORS: dict[str, dict[str, tuple[int, str]]] = {
    "redemption": {
        "redemptions": (1, "the redemption"),
        "adminActivityLog": (1, "the admin feed entry"),
        "userActionLog": (1, "the customer's action trail"),
        "shopCustomerData": (1, "the shop's customer row"),
        "affiliateCustomerData": (1, "the affiliate's customer row"),
        "couponCustomerUsage": (1, "the per-customer limit claim"),
        "liveStats/shards": (3, "the platform, shop and affiliate counters"),
        "presence": (3, "active now in each of the three scopes"),
        "platformHours/shards": (1, "the pulse's hour"),
        "notifications": (1, "the customer's notification"),
        "notificationCounts": (1, "the badge"),
        "idempotencyKeys": (1, "the retry record"),
    },
    "reversal": {
        "redemptions": (1, "the redemption's status"),
        "redemptionReversals": (1, "the once-only reversal"),
        "couponCustomerUsage": (1, "the limit given back"),
        "adminActivityLog": (1, "the admin feed entry"),
        "userActionLog": (1, "the customer's action trail"),
        "shopCustomerData": (1, "the shop's customer row"),
        "affiliateCustomerData": (1, "the affiliate's customer row"),
        "liveStats/shards": (3, "the platform, shop and affiliate counters"),
        "notifications": (1, "the customer's notification"),
        "notificationCounts": (1, "the badge"),
        "idempotencyKeys": (1, "the retry record"),
    },
    "page view": {
        "visitorSessions": (1, "the session's page"),
        "liveVisitors/shards": (1, "the live counts"),
        "pageViews": (1, "the view"),
        "shopDaily/days/shards": (1, "the shop's day"),
        "platformHours/shards": (1, "the pulse's hour"),
    },
    "heartbeat": {"visitorSessions": (1, "the session's last activity")},
    "QR scan (asks to join)": {
        "qrNonces": (1, "the single-use code"),
        "qrScans": (1, "the scan log"),
        "enrollments": (1, "the pending card"),
        "loyaltyStats/shards": (1, "the shop's loyalty figures"),
        "platformHours/shards": (1, "the pulse's hour"),
        "notifications": (2, "'QR code scanned' and the request to join (seed 002 asks for both)"),
        "notificationCounts": (1, "the badge"),
        "idempotencyKeys": (1, "the retry record"),
    },
    "points award (QR scan)": {
        "qrNonces": (1, "the single-use code"),
        "qrScans": (1, "the scan log"),
        "enrollments": (1, "the balance"),
        "pointsLedger": (1, "the ledger line"),
        "users": (1, "the customer's points and tier"),
        "loyaltyStats/shards": (1, "the shop's loyalty figures"),
        "platformHours/shards": (1, "the pulse's hour"),
        "notifications": (2, "'QR code scanned' and the points (seed 002 asks for both)"),
        "notificationCounts": (1, "the badge"),
        "idempotencyKeys": (1, "the retry record"),
    },
    "order status change": {
        "orders": (1, "the order"),
        "orders/timeline": (1, "the timeline entry"),
        "orderStats/shards": (1, "the shop's order figures"),
        "notifications": (1, "the customer's notification"),
        "notificationCounts": (1, "the badge"),
        "idempotencyKeys": (1, "the retry record"),
    },
    "notification mark-read": {
        "notifications": (1, "the notification"),
        "notificationCounts": (1, "the badge"),
        "idempotencyKeys": (1, "the retry record"),
    },
}


@dataclass
class Dashboard:
    """One role's open page: a listener per document or query the web page listens to."""

    role: str
    targets: list[Any]
    as_opened: bool = True  # False: with views the page opens only on demand (reported, not the goal)
    reads: int = 0
    last_delivery: float = 0.0
    primed: set[int] = field(default_factory=set)
    watches: list[Any] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self) -> None:
        for index, target in enumerate(self.targets):
            self.watches.append(target.on_snapshot(self._callback(index)))
        deadline = time.monotonic() + SETTLE_LIMIT_S
        while len(self.primed) < len(self.targets) and time.monotonic() < deadline:
            time.sleep(0.05)

    def _callback(self, index: int) -> Callable[[Any, Any, Any], None]:
        def delivered(_snapshots: Any, changes: Any, _read_time: Any) -> None:
            with self.lock:
                if index not in self.primed:  # the first snapshot is the page opening, not the action
                    self.primed.add(index)
                    return
                self.reads += sum(1 for change in changes if change.type.name in ("ADDED", "MODIFIED"))
                self.last_delivery = time.monotonic()

        return delivered

    def close(self) -> None:
        for watch in self.watches:
            watch.unsubscribe()


def settled(dashboards: list[Dashboard]) -> dict[str, int]:
    """Wait until no dashboard has had a delivery for QUIET_S; the reads each took, then reset."""
    started = time.monotonic()
    while time.monotonic() - started < SETTLE_LIMIT_S:
        latest = max([started, *(d.last_delivery for d in dashboards)])
        if time.monotonic() - latest >= QUIET_S:
            break
        time.sleep(0.05)
    reads = {}
    for dashboard in dashboards:
        with dashboard.lock:
            reads[dashboard.role], dashboard.reads = dashboard.reads, 0
    return reads


@dataclass
class Cast:
    """The actors of the section: a shop with a loyalty program and an affiliate coupon, a customer
    who has redeemed and ordered today (so today's activity markers exist: the steady state, not a
    first action of the day), a visitor with an open session."""

    db: firestore.Client
    world: World
    shop: Shop
    affiliate: Affiliate
    member: User
    coupon_id: str
    order_id: str
    visitor_uid: str
    qr_key: bytes

    @property
    def owner(self) -> Caller:
        return Caller(self.shop.owner.uid, Role.SHOP, shop_id=self.shop.shop_id)

    @property
    def customer(self) -> Caller:
        return Caller(self.member.uid, Role.CUSTOMER)


def cast(db: firestore.Client, world: World, qr_key: bytes) -> Cast:
    """Made through the callables (unmeasured)."""
    shop = world.shop("Cost shop")
    program(world, shop, points=10)
    affiliate = world.affiliate(name="Cost affiliate")
    coupon_id = world.coupon(shop, affiliateId=affiliate.affiliate_id, commissionRate=0.05, perCustomerLimit=100)
    member = world.customer("Cost member")
    world.redeem(member, coupon_id)
    order_id = place(world, member, shop)
    visitor_uid = f"cost-visitor-{uuid.uuid4().hex[:8]}"
    first_page = {"sessionId": "s", "shopId": shop.shop_id, "pageType": "homepage"}
    track_page(db, Caller(visitor_uid, anonymous=True), TrackPageRequest.model_validate(first_page), _facts())
    return Cast(db, world, shop, affiliate, member, coupon_id, order_id, visitor_uid, qr_key)


def dashboards(c: Cast) -> list[Dashboard]:
    """Each role's page as web/src/pages opens it through the client SDK's reads (clients/js/src/
    reads.ts: the same declared queries, limits and documents). Every signed-in page also has the
    SDK's session watch on the user's profile, `users/{uid}`, which follows role changes."""
    db, shop_id, uid = c.db, c.shop.shop_id, c.member.uid
    affiliate_id = c.affiliate.affiliate_id
    q = queries
    customer_page = [
        db.document(f"users/{uid}"),  # the session watch, and the page's tier (one listener target)
        db.document(f"notificationCounts/{uid}"),
        q.MY_ORDERS.build(db, {"customerId": uid}, limit=20),
        q.MY_CARDS.build(db, {"customerId": uid}),
        q.CUSTOMER_REDEMPTIONS.build(db, {"customerId": uid}, limit=20),
    ]
    return [
        Dashboard(
            "admin",
            [
                db.document(f"users/{c.world.admin.uid}"),
                q.ADMIN_FEED.build(db, limit=20),
                q.LIVE_STATS_SHARDS.build(db, {"scopeId": "platform"}),
                db.document("liveStats/platform"),
                q.ALL_SHOPS.build(db),
                q.ALL_AFFILIATES.build(db),
            ],
        ),
        Dashboard(
            "shop",
            [
                db.document(f"users/{c.shop.owner.uid}"),
                q.SHOP_OPEN_ORDERS.build(db, {"shopId": shop_id, "status": list(OPEN)}),
                q.LIVE_VISITOR_SHARDS.build(db, {"shopId": shop_id}),
                db.document(f"liveVisitors/{shop_id}"),
                q.SHOP_CUSTOMERS.build(db, {"shopId": shop_id}, limit=20),
                q.SHOP_LOYALTY_CUSTOMERS.build(db, {"shopId": shop_id, "status": "active"}, limit=20),
                q.PAYMENT_ERRORS_OF_SHOP.build(db, {"shopId": shop_id}, limit=10),
                q.SHOP_COUPONS.build(db, {"shopId": shop_id}, limit=20),
                db.document(f"shops/{shop_id}"),
            ],
        ),
        Dashboard(
            "affiliate",
            [
                db.document(f"users/{c.affiliate.user.uid}"),
                q.AFFILIATE_CUSTOMERS.build(db, {"affiliateId": affiliate_id}, limit=50),
                q.LIVE_STATS_SHARDS.build(db, {"scopeId": f"affiliate_{affiliate_id}"}),
                db.document(f"liveStats/affiliate_{affiliate_id}"),
            ],
        ),
        # As the page opens: the bell's list and an order's timeline are listened to only while
        # shown (opened, chosen), each one more read per action that changes it.
        Dashboard("customer", customer_page),
        Dashboard(
            "open bell and timeline (customer)",
            [
                *customer_page,
                q.BELL.build(db, {"recipientUid": uid}, limit=20),
                # The chosen order as the SDK follows it: the order with its timeline, in step.
                db.document(f"orders/{c.order_id}"),
                q.ORDER_TIMELINE.build(db, {"orderId": c.order_id}),
            ],
            as_opened=False,
        ),
    ]


def _facts(later: timedelta = timedelta(0)) -> RequestFacts:
    return RequestFacts(now=datetime.now(UTC) + later)


def _key() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Action:
    name: str
    callable: str  # the rate limit it counts under
    caller: Caller
    run: Callable[[], Any]
    prepare: Callable[[], Any] = lambda: None  # unmeasured: what the action needs to find first

    def gate(self, db: firestore.Client) -> ratelimit.Gate | None:
        """The call's admission, as run_callable opens it (an anonymous caller by an address's key)."""
        now = datetime.now(UTC)
        window = ratelimit.window_for(self.callable, self.caller, "cost-bench-address", now)
        return ratelimit.Gate(db, window, now) if window is not None else None


def actions(c: Cast) -> list[Action]:
    """The actions in order (the reversal takes back the redemption before it)."""
    db, now = c.db, lambda: datetime.now(UTC)
    redeemed: dict[str, str] = {}

    def redeem() -> None:
        request = RedeemCouponRequest.model_validate({"couponId": c.coupon_id, "idempotencyKey": _key()})
        redeemed["id"] = redeem_coupon(db, c.customer, request, now()).redemption_id

    def seen_coupon() -> None:
        # A serving instance has redeemed the coupon before (its shop is known): the plan's plain
        # pre-read runs beside the transactional read. The first redemption of a coupon on an
        # instance reads it after (one serial round more).
        request = RedeemCouponRequest.model_validate({"couponId": c.coupon_id, "idempotencyKey": _key()})
        redeem_coupon(db, c.customer, request, now())

    def reverse() -> None:
        payload = {"redemptionId": redeemed["id"], "reason": "Returned", "idempotencyKey": _key()}
        reverse_redemption(db, c.owner, ReverseRedemptionRequest.model_validate(payload), now())

    def scan() -> None:
        token, _ = tokens.issue(c.qr_key, c.member.uid, now())
        scan_qr(db, c.owner, ScanQrRequest.model_validate({"token": token, "idempotencyKey": _key()}), c.qr_key, now())

    def accept() -> None:
        answer = {"enrollmentId": enrollment_id(c.shop.shop_id, c.member.uid), "accept": True}
        c.world.call("respond_to_enrollment", answer, c.member)

    def find_unread() -> None:
        flag = notification_rules.candidate_flag(MarkState.READ)
        unread = notification_store.candidates(db, c.member.uid, flag, category=None, until=now(), limit=1)
        redeemed["unread"] = unread[0].id

    def mark_one_read() -> None:
        request = {"ids": [redeemed["unread"]], "state": "read", "idempotencyKey": _key()}
        mark_notifications(db, c.customer, MarkNotificationsRequest.model_validate(request), now())

    visitor = Caller(c.visitor_uid, anonymous=True)
    move_page = {"sessionId": "s", "shopId": c.shop.shop_id, "pageType": "category", "pageId": "bread"}
    status = {"orderId": c.order_id, "status": "confirmed", "idempotencyKey": _key()}
    move_order = UpdateOrderStatusRequest.model_validate(status)
    page = TrackPageRequest.model_validate(move_page)
    return [
        Action("redemption", "redeem_coupon", c.customer, redeem, prepare=seen_coupon),
        Action("reversal", "reverse_redemption", c.owner, reverse),
        Action("page view", "track_page", visitor, lambda: track_page(db, visitor, page, _facts())),
        Action(
            "heartbeat",
            "heartbeat",
            visitor,
            lambda: heartbeat(db, visitor, SessionRequest(session_id="s"), _facts(HEARTBEAT_LATER)),
        ),
        Action("QR scan (asks to join)", "scan_qr", c.owner, scan),
        Action("points award (QR scan)", "scan_qr", c.owner, scan, prepare=accept),
        Action(
            "order status change",
            "update_order_status",
            c.owner,
            lambda: update_order_status(db, c.owner, move_order, now()),
        ),
        Action("notification mark-read", "mark_notifications", c.customer, mark_one_read, prepare=find_unread),
    ]


def listed(floor: dict[str, tuple[int, str]]) -> dict[str, dict[str, Any]]:
    return {name: {"count": count, "why": why} for name, (count, why) in floor.items()}


def measure(c: Cast, boards: list[Dashboard], action: Action) -> dict[str, Any]:
    """One action: its operations beside its floor, and each open dashboard's reads."""
    action.prepare()
    settled(boards)
    with OperationCounter(c.db) as ops:
        ratelimit.open_gate(action.gate(c.db))
        try:
            action.run()
        finally:
            ratelimit.open_gate(None)
    fanout = settled(boards)
    floor = FLOORS[action.name]
    floor_writes = sum(count for count, _ in floor.values())
    return {
        "reads": ops.reads,
        "writes": ops.writes,
        "round_trips": ops.round_trips(),
        "serial_rounds": ops.serial_rounds(),
        "requests": dict(ops.calls),
        "written": dict(ops.written),
        "floor": {
            "writes": floor_writes,
            "documents": {name: {"count": n, "why": why} for name, (n, why) in floor.items()},
        },
        "writes_over_floor": ops.writes - floor_writes,
        "dashboard_reads": fanout,
    }


def section_cost(db: firestore.Client, world: World, qr_key: bytes) -> dict[str, Any]:
    """Every action once, with one dashboard per role open."""
    c = cast(db, world, qr_key)
    boards = dashboards(c)
    for board in boards:
        board.open()
    try:
        measured = {action.name: measure(c, boards, action) for action in actions(c)}
    finally:
        for board in boards:
            board.close()
    worst_writes = max(figures["writes_over_floor"] for figures in measured.values())
    as_opened = [board.role for board in boards if board.as_opened]
    worst_reads = max(figures["dashboard_reads"][role] for figures in measured.values() for role in as_opened)
    return {
        "actions": measured,
        "most_writes_over_floor": worst_writes,
        "most_reads_per_dashboard": worst_reads,
        "dashboards_as_opened": as_opened,
        "goal": "writes <= floor + 2; reads per open dashboard per action <= 2",
        "met": worst_writes <= 2 and worst_reads <= 2,
    }
