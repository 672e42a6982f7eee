"""The platform pulse end to end: 14 scripted hours fold into 12 buckets, anyone reads the one public
document (and nothing else), it names no person, and refreshing twice changes nothing but asOf."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse.analytics import rules
from storepulse.analytics.refresh import refresh_pulse
from storepulse.verify import verify
from tests.support.data import nested_keys, new_key
from tests.support.emulator_clients import Endpoints, FirestoreRest, User, structured_query
from tests.support.listen import collection_target, document_target, listen_anonymously
from tests.support.loyalty import program
from tests.support.operations import OperationCounter
from tests.support.orders import order_payload
from tests.support.world import Shop, World

T0 = datetime(2030, 6, 1, 0, 10, tzinfo=UTC)  # hour 0 of the script
# Hour of the script -> the events in it (hours 2, 5, 8 and 11 are empty).
SCRIPT: dict[int, list[str]] = {
    0: ["redemptions", "actions"],
    1: ["pageViews"],
    3: ["orders", "orders"],
    4: ["scans"],
    6: ["redemptions"],
    7: ["actions", "pageViews"],
    9: ["orders"],
    10: ["redemptions", "scans"],
    12: ["pageViews", "pageViews", "actions"],
    13: ["orders", "redemptions"],
}


def act(world: World, event: str, at: datetime, shop: Shop, coupon_id: str, customer: User, visitor: User) -> None:
    """One scripted event through its callable, on the script's clock."""
    key = new_key()
    if event == "redemptions":
        world.call("redeem_coupon", {"couponId": coupon_id, "idempotencyKey": key}, customer, now=at)
    elif event == "actions":
        world.call("track_action", {"action": "search", "shopId": shop.shop_id}, customer, now=at)
    elif event == "pageViews":
        page = {"sessionId": key[-12:], "shopId": shop.shop_id, "pageType": "homepage"}
        world.call("track_page", page, visitor, now=at)
    elif event == "scans":
        token = world.call("issue_qr_token", {}, customer, now=at)["token"]
        world.call("scan_qr", {"token": token, "idempotencyKey": key}, shop.owner, now=at)
    else:
        world.call("place_order", order_payload(shop.shop_id), customer, now=at)


def test_fourteen_scripted_hours_fold_into_twelve_buckets(world: World, db: firestore.Client) -> None:
    shop, customer, visitor = world.shop(), world.customer(), world.auth.anonymous()
    program(world, shop)
    coupon_id = world.coupon(shop, perCustomerLimit=100)
    for hour, events in SCRIPT.items():
        for minute, event in enumerate(events):
            act(world, event, T0 + timedelta(hours=hour, minutes=minute), shop, coupon_id, customer, visitor)

    pulse = refresh_pulse(db, T0 + timedelta(hours=13, minutes=40))
    expected = [
        rules.bucket(f"2030-06-01T{hour:02d}", {e: SCRIPT.get(hour, []).count(e) for e in rules.Event})
        for hour in range(2, 14)
    ]
    assert pulse["lastHours"] == expected  # oldest first; hours 0 and 1 rolled out; empty hours zero
    assert [b["total"] for b in pulse["lastHours"]] == [0, 2, 1, 0, 1, 2, 0, 1, 2, 0, 3, 2]
    stored = db.document("platformPulse/current").get().to_dict() or {}
    assert stored["lastHours"] == expected
    assert verify(db) == []  # every hour bucket recomputed from the events' own collections


def test_anyone_reads_the_pulse_and_nothing_else(
    world: World, db: firestore.Client, emulators: Endpoints, rest_as: Any
) -> None:
    world.customer()
    refresh_pulse(db, datetime.now(UTC))
    nobody: FirestoreRest = rest_as(None)  # no Auth at all
    read = nobody.get("platformPulse/current")
    assert read.ok, read
    assert nobody.query(structured_query("platformPulse"), parent="").status in (403, 401)
    assert not nobody.get("platformUsers/current/shards/0").ok
    assert not nobody.get(f"users/{world.admin.uid}").ok

    heard = listen_anonymously(emulators, document_target(emulators, "platformPulse/current"))
    assert (heard.allowed, heard.documents) == (True, ["platformPulse/current"])
    for refused in (
        collection_target(emulators, "platformPulse"),
        collection_target(emulators, "platformHours"),
        document_target(emulators, f"users/{world.admin.uid}"),
    ):
        assert listen_anonymously(emulators, refused).allowed is False, refused


def test_the_pulse_names_no_person(world: World, db: firestore.Client) -> None:
    people = [world.customer("Ada Lovelace"), world.customer("Alan Turing")]
    shop = world.shop("Corner Bakery", owner_name="Owner Person")
    world.redeem(people[0], world.coupon(shop))
    pulse = refresh_pulse(db, datetime.now(UTC))
    stored = db.document("platformPulse/current").get().to_dict() or {}

    assert nested_keys(stored) <= rules.PUBLIC_FIELDS, nested_keys(stored) - rules.PUBLIC_FIELDS
    text = json.dumps(stored, default=str)
    for person in [*people, shop.owner, world.admin]:
        for detail in (person.uid, person.email, "Ada", "Alan", "Owner Person", shop.shop_id):
            assert detail is not None
            assert detail not in text
    assert (pulse["totalUsers"], pulse["customers"], pulse["shops"]) == (4, 2, 1)  # the admin counts too
    assert sum(pulse["tierDistribution"].values()) == pulse["customers"]


def test_refreshing_twice_changes_nothing_but_as_of(world: World, db: firestore.Client) -> None:
    world.redeem(world.customer(), world.coupon(world.shop()))
    now = datetime.now(UTC)
    first = refresh_pulse(db, now)
    with OperationCounter(db) as counted:
        second = refresh_pulse(db, now + timedelta(seconds=5))
    assert {k: v for k, v in first.items() if k != "asOf"} == {k: v for k, v in second.items() if k != "asOf"}
    assert second["asOf"] > first["asOf"]
    assert counted.writes == 1
    print(f"\nrefresh_platform_pulse: {counted.summary()}")
