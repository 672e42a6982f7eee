"""The platform pulse under parallel callers and at size: user and tier counters equal a recount after
8 callers register 200 customers and 20 roles change; the refresh reads as much with 10,000 users as
with 10."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from google.cloud import firestore

from storepulse.analytics import rules
from storepulse.analytics import store as analytics
from storepulse.analytics.refresh import refresh_pulse
from storepulse.identity import store as identity
from storepulse.platform.db import merge_in_batches
from tests.support.data import count, new_key
from tests.support.loyalty import program, qr
from tests.support.operations import OperationCounter
from tests.support.world import World

pytestmark = pytest.mark.load
PARALLEL = 8


def test_counters_equal_a_recount_after_parallel_registrations_and_role_changes(
    world: World, db: firestore.Client
) -> None:
    shop = world.shop()
    program(world, shop)
    with ThreadPoolExecutor(PARALLEL) as pool:
        customers = list(pool.map(lambda n: world.customer(f"Pulse customer {n}", phone=None), range(200)))
    for customer in customers[:6]:  # six silver customers, two of whom become admins below
        asked = world.call("scan_qr", {"token": qr(world, customer), "idempotencyKey": new_key()}, shop.owner)
        world.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": True}, customer)
        award = {"customerId": customer.uid, "delta": 600, "reason": "pulse", "idempotencyKey": new_key()}
        world.call("adjust_points", award, shop.owner)

    def promote(index: int) -> None:
        customer = customers[4 + index]  # customers 4 and 5 are silver: their tier leaves with the role
        payload = {"uid": customer.uid, "role": "admin", "idempotencyKey": new_key()}
        world.call("set_user_role", payload, world.admin)

    with ThreadPoolExecutor(PARALLEL) as pool:
        list(pool.map(promote, range(20)))

    pulse = refresh_pulse(db, datetime.now(UTC))
    roles = {role: count(db, "users", role=role) for role in ("customer", "shop", "affiliate", "admin")}
    silver = sum(1 for _, p in identity.all_profiles(db) if p.get("role") == "customer" and p.get("tier") == "silver")
    print(f"\npulse after 200 registrations and 20 role changes: {roles}, silver customers {silver}")
    assert (pulse["customers"], pulse["shops"], pulse["affiliates"]) == (
        roles["customer"],
        roles["shop"],
        roles["affiliate"],
    )
    assert pulse["totalUsers"] == sum(roles.values()) == 202  # 200 customers, a shop owner, the admin
    assert roles["customer"] == 180
    assert pulse["tierDistribution"] == {"bronze": 176, "silver": silver, "gold": 0, "platinum": 0}
    assert silver == 4


def add_customers(db: firestore.Client, first: int, last: int) -> None:
    """Customers written directly (server-side set-up), counted as registrations count them."""
    profiles = (
        (identity.user_ref(db, f"user-{n:05d}"), {"uid": f"user-{n:05d}", "role": "customer"})
        for n in range(first, last)
    )
    merge_in_batches(db, profiles)
    batch = db.batch()
    analytics.move_users(batch, db, {"customers": last - first})
    batch.commit()


def test_the_refresh_costs_the_same_for_10_and_10000_users(db: firestore.Client) -> None:
    cost: dict[int, dict[str, object]] = {}
    for first, last in ((0, 10), (10, 10_000)):
        add_customers(db, first, last)
        with OperationCounter(db) as counted:
            pulse = refresh_pulse(db, datetime.now(UTC))
        assert pulse["customers"] == last
        cost[last] = counted.summary()
    print(f"\nrefresh_platform_pulse reads and writes: 10 users {cost[10]}, 10,000 users {cost[10_000]}")
    assert cost[10] == cost[10_000]
    # One batch read of 12 hours x 10 shards + 10 user + 10 tier shards, the live-stats summary (no
    # shards here: the query that finds none bills 1), the live-windows stamp, one count query.
    assert (cost[10]["reads"], cost[10]["writes"]) == (rules.HOURS * 10 + 10 + 10 + 1 + 1 + 1 + 1, 1)
