"""The terminal view of scripts/dev: live stats per scope and the admin feed, pushed by listeners.

Every figure comes from Firestore listeners (the admin feed query, each scope's stats shards and
the scope summaries), never from polling; the screen is redrawn when a listener delivers.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from scripts.lib.order_board import OrderBoard
from scripts.lib.pulse_view import PulseView
from storepulse.platform import collections, queries, sharded
from storepulse.stats import scopes
from storepulse.stats.reader import LiveStats, stats_from
from tests.support.emulator_clients import Endpoints
from tests.support.world import World

FEED_LIMIT = 10
ERRORS_LIMIT = 5
BELL_LIMIT = 3
MEMBERS = 8
PAGE_TYPES = ("homepage", "category", "offer", "product", "checkout", "payment")
REDRAW_INTERVAL_S = 0.5


def _money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


def _when(at: datetime | None) -> str:
    return at.astimezone(UTC).strftime("%H:%M:%S") if at else "--:--:--"


class LiveView:
    def __init__(self, endpoints: Endpoints, demo: World, status: Callable[[], str]) -> None:
        self.db = firestore.Client(project=endpoints.project_id, credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
        self.labels = {scopes.PLATFORM.doc_id: "Platform"}
        self.labels |= {scopes.shop(s.shop_id).doc_id: f"Shop: {s.name}" for s in demo.shops}
        self.labels |= {scopes.affiliate(a.affiliate_id).doc_id: f"Affiliate: {a.name}" for a in demo.affiliates}
        self.shards: dict[str, list[dict[str, Any]]] = {scope_id: [] for scope_id in self.labels}
        self.summaries: dict[str, dict[str, Any]] = {}
        self.feed: list[dict[str, Any]] = []
        self.shop_names = {s.shop_id: s.name for s in demo.shops}
        self.visitor_shards: dict[str, list[dict[str, Any]]] = {shop_id: [] for shop_id in self.shop_names}
        self.visitor_summaries: dict[str, dict[str, Any]] = {}
        self.payment_errors: list[dict[str, Any]] = []
        # The notification badge and bell of one demo customer (what their app shows).
        self.badge_owner = demo.customers[0] if demo.customers else None
        self.badge: dict[str, Any] = {}
        self.bell: list[dict[str, Any]] = []
        # The first shop's live loyalty member list and figures (what its owner's page shows).
        self.loyalty_shop = demo.shops[0] if demo.shops else None
        self.members: list[dict[str, Any]] = []
        self.loyalty_shards: list[dict[str, Any]] = []
        self.status = status
        self.changed = threading.Event()
        self.pulse = PulseView(self.db, self.changed)
        # The first shop's order board and the demo customer's latest order (what their pages show).
        self.orders = (
            OrderBoard(self.db, demo.shops[0], demo.customers[0], self.changed)
            if demo.shops and demo.customers
            else None
        )
        self.tty = sys.stdout.isatty()
        self._printed: set[str] = set()
        self._watches: list[Any] = []

    def _listen(self) -> None:
        for scope_id in self.labels:
            shards = self.db.collection(collections.LIVE_STATS).document(scope_id).collection(collections.SHARDS)
            self._watches.append(shards.on_snapshot(self._on_shards(scope_id)))
        self._watches.append(self.db.collection(collections.LIVE_STATS).on_snapshot(self._on_summaries))
        self._watches.append(queries.ADMIN_FEED.build(self.db, limit=FEED_LIMIT).on_snapshot(self._on_feed))
        for shop_id in self.shop_names:
            shards = self.db.collection(collections.LIVE_VISITORS).document(shop_id).collection(collections.SHARDS)
            self._watches.append(shards.on_snapshot(self._on_visitor_shards(shop_id)))
        self._watches.append(self.db.collection(collections.LIVE_VISITORS).on_snapshot(self._on_visitor_summaries))
        errors = queries.ALL_PAYMENT_ERRORS.build(self.db, limit=ERRORS_LIMIT)
        self._watches.append(errors.on_snapshot(self._on_payment_errors))
        self._listen_loyalty()
        if self.orders is not None:
            self._watches += self.orders.listen()
        self._watches += self.pulse.listen()
        if self.badge_owner is not None:
            uid = self.badge_owner.uid
            counts = self.db.collection(collections.NOTIFICATION_COUNTS).document(uid)
            self._watches.append(counts.on_snapshot(self._on_badge))
            bell = queries.BELL.build(self.db, {"recipientUid": uid}, limit=BELL_LIMIT)
            self._watches.append(bell.on_snapshot(self._on_bell))

    def _listen_loyalty(self) -> None:
        if self.loyalty_shop is None:
            return
        shop_id = self.loyalty_shop.shop_id
        members = queries.SHOP_LOYALTY_CUSTOMERS.build(self.db, {"shopId": shop_id, "status": "active"}, limit=MEMBERS)
        self._watches.append(members.on_snapshot(self._on_members))
        shards = self.db.collection(collections.LOYALTY_STATS).document(shop_id).collection(collections.SHARDS)
        self._watches.append(shards.on_snapshot(self._on_loyalty_shards))

    def _on_members(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.members = [s.to_dict() or {} for s in queries.SHOP_LOYALTY_CUSTOMERS.in_order(list(snapshots))]
        self.changed.set()

    def _on_loyalty_shards(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.loyalty_shards = [s.to_dict() or {} for s in snapshots]
        self.changed.set()

    def loyalty_lines(self) -> list[str]:
        if self.loyalty_shop is None:
            return []
        figures = sharded.sum_shards(self.loyalty_shards)
        lines = [
            f"Loyalty members of {self.loyalty_shop.name}: enrolled {figures.get('enrolled', 0)}, "
            f"pending {figures.get('pending', 0)}, scans {figures.get('scansTotal', 0)}, "
            f"points issued {figures.get('pointsIssuedTotal', 0)}, deducted {figures.get('pointsDeductedTotal', 0)}"
        ]
        lines += [
            f"  {m.get('customerName', '?'):<22} balance {m.get('balance', 0):>6}"
            f"  lifetime {m.get('lifetimeEarned', 0):>6}  {_when(m.get('lastActivityAt'))}"
            for m in self.members
        ]
        return lines

    def _on_badge(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.badge = (snapshots[0].to_dict() if snapshots and snapshots[0].exists else None) or {}
        self.changed.set()

    def _on_bell(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.bell = [s.to_dict() or {} for s in queries.BELL.in_order(list(snapshots))]
        self.changed.set()

    def badge_line(self) -> str:
        name = self.badge_owner.email if self.badge_owner else "-"
        by_category = ", ".join(f"{k} {v}" for k, v in sorted(self.badge.get("unreadByCategory", {}).items()) if v)
        return (
            f"Notifications of {name}: unread {self.badge.get('unread', 0)}"
            + (f" ({by_category})" if by_category else "")
            + f", unseen {self.badge.get('unseen', 0)}"
        )

    def _on_visitor_shards(self, shop_id: str) -> Callable[[Any, Any, Any], None]:
        def update(snapshots: Any, _changes: Any, _read_time: Any) -> None:
            self.visitor_shards[shop_id] = [s.to_dict() or {} for s in snapshots]
            self.changed.set()

        return update

    def _on_visitor_summaries(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.visitor_summaries = {s.id: s.to_dict() or {} for s in snapshots}
        self.changed.set()

    def _on_payment_errors(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.payment_errors = [s.to_dict() or {} for s in queries.ALL_PAYMENT_ERRORS.in_order(list(snapshots))]
        self.changed.set()

    def _on_shards(self, scope_id: str) -> Callable[[Any, Any, Any], None]:
        def update(snapshots: Any, _changes: Any, _read_time: Any) -> None:
            self.shards[scope_id] = [s.to_dict() or {} for s in snapshots]
            self.changed.set()

        return update

    def _on_summaries(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.summaries = {s.id: s.to_dict() or {} for s in snapshots}
        self.changed.set()

    def _on_feed(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.feed = [{**(s.to_dict() or {}), "id": s.id} for s in queries.ADMIN_FEED.in_order(list(snapshots))]
        self.changed.set()

    def figures(self) -> list[LiveStats]:
        now = datetime.now(UTC)
        return [stats_from(sid, self.summaries.get(sid, {}), self.shards[sid], now) for sid in self.labels]

    def render(self) -> str:
        lines = [f"Storepulse live  {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC   {self.status()}", ""]
        lines += [*self.pulse.lines(), ""]
        lines.append(
            f"{'scope':<30}{'redeemed today':>15}{'total':>8}{'discount':>12}{'commission':>12}"
            f"{'active 5m':>10}{'today':>7}{'acquired':>9}  last activity"
        )
        for figures in self.figures():
            lines.append(
                f"{self.labels[figures.scope]:<30}{figures.redemptions_today:>15}{figures.redemptions_total:>8}"
                f"{_money(figures.discount_cents_total):>12}{_money(figures.commission_cents_total):>12}"
                f"{figures.active_now:>10}{figures.active_today:>7}{figures.customers_acquired:>9}"
                f"  {_when(figures.last_activity_at)}"
            )
        lines += [
            "",
            f"{'visitors now':<30}{'total':>6}"
            + "".join(f"{t:>10}" for t in PAGE_TYPES)
            + f"{'checkouts':>10}{'paying':>8}{'online 5m':>10}",
        ]
        for shop_id, name in self.shop_names.items():
            counts = sharded.sum_shards(self.visitor_shards[shop_id])
            pages = counts.get("pageTypes", {})
            online = self.visitor_summaries.get(shop_id, {}).get("onlineNow", 0)
            lines.append(
                f"{name:<30}{counts.get('total', 0):>6}"
                + "".join(f"{pages.get(t, 0):>10}" for t in PAGE_TYPES)
                + f"{counts.get('checkouts', 0):>10}{counts.get('payments', 0):>8}{online:>10}"
            )
        lines += ["", f"Latest payment errors (newest {ERRORS_LIMIT}):"]
        for error in self.payment_errors:
            contact = error.get("customer") or {}
            shop = self.shop_names.get(error.get("shopId", ""), "?")
            amount = f"{_money(int(error.get('amountCents', 0)))} {error.get('currency', '')}"
            lines.append(
                f"  {_when(error.get('createdAt'))}  {shop:<16} {error.get('errorCode', '?'):<20} {amount:>13}"
                f"  {contact.get('name') or '-'} {contact.get('phone') or ''}  ip {error.get('ip') or '-'}"
            )
        lines += ["", *self.loyalty_lines()]
        if self.orders is not None:
            lines += ["", *self.orders.lines()]
        lines += ["", self.badge_line()]
        for notification in self.bell:
            mark = " " if notification.get("readAt") else "*"
            lines.append(f"  {mark} {_when(notification.get('createdAt'))}  {notification.get('body', '')}")
        lines += ["", f"Admin activity feed (newest {FEED_LIMIT}):"]
        for entry in self.feed:
            lines.append(f"  {_when(entry.get('createdAt'))}  {entry.get('type', '?'):<20} {entry.get('summary', '')}")
        return "\n".join(lines)

    def run(self, stop: threading.Event) -> None:
        """Redraw on every listener delivery (at most twice a second) until `stop` is set."""
        self._listen()
        try:
            while not stop.is_set():
                if self.changed.wait(1.0):
                    self.changed.clear()
                    self._draw()
                stop.wait(REDRAW_INTERVAL_S)
        finally:
            for watch in self._watches:
                watch.unsubscribe()
            if self.orders is not None:
                self.orders.stop()

    def _draw(self) -> None:
        if self.tty:
            sys.stdout.write("\x1b[H\x1b[2J" + self.render() + "\n")
        else:
            # Not a terminal (piped to a file): print new feed entries and a stats line, no redraws.
            for entry in reversed(self.feed):
                if entry["id"] not in self._printed:
                    self._printed.add(entry["id"])
                    print(f"  {_when(entry.get('createdAt'))}  {entry.get('type', '?'):<20} {entry.get('summary', '')}")
            platform = self.figures()[0]
            print(
                f"[stats] redeemed today {platform.redemptions_today}, total {platform.redemptions_total}, "
                f"active today {platform.active_today}, active 5m {platform.active_now}; {self.badge_line()}; "
                f"{self.loyalty_lines()[0] if self.loyalty_shop else ''}; "
                f"{self.orders.summary() if self.orders else ''}; "
                f"{self.pulse.summary()}; "
                f"{self.status()}"
            )
        sys.stdout.flush()
