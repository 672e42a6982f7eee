"""Request and response models build their validators on first use (a cold start builds only its
own function's); concurrent first requests must each get the finished model, never its parent's."""

from __future__ import annotations

import json
import subprocess
import sys

from scripts.lib.stack import ROOT

THREADS = 16

# Run in a fresh interpreter: in this one other tests may already have built the models.
FIRST_USE = f"""
import json, threading
from datetime import UTC, datetime
from storepulse.redemptions.models import RedeemCouponRequest, RedeemCouponResponse

deferred = [not RedeemCouponRequest.__pydantic_complete__, not RedeemCouponResponse.__pydantic_complete__]
start = threading.Barrier({THREADS})
outcomes = []

def first_call():
    start.wait()
    try:
        request = RedeemCouponRequest.model_validate({{"couponId": "c1", "idempotencyKey": "key-12345678"}})
        response = RedeemCouponResponse(
            redemption_id="r1", coupon_id=request.coupon_id, shop_id="s1", customer_id="u1",
            discount={{"kind": "amount", "value": 1, "amountCents": 100}}, redeemed_at=datetime(2030, 1, 1, tzinfo=UTC),
        )
        outcomes.append(response.model_dump(mode="json", by_alias=True))
    except Exception as error:
        outcomes.append(repr(error))

threads = [threading.Thread(target=first_call) for _ in range({THREADS})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({{"deferred": deferred, "outcomes": outcomes}}))
"""


def test_models_are_built_on_first_use_and_concurrent_first_calls_get_the_full_model() -> None:
    result = subprocess.run(
        [sys.executable, "-c", FIRST_USE],
        cwd=ROOT / "functions",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout)
    assert report["deferred"] == [True, True]
    expected = {
        "redemptionId": "r1",
        "couponId": "c1",
        "shopId": "s1",
        "customerId": "u1",
        "discount": {"kind": "amount", "value": 1.0, "amountCents": 100},
        "redeemedAt": "2030-01-01T00:00:00Z",
        "replayed": False,
    }
    assert report["outcomes"] == [expected] * THREADS
