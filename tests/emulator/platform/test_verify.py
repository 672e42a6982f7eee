"""scripts/verify: passes on consistent data, catches a hand-corrupted counter or record."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from google.cloud import firestore

from scripts.lib.stack import ROOT
from storepulse.verify import verify
from tests.support.world import World


def build_activity(world: World) -> dict[str, Any]:
    affiliate = world.affiliate()
    shop = world.shop()
    attributed = world.customer(affiliate_code=affiliate.code)
    plain = world.customer()
    limited = world.coupon(shop, maxRedemptions=5, perCustomerLimit=3)
    promoted = world.coupon(shop, affiliateId=affiliate.affiliate_id, commissionRate=0.1)
    first = world.redeem(attributed, limited, orderAmount=30)
    world.redeem(plain, limited)
    world.redeem(plain, promoted, orderAmount=12.5)
    world.call("reverse_redemption", {"redemptionId": first["redemptionId"], "reason": "test"}, world.admin)
    world.call("track_action", {"action": "search", "shopId": shop.shop_id}, plain)
    visitor = world.auth.anonymous()
    world.call("track_page", {"sessionId": "v", "shopId": shop.shop_id, "pageType": "offer", "pageId": "o1"}, visitor)
    checkout = world.call(
        "checkout_started",
        {
            "sessionId": "v",
            "shopId": shop.shop_id,
            "total": 3,
            "currency": "EUR",
            "items": [{"productId": "p", "name": "P", "qty": 1, "unitPrice": 3}],
        },
        visitor,
    )
    world.call("payment_initiated", {"checkoutId": checkout["checkoutId"], "method": "card"}, visitor)
    world.call(
        "payment_failed", {"checkoutId": checkout["checkoutId"], "errorCode": "declined", "errorMessage": "no"}, visitor
    )
    return {"shop": shop, "customer": plain}


def run_cli(emulator_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts.lib.verify_cli"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **emulator_env},
        timeout=120,
        check=False,
    )


def test_verify_passes_then_catches_corruption(world: World, db: firestore.Client) -> None:
    built = build_activity(world)
    assert verify(db) == []
    env = {"FIRESTORE_EMULATOR_HOST": os.environ["FIRESTORE_EMULATOR_HOST"]}
    clean = run_cli(env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "verify: OK: 0 mismatch(es)" in clean.stdout

    shop_id = built["shop"].shop_id
    db.document(f"liveStats/shop_{shop_id}/shards/3").set({"redemptionsTotal": firestore.Increment(1)}, merge=True)
    db.document(f"shopCustomerData/{shop_id}_{built['customer'].uid}").update({"discountCents": 1})
    db.document(f"liveVisitors/{shop_id}/shards/0").set({"pageTypes": {"homepage": firestore.Increment(1)}}, merge=True)

    found = {(m.view, m.field) for m in verify(db)}
    assert found == {
        ("liveStats", "redemptionsTotal"),
        ("shopCustomerData", "discountCents"),
        ("liveVisitors", "pageTypes.homepage"),
    }
    corrupt = run_cli(env)
    assert corrupt.returncode == 1
    assert corrupt.stdout.count("MISMATCH") == 3
    assert "verify: FAILED: 3 mismatch(es)" in corrupt.stdout


def test_a_redemption_committed_during_the_scan_is_not_a_mismatch(
    world: World, db: firestore.Client, monkeypatch: Any
) -> None:
    """verify reads one point in time: live traffic between its reads cannot fake a mismatch."""
    from storepulse.redemptions import store as redemption_store

    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop, perCustomerLimit=5)
    world.redeem(customer, coupon_id)
    read_redemptions = redemption_store.all_redemptions
    during_scan: list[str] = []

    def then_redeem(*args: Any) -> list[dict[str, Any]]:
        seen = read_redemptions(*args)
        if not during_scan:  # a redemption commits right after the scan read the redemptions
            during_scan.append(world.redeem(world.customer(), coupon_id)["redemptionId"])
        return seen

    monkeypatch.setattr(redemption_store, "all_redemptions", then_redeem)
    mismatches = verify(db)
    monkeypatch.undo()

    assert len(during_scan) == 1
    assert [str(m) for m in mismatches] == []
    assert verify(db) == []  # and the next scan sees it, consistently
