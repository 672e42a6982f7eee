"""Loyalty under parallel callers: awards, deductions against one balance, one code scanned by many,
many shops scanning many customers. Every test ends with scripts/verify (balances from the ledger,
tiers, tier counters, shop figures)."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from google.cloud import firestore

from tests.support.data import new_key
from tests.support.emulator_clients import CallableError, User
from tests.support.loyalty import program, qr
from tests.support.world import Shop, World

pytestmark = pytest.mark.load
PARALLEL = 8


def outcome(call: Any) -> str:
    try:
        call()
    except CallableError as error:
        return error.status
    return "ok"


def member(world: World, shop: Shop, customer: User) -> None:
    asked = world.call("scan_qr", {"token": qr(world, customer), "idempotencyKey": new_key()}, shop.owner)
    world.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": True}, customer)


def adjust(world: World, shop: Shop, customer: User, delta: int) -> Any:
    payload = {"customerId": customer.uid, "delta": delta, "reason": "load", "idempotencyKey": new_key()}
    return world.call("adjust_points", payload, shop.owner)


def test_twenty_parallel_awards_to_one_card_add_up(world: World, db: firestore.Client) -> None:
    shop, customer = world.shop(), world.customer()
    program(world, shop)
    member(world, shop, customer)
    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(pool.map(lambda _: outcome(lambda: adjust(world, shop, customer, 25)), range(20)))
    card = db.document(f"enrollments/{shop.shop_id}_{customer.uid}").get().to_dict() or {}
    after = sorted(int(s.get("balanceAfter")) for s in db.collection("pointsLedger").stream())
    print(f"\nloyalty awards: {dict(outcomes)}")
    assert outcomes == {"ok": 20}
    assert (card["balance"], card["lifetimeEarned"]) == (500, 500)
    assert after == list(range(25, 501, 25))  # each entry saw exactly the balance before it
    assert db.document(f"users/{customer.uid}").get().get("tier") == "silver"


def test_ten_approvals_of_100_against_300_approve_exactly_three(world: World, db: firestore.Client) -> None:
    shop, customer = world.shop(), world.customer()
    program(world, shop)
    member(world, shop, customer)
    adjust(world, shop, customer, 300)
    requests = [adjust(world, shop, customer, -100)["requestId"] for _ in range(10)]

    def approve(request_id: str) -> str:
        return outcome(
            lambda: world.call("respond_to_points_request", {"requestId": request_id, "approve": True}, customer)
        )

    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(pool.map(approve, requests))
    statuses = Counter(db.document(f"pointsRequests/{r}").get().get("status") for r in requests)
    print(f"\nloyalty deductions: {dict(outcomes)}, requests {dict(statuses)}")
    assert outcomes == {"ok": 3, "FAILED_PRECONDITION": 7}
    assert statuses == {"approved": 3, "failed": 7}
    assert db.document(f"enrollments/{shop.shop_id}_{customer.uid}").get().get("balance") == 0


def test_one_code_scanned_by_eight_callers_counts_once(world: World, db: firestore.Client) -> None:
    shop, customer = world.shop(), world.customer()
    program(world, shop)
    token = qr(world, customer)
    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(
            pool.map(
                lambda _: outcome(
                    lambda: world.call("scan_qr", {"token": token, "idempotencyKey": new_key()}, shop.owner)
                ),
                range(PARALLEL),
            )
        )
    print(f"\nloyalty one code: {dict(outcomes)}")
    assert outcomes == {"ok": 1, "FAILED_PRECONDITION": 7}
    assert (
        db.collection("qrScans")
        .where(filter=firestore.FieldFilter("outcome", "==", "refused"))
        .count()
        .get()[0][0]
        .value
        == 7
    )


def test_eight_shops_scanning_two_hundred_customers_keep_exact_figures(world: World, db: firestore.Client) -> None:
    shops = [world.shop() for _ in range(PARALLEL)]
    for shop in shops:
        program(world, shop, points=7)
    with ThreadPoolExecutor(PARALLEL) as pool:
        customers = list(pool.map(lambda _: world.customer(phone=None), range(200)))

    def shop_scans(index: int) -> Counter[str]:
        shop, mine = shops[index], customers[index::PARALLEL]
        done: Counter[str] = Counter()
        for customer in mine:  # ask, accept, then earn: three scans' worth of work per customer
            done[outcome(lambda c=customer: member(world, shop, c))] += 1
            done[
                outcome(
                    lambda c=customer: world.call(
                        "scan_qr", {"token": qr(world, c), "idempotencyKey": new_key()}, shop.owner
                    )
                )
            ] += 1
        return done

    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = sum(pool.map(shop_scans, range(PARALLEL)), Counter())
    print(f"\nloyalty 8 shops x 200 customers: {dict(outcomes)}")
    assert outcomes == {"ok": 400}
    # verify (after the test) recomputes every shop's figures, card and tier from the sources
