"""A scripted day at one shop: funnel, abandonment and payment figures equal hand-computed values,
and rebuilding them from the source documents gives the same counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse.visitors.daily import read_counts, read_daily, rebuild_counts
from tests.support.emulator_clients import User
from tests.support.world import World

DAY = "2030-07-14"
T0 = datetime(2030, 7, 14, 9, 0, tzinfo=UTC)
ITEMS = [{"productId": "p1", "name": "Loaf", "qty": 2, "unitPrice": 3.5}]


def test_scripted_day(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitors = [world.auth.anonymous() for _ in range(10)]

    def call(name: str, payload: dict[str, Any], user: User, minutes: int) -> Any:
        return world.call(name, payload, user, now=T0 + timedelta(minutes=minutes))

    def page(user: User, page_type: str, page_id: str | None, minutes: int) -> None:
        payload = {"sessionId": "s", "shopId": shop.shop_id, "pageType": page_type}
        if page_id:
            payload["pageId"] = page_id
        call("track_page", payload, user, minutes)

    # 10 sessions: 6 in the 09:00 hour, 4 in the 10:00 hour.
    for index, user in enumerate(visitors):
        page(user, "homepage", None, 0 if index < 6 else 60 + index)
    # Browsing: shoes x3, hats x1, offer summer x2.
    page(visitors[0], "category", "shoes", 1)
    page(visitors[1], "category", "shoes", 1)
    page(visitors[2], "category", "shoes", 1)
    page(visitors[3], "category", "hats", 1)
    page(visitors[4], "offer", "summer", 1)
    page(visitors[5], "offer", "summer", 1)
    # 5 checkouts; 4 reach payment; card x3 (2 paid, 1 failed declined), paypal x1 (failed timeout, then
    # card paid on retry); one checkout abandoned before payment.
    checkouts = {}
    for index in range(5):
        page(visitors[index], "checkout", None, 2)
        checkouts[index] = call(
            "checkout_started",
            {"sessionId": "s", "shopId": shop.shop_id, "items": ITEMS, "total": 7, "currency": "EUR"},
            visitors[index],
            3,
        )["checkoutId"]

    def pay(index: int, method: str, outcome: str, minutes: int, code: str = "") -> None:
        user, checkout_id = visitors[index], checkouts[index]
        call("payment_initiated", {"checkoutId": checkout_id, "method": method}, user, minutes)
        if outcome == "paid":
            call("payment_succeeded", {"checkoutId": checkout_id, "amount": 7}, user, minutes + 1)
        else:
            call(
                "payment_failed",
                {"checkoutId": checkout_id, "errorCode": code, "errorMessage": code},
                user,
                minutes + 1,
            )

    pay(0, "card", "paid", 5)
    pay(1, "card", "paid", 5)
    pay(2, "card", "failed", 5, "card_declined")
    pay(3, "paypal", "failed", 5, "timeout")
    pay(3, "card", "paid", 8)

    figures = read_daily(db, shop.shop_id, DAY)

    assert figures["sessions"] == 10
    assert figures["visitsByHour"]["09"] == 6
    assert figures["visitsByHour"]["10"] == 4
    assert figures["pageViews"] == 10 + 6 + 5
    assert figures["topCategories"] == [{"id": "shoes", "views": 3}, {"id": "hats", "views": 1}]
    assert figures["topOffers"] == [{"id": "summer", "views": 2}]
    assert figures["funnel"] == {"sessions": 10, "checkoutStarted": 5, "paymentInitiated": 4, "paid": 3}
    assert figures["abandonment"] == {"beforeCheckout": 0.5, "atCheckout": 0.2, "atPayment": 0.25}
    assert figures["paymentMethods"] == {
        "card": {"attempts": 4, "share": 0.8, "successRate": 0.75},
        "paypal": {"attempts": 1, "share": 0.2, "successRate": 0.0},
    }
    assert figures["paymentSuccessRate"] == 0.6
    assert figures["errorsByCode"] == {"card_declined": 1, "timeout": 1}
    assert figures["revenueCents"] == 2100
    assert rebuild_counts(db, shop.shop_id, DAY) == read_counts(db, shop.shop_id, DAY)
