"""Taken slots of a limited coupon written directly, in batches and in the store's own format: a
coupon thousands of redemptions deep in seconds (tests, scripts/bench). No redemption stands behind
them, so `scripts/verify` counts them as mismatches until `release` deletes them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from google.cloud import firestore

from storepulse.redemptions import store

FILLER = "slot-filler"  # the redemptionId of a slot written here
BATCH = 500  # the most writes one batch takes


def _in_batches(db: firestore.Client, slots: Iterable[int]) -> Iterable[tuple[firestore.WriteBatch, list[int]]]:
    ordered = sorted(set(slots))
    for start in range(0, len(ordered), BATCH):
        yield db.batch(), ordered[start : start + BATCH]


def occupy(db: firestore.Client, coupon_id: str, slots: Iterable[int]) -> None:
    """Mark `slots` taken, as a redemption's transaction creates them."""
    now = datetime.now(UTC)
    for batch, chunk in _in_batches(db, slots):
        for slot in chunk:
            batch.create(store.coupon_slot_ref(db, coupon_id, slot), store.coupon_slot(coupon_id, slot, FILLER, now))
        batch.commit()


def release(db: firestore.Client, coupon_id: str, slots: Iterable[int]) -> None:
    """Delete slots written by `occupy` (a slot a redemption has since taken is not among them)."""
    for batch, chunk in _in_batches(db, slots):
        for slot in chunk:
            batch.delete(store.coupon_slot_ref(db, coupon_id, slot))
        batch.commit()
