"""scripts/bench's `limited_reads` section: documents read per redemption of a limited coupon.

A coupon with `maxRedemptions` 5,000 gets 10, then 4,000 taken slots, written directly in the
store's format (tests/support/slots.py). At each level a redemption runs in process through its
handler's code, counted as the cost section counts (tests/support/operations.py: every document a
read returns, one read per count query), after one unmeasured redemption so the instance knows the
coupon (its plan's plain reads, the probes among them, run beside the transactional read). Each
measured redemption is reversed after (unmeasured), so every sample sees exactly that many slots
taken, and a freed slot is taken again.
"""

from __future__ import annotations

import random
import statistics
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import queries
from storepulse.platform.caller import Caller, Role
from storepulse.redemptions.models import RedeemCouponRequest, ReverseRedemptionRequest
from storepulse.redemptions.redeem import redeem_coupon
from storepulse.redemptions.reverse import reverse_redemption
from tests.support.operations import OperationCounter
from tests.support.slots import occupy, release
from tests.support.world import World

LIMIT = 5000
TAKEN = (10, 4000)
SAMPLES = 50  # the search (rules.find_free) is rare at 4,000 taken: enough samples to show how rare
GOAL = 2  # reads at 4,000 taken may exceed reads at 10 taken by at most this many


def _key() -> str:
    return uuid.uuid4().hex


def _tally(values: Iterable[Any]) -> dict[str, int]:
    """How many samples had each value."""
    return {str(value): n for value, n in sorted(Counter(values).items())}


def _stored(db: firestore.Client, coupon_id: str) -> int:
    return sum(1 for _ in queries.TAKEN_COUPON_SLOTS.build(db, {"couponId": coupon_id}).stream())


def section_limited_reads(db: firestore.Client, world: World, samples: int = SAMPLES) -> dict[str, Any]:
    shop = world.shop("Limited reads shop")
    coupon_id = world.coupon(shop, maxRedemptions=LIMIT, perCustomerLimit=100)
    member = world.customer("Limited reads member")
    customer, owner = Caller(member.uid, Role.CUSTOMER), Caller(shop.owner.uid, Role.SHOP, shop_id=shop.shop_id)

    def redeem_and_reverse() -> dict[str, Any]:
        request = RedeemCouponRequest.model_validate({"couponId": coupon_id, "idempotencyKey": _key()})
        with OperationCounter(db) as ops:
            redemption_id = redeem_coupon(db, customer, request, datetime.now(UTC)).redemption_id
        back = {"redemptionId": redemption_id, "reason": "bench", "idempotencyKey": _key()}
        reverse_redemption(db, owner, ReverseRedemptionRequest.model_validate(back), datetime.now(UTC))
        return {"reads": ops.reads, "serial_rounds": ops.serial_rounds(), "calls": dict(ops.calls)}

    fillers = random.Random().sample(range(LIMIT), max(TAKEN))
    redeem_and_reverse()  # the instance learns the coupon's route
    levels: dict[str, dict[str, Any]] = {}
    filled = 0
    try:
        for level in TAKEN:
            occupy(db, coupon_id, fillers[filled:level])
            filled = level
            taken_before = _stored(db, coupon_id)
            runs = [redeem_and_reverse() for _ in range(samples)]
            reads = [run["reads"] for run in runs]
            levels[str(level)] = {
                "taken": taken_before,
                "reads_mean": round(statistics.fmean(reads), 2),
                "reads_min": min(reads),
                "reads_max": max(reads),
                # Redemptions whose every probe was taken, so they counted their way to a slot.
                "searched": sum(1 for run in runs if run["calls"].get("RunAggregationQuery")),
                "serial_rounds": _tally(run["serial_rounds"] for run in runs),
                "requests": _tally(" ".join(f"{n} {name}" for name, n in sorted(run["calls"].items())) for run in runs),
            }
    finally:
        release(db, coupon_id, fillers[:filled])
    low, high = (levels[str(level)] for level in TAKEN)
    difference = round(high["reads_mean"] - low["reads_mean"], 2)
    return {
        "limit": LIMIT,
        "samples_per_level": samples,
        "reads_per_redemption_by_taken": levels,
        "difference": difference,
        "goal": f"mean reads per redemption at {TAKEN[1]} taken - at {TAKEN[0]} taken <= {GOAL}",
        "met": difference <= GOAL,
        # Every sample saw exactly its level taken (each redemption reversed), and nothing is left.
        "exact": [low["taken"], high["taken"]] == list(TAKEN) and _stored(db, coupon_id) == 0,
    }
