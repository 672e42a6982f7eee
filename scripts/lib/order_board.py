"""The orders part of the terminal view: one shop's live order board and figures, and one customer's
latest order with its timeline, all pushed by listeners (the queries the dashboards run)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from storepulse.orders.rules import OPEN, STATUSES, mean_minutes_to_final
from storepulse.platform import collections, queries, sharded
from storepulse.platform.clock import day_key
from tests.support.emulator_clients import User
from tests.support.world import Shop

BOARD_LIMIT = 6


def _when(at: datetime | None) -> str:
    return at.astimezone(UTC).strftime("%H:%M:%S") if at else "--:--:--"


class OrderBoard:
    def __init__(self, db: firestore.Client, shop: Shop, customer: User, changed: threading.Event) -> None:
        self.db, self.shop, self.customer, self.changed = db, shop, customer, changed
        self.open_orders: list[dict[str, Any]] = []
        self.shards: list[dict[str, Any]] = []
        self.latest: tuple[str, dict[str, Any]] | None = None
        self.timeline: list[dict[str, Any]] = []
        self._timeline_watch: Any = None
        self._lock = threading.Lock()

    def listen(self) -> list[Any]:
        board = queries.SHOP_OPEN_ORDERS.build(self.db, {"shopId": self.shop.shop_id, "status": list(OPEN)})
        shards = self.db.collection(collections.ORDER_STATS).document(self.shop.shop_id).collection(collections.SHARDS)
        mine = queries.MY_ORDERS.build(self.db, {"customerId": self.customer.uid}, limit=1)
        return [board.on_snapshot(self._on_board), shards.on_snapshot(self._on_shards), mine.on_snapshot(self._on_mine)]

    def stop(self) -> None:
        with self._lock:
            if self._timeline_watch is not None:
                self._timeline_watch.unsubscribe()

    def _on_board(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.open_orders = [s.to_dict() or {} for s in queries.SHOP_OPEN_ORDERS.in_order(list(snapshots))]
        self.changed.set()

    def _on_shards(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.shards = [s.to_dict() or {} for s in snapshots]
        self.changed.set()

    def _on_mine(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        """Follow the customer's most recently changed order, and its timeline."""
        newest = next(iter(queries.MY_ORDERS.in_order(list(snapshots))), None)
        if newest is None:
            return
        with self._lock:
            followed = self.latest[0] if self.latest else None
            self.latest = (newest.id, newest.to_dict() or {})
            if newest.id != followed:
                if self._timeline_watch is not None:
                    self._timeline_watch.unsubscribe()
                self.timeline = []
                entries = queries.ORDER_TIMELINE.build(self.db, {"orderId": newest.id})
                self._timeline_watch = entries.on_snapshot(self._on_timeline)
        self.changed.set()

    def _on_timeline(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.timeline = [s.to_dict() or {} for s in queries.ORDER_TIMELINE.in_order(list(snapshots))]
        self.changed.set()

    def summary(self) -> str:
        figures = sharded.sum_shards(self.shards)
        today = figures.get("days", {}).get(day_key(datetime.now(UTC)), {})
        open_now = sum(v for v in figures.get("open", {}).values())
        mean = mean_minutes_to_final(today)
        return (
            f"Orders of {self.shop.name}: open {open_now}, today placed {today.get('placed', 0)}, "
            f"delivered {today.get('delivered', 0)}, picked up {today.get('pickedUp', 0)}, "
            f"cancelled {today.get('cancelled', 0)}, revenue {today.get('revenueCents', 0) / 100:,.2f}, "
            f"mean to final {'-' if mean is None else f'{mean} min'}"
        )

    @staticmethod
    def board_line(order: dict[str, Any]) -> str:
        items = sum(int(item.get("qty", 0)) for item in order.get("items", []))
        kind = (order.get("fulfilment") or {}).get("kind", "")
        return (
            f"  {_when(order.get('updatedAt'))}  {order.get('customerName', '?'):<20}"
            f" {order.get('statusLabel', ''):<22} {kind:<8} {items:>3} items"
            f" {order.get('totalCents', 0) / 100:>8.2f}  v{order.get('version', 0)}"
        )

    def lines(self) -> list[str]:
        figures = sharded.sum_shards(self.shards).get("open", {})
        by_status = ", ".join(f"{STATUSES[s].label.lower()} {figures.get(s.value, 0)}" for s in OPEN)
        lines = [self.summary(), f"  open by status: {by_status}"]
        for order in self.open_orders[:BOARD_LIMIT]:
            lines.append(self.board_line(order))
        if self.latest is not None:
            order = self.latest[1]
            progress = order.get("progress")
            bar = "-" if progress is None else "#" * (progress // 10) + "." * (10 - progress // 10)
            eta = (order.get("delivery") or {}).get("eta")
            lines += [
                "",
                f"Latest order of {self.customer.email}: {order.get('shopName', '?')}, {order.get('statusLabel', '')}"
                f" [{bar}]" + (f", arriving around {_when(eta)[:5]} UTC" if eta else ""),
            ]
            lines += [
                f"  {_when(entry.get('at'))}  {entry.get('label', '')}"
                + (f" ({entry['note']})" if entry.get("note") else "")
                for entry in self.timeline
            ]
        return lines
