"""The badge stays exact under load: parallel producers with parallel "mark all read", and "mark all
read" over more notifications than one transaction may write."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.notifications import store
from storepulse.notifications.models import Category, TargetKind
from storepulse.notifications.publish import publish
from storepulse.notifications.rules import Notice
from storepulse.platform.ratelimit import LIMITS
from storepulse.verify.notifications import recount
from tests.support.data import new_key
from tests.support.emulator_clients import CallableError
from tests.support.world import World

PRODUCERS = 8
NOTIFICATIONS = 300


def stored_notifications(db: firestore.Client, uid: str) -> list[dict[str, Any]]:
    query = db.collection("notifications").where(filter=firestore.FieldFilter("recipientUid", "==", uid))
    return [snapshot.to_dict() or {} for snapshot in query.stream()]


@pytest.mark.load
def test_parallel_producers_and_mark_all_read_keep_the_badge_exact(world: World, db: firestore.Client) -> None:
    customer = world.customer()
    coupons = [world.coupon(world.shop(), perCustomerLimit=100) for _ in range(PRODUCERS // 2) for _ in range(2)]
    outcomes: Counter[str] = Counter()
    produced = threading.Event()

    # One customer's 300 redemptions, spread over pinned minutes: each minute stays inside the
    # customer's rate limit, so every one of them lands (the limit is tests/load/test_rate_limits.py's).
    per_minute = LIMITS["redeem_coupon"].signed_in.count // 2
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    sent = itertools.count()

    def produce(worker: int) -> None:
        for _ in range(NOTIFICATIONS // PRODUCERS + (1 if worker < NOTIFICATIONS % PRODUCERS else 0)):
            at = start + timedelta(minutes=next(sent) // per_minute)
            try:
                payload = {"couponId": coupons[worker], "idempotencyKey": new_key()}
                world.call("redeem_coupon", payload, customer, now=at)
                outcomes["redeem ok"] += 1
            except CallableError as error:
                outcomes[f"redeem {error.status}"] += 1

    def mark_all_read(_: int) -> None:
        while not produced.is_set():
            try:
                world.call("mark_notifications", {"all": True, "state": "read"}, customer)
                outcomes["mark ok"] += 1
            except CallableError as error:
                outcomes[f"mark {error.status}"] += 1

    with ThreadPoolExecutor(PRODUCERS + 3) as pool:
        markers = [pool.submit(mark_all_read, n) for n in range(3)]
        try:
            list(pool.map(produce, range(PRODUCERS)))
        finally:
            produced.set()  # the markers stop even when a producer failed
        for marker in markers:
            marker.result()
    print(f"\nnotification load: {dict(outcomes)}")

    notifications = stored_notifications(db, customer.uid)
    badge = db.document(f"notificationCounts/{customer.uid}").get().to_dict() or {}
    expected = recount(notifications)[customer.uid]
    assert outcomes["redeem ok"] == NOTIFICATIONS == len(notifications)
    assert set(outcomes) <= {"redeem ok", "mark ok"}, outcomes  # no internal, aborted or unavailable
    assert (badge["unread"], badge["unseen"]) == (expected["unread"], expected["unseen"])
    assert {k: v for k, v in badge["unreadByCategory"].items() if v} == expected["unreadByCategory"]


@pytest.mark.load
def test_mark_all_read_covers_more_than_one_transaction_can_write(world: World, db: firestore.Client) -> None:
    customer = world.customer()
    now = datetime.now(UTC)
    notices = [
        Notice(customer.uid, Category.ORDER, "Order update", f"Order {n} moved", TargetKind.ORDER, f"o{n}", f"load:{n}")
        for n in range(1200)
    ]
    for start in range(0, len(notices), 200):
        batch = db.batch()
        for notice in notices[start : start + 200]:
            publish(db, batch, notice, now)
        batch.commit()
    assert store.read_counts(db, customer.uid)["unread"] == 1200

    result = world.call("mark_notifications", {"all": True, "state": "read"}, customer, timeout=120)

    assert (result["changed"], result["counts"]) == (1200, {"unread": 0, "unseen": 0})
    notifications = stored_notifications(db, customer.uid)
    assert len(notifications) == 1200
    assert all(n["readAt"] is not None and n["read"] for n in notifications)
    assert db.document(f"notificationCounts/{customer.uid}").get().to_dict()["unreadByCategory"] == {"order": 0}
