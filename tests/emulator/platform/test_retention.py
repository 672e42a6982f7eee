"""Retention (platform/retention.py, docs/deploying.md): every document the callables write to a
collection of the table carries `expireAt` at its period from its own time; once the TTL policies
have deleted what expired, scripts/verify still finds 0 mismatches (a day whose events are gone
counts as stored); and the daily jobs pseudonymise redemptions and orders past their period, once,
leaving every figure exact."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from scripts.lib.stack import ROOT
from storepulse.orders import pseudonymise as orders_job
from storepulse.orders.models import Fulfilment, Status
from storepulse.platform import retention
from storepulse.redemptions import pseudonymise as redemptions_job
from storepulse.verify import verify
from tests.support import loyalty, orders
from tests.support.data import new_key
from tests.support.day import every_capability
from tests.support.emulator_clients import User
from tests.support.shapes import shape_problems
from tests.support.world import Shop, World

# The field each collection's period counts from, as docs/deploying.md's table documents it (the
# first name in its "counted from" column).
SECTION = (ROOT / "docs" / "deploying.md").read_text().split("## Retention", 1)[1].split("\n## ", 1)[0]
COUNTED_FROM = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| `(\w+)`", SECTION, flags=re.MULTILINE))


def retained(db: firestore.Client) -> dict[str, list[dict[str, Any]]]:
    """Every stored document of every collection group in the retention table."""
    return {group: [s.to_dict() or {} for s in db.collection_group(group).stream()] for group in retention.PERIODS}


def distance_problems(group: str, documents: list[dict[str, Any]]) -> list[str]:
    time_field, period = COUNTED_FROM[group], retention.PERIODS[group]
    problems = []
    for document in documents:
        at, expire = document.get(time_field), document.get("expireAt", "missing")
        if group == "notifications" and at is None:
            allowed = [None]  # unread: kept (the badge counts it)
        elif group == "idempotencyKeys":
            allowed = [at + period, at + retention.SERVER_CALL_RECORDS]
        else:
            allowed = [at + period]
        if expire not in allowed:
            problems.append(f"{group}: {time_field} {at}, expireAt {expire}")
    return problems


def test_every_retained_document_expires_at_its_period_from_its_time(world: World, db: firestore.Client) -> None:
    assert set(COUNTED_FROM) == set(retention.PERIODS)
    every_capability(world)
    stored = retained(db)
    assert sorted(group for group, documents in stored.items() if not documents) == []
    assert [problem for group, docs in stored.items() for problem in distance_problems(group, docs)] == []
    # Both kinds of idempotency record, and read and unread notifications, were seen.
    keys = stored["idempotencyKeys"]
    assert {d["expireAt"] - d["createdAt"] for d in keys} == {retention.PERIODS["idempotencyKeys"], timedelta(days=1)}
    assert {d["expireAt"] is None for d in stored["notifications"]} == {True, False}


def old_traffic(world: World, shop: Shop, at: datetime) -> None:
    """Events of every expiring kind on one old day: an action, a visit with a failed checkout, QR
    scans that enrol a customer and award points."""
    customer = world.customer()
    world.call("track_action", {"action": "search", "shopId": shop.shop_id}, customer, now=at)
    visitor = world.auth.anonymous()
    page = {"sessionId": "old", "shopId": shop.shop_id, "pageType": "offer", "pageId": "o1"}
    world.call("track_page", page, visitor, now=at)
    items = [{"productId": "p", "name": "P", "qty": 1, "unitPrice": 3}]
    started = {"sessionId": "old", "shopId": shop.shop_id, "total": 3, "currency": "EUR", "items": items}
    checkout = world.call("checkout_started", started, visitor, now=at)["checkoutId"]
    world.call("payment_initiated", {"checkoutId": checkout, "method": "card"}, visitor, now=at)
    failed = {"checkoutId": checkout, "errorCode": "declined", "errorMessage": "no"}
    world.call("payment_failed", failed, visitor, now=at)
    world.call("end_session", {"sessionId": "old"}, visitor, now=at + timedelta(minutes=1))
    loyalty.program(world, shop)
    for minute in range(2):
        token = world.call("issue_qr_token", {}, customer, now=at + timedelta(minutes=minute))["token"]
        scan = {"token": token, "idempotencyKey": new_key()}
        scanned = world.call("scan_qr", scan, shop.owner, now=at + timedelta(minutes=minute))
        if minute == 0:
            answer = {"enrollmentId": scanned["enrollmentId"], "accept": True}
            world.call("respond_to_enrollment", answer, customer, now=at + timedelta(seconds=30))


def expire(db: firestore.Client, now: datetime) -> Counter[str]:
    """Delete what the TTL policies may have deleted by `now`: every document whose `expireAt` has passed."""
    deleted: Counter[str] = Counter()
    for group in retention.PERIODS:
        for snapshot in db.collection_group(group).stream():
            expire_at = (snapshot.to_dict() or {}).get("expireAt")
            if expire_at is not None and expire_at < now:
                snapshot.reference.delete()
                deleted[group] += 1
    return deleted


def test_verify_stays_clean_after_the_ttl_policies_delete_old_events(world: World, db: firestore.Client) -> None:
    now = datetime.now(UTC)
    old = now - timedelta(days=120)
    shop = world.shop()
    old_traffic(world, shop, old)
    every_capability(world)
    assert verify(db) == []

    deleted = expire(db, now)
    expiring = {"userActionLog", "pageViews", "checkouts", "paymentErrors", "qrScans", "activityMarkers"}
    assert expiring <= set(deleted), deleted
    # The old day's figures outlive its events, and verify takes them as they are.
    day = old.strftime("%Y-%m-%d")
    platform_days = [s.to_dict() or {} for s in db.collection("liveStats/platform/shards").stream()]
    assert sum(s.get("days", {}).get(day, {}).get("actions", 0) for s in platform_days) == 1
    assert verify(db) == []

    # What is still kept is still recounted: a counter moved by hand on a kept day is caught.
    today = now.strftime("%Y-%m-%d")
    db.document("liveStats/platform/shards/0").set({"days": {today: {"actions": firestore.Increment(1)}}}, merge=True)
    assert {(m.view, m.key, m.field) for m in verify(db)} == {("liveStats", "platform", f"days.{today}.actions")}


def old_purchases(world: World, shop: Shop, customer: User, at: datetime) -> tuple[str, list[str]]:
    """A redemption, an order delivered (with notes and a delivery location) and one cancelled, all
    `at`; returns the redemption's id and the orders' ids."""
    coupon = world.coupon(shop)
    redemption = world.call(
        "redeem_coupon",
        {"couponId": coupon, "idempotencyKey": new_key(), "sessionId": "s1", "device": {"platform": "ios"}},
        customer,
        now=at,
    )["redemptionId"]
    payload = orders.order_payload(shop.shop_id, Fulfilment.DELIVERY)
    delivered = world.call("place_order", payload, customer, now=at)["orderId"]
    for step, status in enumerate(orders.path_to(Status.DELIVERED, Fulfilment.DELIVERY), start=1):
        if status is Status.OUT_FOR_DELIVERY:
            where = {"label": "Near Ada's", "lat": 38.7, "lng": -9.1}
            update = {"orderId": delivered, "carrier": "CTT", "lastLocation": where, "idempotencyKey": new_key()}
            world.call("update_delivery", update, shop.owner, now=at + timedelta(minutes=step))
        move = {"orderId": delivered, "status": status.value, "note": "ring twice", "idempotencyKey": new_key()}
        world.call("update_order_status", move, shop.owner, now=at + timedelta(minutes=step))
    cancelled = world.call("place_order", orders.order_payload(shop.shop_id), customer, now=at)["orderId"]
    cancel = {"orderId": cancelled, "reason": "Ada changed her mind", "idempotencyKey": new_key()}
    world.call("cancel_order", cancel, customer, now=at + timedelta(minutes=1))
    return redemption, [delivered, cancelled]


def test_old_financial_records_are_pseudonymised_and_every_figure_still_adds_up(
    world: World, db: firestore.Client
) -> None:
    now = datetime.now(UTC)
    shop = world.shop()
    customer = world.customer("Ada Lovelace")
    old_redemption, old_orders = old_purchases(world, shop, customer, now - timedelta(days=400))
    recent_redemption, recent_orders = old_purchases(world, shop, customer, now - timedelta(days=300))

    noted = [e for o in old_orders for e in db.collection(f"orders/{o}/timeline").stream() if e.get("note")]
    assert len(noted) == len(orders.path_to(Status.DELIVERED, Fulfilment.DELIVERY)) + 1  # + the cancellation
    assert redemptions_job.run(db, now) == 1
    assert orders_job.run(db, now) == len(old_orders) + len(noted)
    alias = retention.pseudonym(customer.uid)
    redemption = db.document(f"redemptions/{old_redemption}").get().to_dict() or {}
    assert (redemption["customerName"], redemption["sessionId"], redemption["device"]) == (alias, None, None)
    delivered, cancelled = (db.document(f"orders/{order}").get().to_dict() or {} for order in old_orders)
    assert delivered["customerName"] == cancelled["customerName"] == alias
    assert delivered["fulfilment"]["address"] == {
        "line1": "",
        "city": "",
        "postalCode": "",
        "country": orders.ADDRESS["country"],
    }
    assert "lastLocation" not in delivered["delivery"]
    assert cancelled["cancelReason"] is None
    for order in old_orders:
        assert all(e.to_dict()["note"] is None for e in db.collection(f"orders/{order}/timeline").stream())
        assert "Ada" not in str(db.document(f"orders/{order}").get().to_dict())
    assert "Ada" not in str(redemption)
    # Records younger than the period keep every field; amounts, statuses and every figure stay.
    recent = db.document(f"redemptions/{recent_redemption}").get().to_dict() or {}
    assert (recent["customerName"], recent["sessionId"]) == ("Ada Lovelace", "s1")
    assert (db.document(f"orders/{recent_orders[1]}").get().to_dict() or {})["cancelReason"] == "Ada changed her mind"
    assert verify(db) == []
    assert shape_problems(db) == []
    # The next run has nothing left to do.
    assert (redemptions_job.run(db, now), orders_job.run(db, now)) == (0, 0)
