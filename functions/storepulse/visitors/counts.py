"""Where a session is counted: live visitor counters and the day's figures (both sharded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import schema, sharded
from storepulse.stats.counters import day_key


@dataclass(frozen=True)
class LiveState:
    """Where an active session is counted: its shop, page and checkout stage."""

    shop_id: str
    page_type: str
    page_id: str | None = None
    stage: str | None = None  # "checkout" or "payment" while a checkout is in progress

    def counts(self, sign: int) -> dict[str, Any]:
        counts: dict[str, Any] = {"total": sign, "pageTypes": {self.page_type: sign}}
        group = PAGE_GROUPS.get(self.page_type)
        if group and self.page_id:
            counts[group] = {self.page_id: sign}
        if self.stage in STAGE_FIELDS:
            counts[STAGE_FIELDS[self.stage]] = sign
        return counts

    @classmethod
    def of(cls, session: dict[str, Any]) -> LiveState | None:
        """The state a session document is counted in (None when it is not active)."""
        if session.get("status") != "active" or not session.get("shopId"):
            return None
        return cls(session["shopId"], session["pageType"], session.get("pageId"), session.get("stage"))


PAGE_GROUPS = {"category": "categories", "offer": "offers", "product": "products"}
# A session in checkout counts in `checkouts`, one paying counts in `payments`.
STAGE_FIELDS = {"checkout": "checkouts", "payment": "payments"}


def live_ref(db: firestore.Client, shop_id: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(schema.LIVE_VISITORS).document(shop_id)
    return ref


def day_ref(db: firestore.Client, shop_id: str, at: datetime) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = (
        db.collection(schema.SHOP_DAILY).document(shop_id).collection(schema.DAYS).document(day_key(at))
    )
    return ref


def combine(*parts: dict[str, Any]) -> dict[str, Any]:
    """Counts added together (a move is the old place's -1 plus the new place's +1)."""
    total: dict[str, Any] = {}
    for part in parts:
        sharded.merge_counts(total, part)
    return total


def move_live(
    db: firestore.Client,
    writer: firestore.Transaction | firestore.WriteBatch,
    before: LiveState | None,
    after: LiveState | None,
    now: datetime,
) -> None:
    """Take a session out of its old live state and count it in the new one (per shop, one write)."""
    by_shop: dict[str, list[dict[str, Any]]] = {}
    for state, sign in ((before, -1), (after, 1)):
        if state is not None:
            by_shop.setdefault(state.shop_id, []).append(state.counts(sign))
    for shop_id, parts in by_shop.items():
        sharded.increment(writer, live_ref(db, shop_id), combine(*parts), {"updatedAt": now})


def add_daily(
    db: firestore.Client,
    writer: firestore.Transaction | firestore.WriteBatch,
    shop_id: str,
    at: datetime,
    counts: dict[str, Any],
) -> None:
    sharded.increment(writer, day_ref(db, shop_id, at), counts)
