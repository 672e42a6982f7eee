"""A limited coupon's slots: reads per redemption that do not grow with the slots taken, the last
free slot of a nearly full coupon, a reversed slot taken again, the limit exact under parallel callers.

Thousands of taken slots are written directly (tests/support/slots.py); redemptions run in process
so the operation counter (tests/support/operations.py) sees every request they send.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from google.cloud import firestore

from storepulse.platform import prefetch
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import ResourceExhausted
from storepulse.redemptions import redeem, rules
from storepulse.redemptions.models import RedeemCouponRequest
from storepulse.redemptions.redeem import redeem_coupon
from tests.support.data import count, new_key
from tests.support.emulator_clients import CallableError, User
from tests.support.operations import OperationCounter
from tests.support.slots import occupy, release
from tests.support.world import World

LIMIT = 5000
# Counts a search may make (rules.find_free): the total, the start, two binary searches.
MOST_COUNTS = 2 + 2 * (LIMIT - 1).bit_length()


def redeem_counted(db: firestore.Client, user: User, coupon_id: str) -> tuple[str, int, OperationCounter]:
    """One redemption in process: its id, the slot it took and the operations it sent."""
    request = RedeemCouponRequest.model_validate({"couponId": coupon_id, "idempotencyKey": new_key()})
    with OperationCounter(db) as ops:
        result = redeem_coupon(db, Caller(user.uid, Role.CUSTOMER), request, datetime.now(UTC))
    slot = (db.document(f"redemptions/{result.redemption_id}").get().to_dict() or {})["couponSlot"]
    return result.redemption_id, int(slot), ops


def taken(db: firestore.Client, coupon_id: str) -> int:
    return count(db, "couponSlots", couponId=coupon_id)


def status_of(call: object) -> str:
    try:
        call()  # type: ignore[operator]
    except CallableError as error:
        return error.status
    return "OK"


def test_reads_per_redemption_do_not_grow_with_the_slots_taken(
    world: World, db: firestore.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redeem, "_SLOTS_RANDOM", random.Random(11))  # the probes, reproducibly
    readers: list[str] = []
    plain_read = prefetch._read

    def spy(db: firestore.Client, refs: list[firestore.DocumentReference]) -> prefetch.Snapshots:
        readers.append(threading.current_thread().name.split("_")[0])
        return plain_read(db, refs)

    monkeypatch.setattr(prefetch, "_read", spy)
    shop, customer = world.shop(), world.customer()
    coupon_id = world.coupon(shop, maxRedemptions=LIMIT, perCustomerLimit=100)
    fillers = random.Random(12).sample(range(LIMIT), 4000)
    occupy(db, coupon_id, fillers[:10])
    took = {redeem_counted(db, customer, coupon_id)[1]}  # this instance learns the coupon's route
    _, slot, at_ten = redeem_counted(db, customer, coupon_id)
    occupy(db, coupon_id, set(fillers[10:]) - took - {slot})
    assert taken(db, coupon_id) >= 4000

    _, _, at_four_thousand = redeem_counted(db, customer, coupon_id)

    assert at_four_thousand.reads == at_ten.reads
    assert at_ten.reads <= 12 + rules.SLOT_PROBES  # the plan's documents and the probes
    assert dict(at_four_thousand.calls) == dict(at_ten.calls)
    # The transactional read and the plain pre-reads, probes included; no query, no count.
    assert at_ten.calls["BatchGetDocuments"] == 2
    assert not {"RunQuery", "RunAggregationQuery"} & set(at_ten.calls)
    # The first redemption read its plan after the transactional read; the known coupon's plans,
    # probes included, were read on a worker thread beside it (one serial round with it).
    assert readers == ["MainThread", "prefetch", "prefetch"]


def test_the_last_free_slot_is_found_then_the_limit_holds_and_a_reversal_frees_it(
    world: World, db: firestore.Client
) -> None:
    shop = world.shop()
    first, second, third = world.customer(), world.customer(), world.customer()
    coupon_id = world.coupon(shop, maxRedemptions=LIMIT)
    last = 3_210
    occupy(db, coupon_id, set(range(LIMIT)) - {last})

    redemption_id, slot, found = redeem_counted(db, first, coupon_id)

    assert slot == last
    assert 1 <= found.calls["RunAggregationQuery"] <= MOST_COUNTS
    assert found.reads <= 12 + rules.SLOT_PROBES + MOST_COUNTS
    assert status_of(lambda: world.redeem(second, coupon_id)) == "RESOURCE_EXHAUSTED"
    request = RedeemCouponRequest.model_validate({"couponId": coupon_id, "idempotencyKey": new_key()})
    with OperationCounter(db) as full, pytest.raises(ResourceExhausted):
        redeem_coupon(db, Caller(second.uid, Role.CUSTOMER), request, datetime.now(UTC))
    assert full.calls["RunAggregationQuery"] == 1  # every probe taken, one count shows every slot taken
    assert taken(db, coupon_id) == LIMIT

    world.call("reverse_redemption", {"redemptionId": redemption_id, "reason": "returned"}, shop.owner)
    assert taken(db, coupon_id) == LIMIT - 1

    _, again, _ = redeem_counted(db, third, coupon_id)
    assert again == last
    assert status_of(lambda: world.redeem(second, coupon_id)) == "RESOURCE_EXHAUSTED"
    assert taken(db, coupon_id) == LIMIT


@pytest.mark.load
def test_the_last_free_slots_go_exactly_once_under_parallel_callers(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customers = [world.customer() for _ in range(30)]
    coupon_id = world.coupon(shop, maxRedemptions=LIMIT)
    free = set(random.Random(5).sample(range(LIMIT), 10))
    fillers = set(range(LIMIT)) - free
    occupy(db, coupon_id, fillers)

    with ThreadPoolExecutor(8) as pool:
        outcomes = Counter(pool.map(lambda c: status_of(lambda: world.redeem(c, coupon_id)), customers))

    assert outcomes == {"OK": 10, "RESOURCE_EXHAUSTED": 20}
    assert taken(db, coupon_id) == LIMIT
    release(db, coupon_id, fillers)  # what verify then recounts: the 10 redemptions' own slots
    mine = db.collection("couponSlots").where(filter=firestore.FieldFilter("couponId", "==", coupon_id))
    slots = {int(doc.get("slot")) for doc in mine.get()}
    assert slots == free
