"""A seller's Insights over scripted days at one shop, through the callables with Auth ID tokens and a
pinned clock: today, 7 days and 30 days show exactly the hand-counted funnel, abandonment, payment
methods, errors by code and day, activity by hour, top categories and offers. They are read with the
query the SDK's `shopInsights` runs (one shards query per day), and `verify` recounts every counter
from the page views and checkouts (and catches a corrupted hour)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse.verify import verify
from storepulse.visitors.daily import read_counts, read_insights, rebuild_counts
from tests.support.emulator_clients import User
from tests.support.world import Shop, World

TODAY = date(2030, 7, 14)
T0 = datetime(2030, 7, 14, 9, 0, tzinfo=UTC)
ITEMS = [{"productId": "p1", "name": "Loaf", "qty": 2, "unitPrice": 3.5}]


class Script:
    """One shop's visitors acting at pinned times (minutes after `start`)."""

    def __init__(self, world: World, shop: Shop, start: datetime) -> None:
        self.world, self.shop, self.start = world, shop, start
        self.checkouts: dict[str, str] = {}

    def call(self, name: str, payload: dict[str, Any], user: User, minutes: int) -> Any:
        return self.world.call(name, payload, user, now=self.start + timedelta(minutes=minutes))

    def page(self, user: User, page_type: str, page_id: str | None, minutes: int) -> None:
        payload = {"sessionId": "s", "shopId": self.shop.shop_id, "pageType": page_type}
        if page_id:
            payload["pageId"] = page_id
        self.call("track_page", payload, user, minutes)

    def checkout(self, user: User, minutes: int) -> None:
        """The checkout page, then the checkout starts a minute later."""
        self.page(user, "checkout", None, minutes)
        payload = {"sessionId": "s", "shopId": self.shop.shop_id, "items": ITEMS, "total": 7, "currency": "EUR"}
        self.checkouts[user.uid] = self.call("checkout_started", payload, user, minutes + 1)["checkoutId"]

    def pay(self, user: User, method: str, minutes: int, error: str = "") -> None:
        """A payment with `method` that succeeds a minute later, or fails with `error`."""
        checkout_id = self.checkouts[user.uid]
        self.call("payment_initiated", {"checkoutId": checkout_id, "method": method}, user, minutes)
        if not error:
            self.call("payment_succeeded", {"checkoutId": checkout_id, "amount": 7}, user, minutes + 1)
            return
        failed = {"checkoutId": checkout_id, "errorCode": error, "errorMessage": error}
        self.call("payment_failed", failed, user, minutes + 1)


def script_today(world: World, shop: Shop) -> None:
    """10 visits (6 in the 09:00 hour, 4 at 10:06-10:09); browsing shoes x3, hats x1, offer summer x2;
    5 checkouts, 4 reach payment: card x3 (2 paid, 1 declined), paypal x1 (timeout, then card paid on
    retry); one checkout abandoned before payment. 21 page views: 17 at 09, 4 at 10."""
    day = Script(world, shop, T0)
    visitors = [world.auth.anonymous() for _ in range(10)]
    for index, user in enumerate(visitors):
        day.page(user, "homepage", None, 0 if index < 6 else 60 + index)
    for user, (page_type, page_id) in zip(
        visitors,
        [("category", "shoes")] * 3 + [("category", "hats")] + [("offer", "summer")] * 2,
        strict=False,
    ):
        day.page(user, page_type, page_id, 1)
    for user in visitors[:5]:
        day.checkout(user, 2)
    day.pay(visitors[0], "card", 5)
    day.pay(visitors[1], "card", 5)
    day.pay(visitors[2], "card", 5, "card_declined")
    day.pay(visitors[3], "paypal", 5, "timeout")
    day.pay(visitors[3], "card", 8)


def script_earlier_days(world: World, shop: Shop) -> None:
    """2030-07-10 at 15:00 (in the last 7 days): 3 visits, shoes and offer winter browsed, 2 checkouts,
    paypal fails (insufficient funds, abandoned), apple_pay paid; 7 page views.
    2030-07-01 at 20:00 (in the last 30 days only): 2 visits, 1 checkout paid by card; 3 page views."""
    tenth = Script(world, shop, datetime(2030, 7, 10, 15, 0, tzinfo=UTC))
    ana, ben, cem = (world.auth.anonymous() for _ in range(3))
    for user in (ana, ben, cem):
        tenth.page(user, "homepage", None, 0)
    tenth.page(ana, "category", "shoes", 1)
    tenth.page(ana, "offer", "winter", 2)
    tenth.checkout(ana, 3)
    tenth.checkout(ben, 3)
    tenth.pay(ana, "paypal", 5, "insufficient_funds")
    tenth.pay(ben, "apple_pay", 5)
    first = Script(world, shop, datetime(2030, 7, 1, 20, 0, tzinfo=UTC))
    dan, eve = world.auth.anonymous(), world.auth.anonymous()
    first.page(dan, "homepage", None, 0)
    first.checkout(dan, 1)
    first.pay(dan, "card", 3)
    first.page(eve, "homepage", None, 30)


def script_the_rest(world: World, shop: Shop) -> None:
    """What the Insights must not count: redemptions at the shop (two customers, today), and a visit and
    a paid checkout at another shop."""
    coupon_id = world.coupon(shop)
    for customer in (world.customer(), world.customer()):
        payload = {"couponId": coupon_id, "idempotencyKey": customer.uid, "orderAmount": 20}
        world.call("redeem_coupon", payload, customer, now=T0 + timedelta(hours=3))
    other = Script(world, world.shop(), T0)
    stranger = world.auth.anonymous()
    other.page(stranger, "category", "shoes", 30)
    other.checkout(stranger, 31)
    other.pay(stranger, "card", 33)


def hours(**by_hour: int) -> list[int]:
    return [by_hour.get(f"h{hour:02d}", 0) for hour in range(24)]


def test_insights_over_today_7_and_30_days(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    script_today(world, shop)
    script_earlier_days(world, shop)
    script_the_rest(world, shop)

    today = read_insights(db, shop.shop_id, TODAY, 1)
    assert today["days"] == ["2030-07-14"]
    assert (today["visits"], today["pageViews"], today["revenueCents"]) == (10, 21, 2100)
    assert today["funnel"] == [
        {"step": "visits", "count": 10, "abandoned": 5, "abandonment": 0.5},
        {"step": "checkout", "count": 5, "abandoned": 1, "abandonment": 0.2},
        {"step": "payment", "count": 4, "abandoned": 1, "abandonment": 0.25},
        {"step": "paid", "count": 3, "abandoned": 0, "abandonment": None},
    ]
    assert today["paymentMethods"] == [
        {"method": "card", "attempts": 4, "succeeded": 3, "failed": 1, "share": 0.8, "successRate": 0.75},
        {"method": "paypal", "attempts": 1, "succeeded": 0, "failed": 1, "share": 0.2, "successRate": 0.0},
    ]
    assert today["paymentSuccessRate"] == 0.6
    assert today["errorsByDay"] == [{"day": "2030-07-14", "byCode": {"card_declined": 1, "timeout": 1}}]
    assert today["activityByHour"] == hours(h09=17, h10=4)
    assert today["visitsByHour"] == hours(h09=6, h10=4)
    assert today["topCategories"] == [{"id": "shoes", "views": 3}, {"id": "hats", "views": 1}]
    assert today["topOffers"] == [{"id": "summer", "views": 2}]

    week = read_insights(db, shop.shop_id, TODAY, 7)
    assert week["days"] == [f"2030-07-{day:02d}" for day in range(8, 15)]
    assert (week["visits"], week["pageViews"], week["revenueCents"]) == (13, 28, 2800)
    assert [(s["count"], s["abandoned"], s["abandonment"]) for s in week["funnel"]] == [
        (13, 6, 0.4615),
        (7, 1, 0.1429),
        (6, 2, 0.3333),
        (4, 0, None),
    ]
    assert [
        (m["method"], m["attempts"], m["succeeded"], m["failed"], m["successRate"]) for m in week["paymentMethods"]
    ] == [
        ("card", 4, 3, 1, 0.75),
        ("paypal", 2, 0, 2, 0.0),
        ("apple_pay", 1, 1, 0, 1.0),
    ]
    assert week["paymentSuccessRate"] == 0.5714
    assert week["errorsByCode"] == {"card_declined": 1, "insufficient_funds": 1, "timeout": 1}
    assert {entry["day"]: entry["byCode"] for entry in week["errorsByDay"] if entry["byCode"]} == {
        "2030-07-10": {"insufficient_funds": 1},
        "2030-07-14": {"card_declined": 1, "timeout": 1},
    }
    assert len(week["errorsByDay"]) == 7
    assert week["activityByHour"] == hours(h09=17, h10=4, h15=7)
    assert week["topCategories"] == [{"id": "shoes", "views": 4}, {"id": "hats", "views": 1}]
    assert week["topOffers"] == [{"id": "summer", "views": 2}, {"id": "winter", "views": 1}]

    month = read_insights(db, shop.shop_id, TODAY, 30)
    assert (month["days"][0], month["days"][-1], len(month["days"])) == ("2030-06-15", "2030-07-14", 30)
    assert (month["visits"], month["pageViews"], month["revenueCents"]) == (15, 31, 3500)
    assert [(s["count"], s["abandonment"]) for s in month["funnel"]] == [
        (15, 0.4667),
        (8, 0.125),
        (7, 0.2857),
        (5, None),
    ]
    assert [(m["method"], m["attempts"], m["share"], m["successRate"]) for m in month["paymentMethods"]] == [
        ("card", 5, 0.625, 0.8),
        ("paypal", 2, 0.25, 0.0),
        ("apple_pay", 1, 0.125, 1.0),
    ]
    assert month["paymentSuccessRate"] == 0.625
    assert month["activityByHour"] == hours(h09=17, h10=4, h15=7, h20=3)
    assert month["visitsByHour"] == hours(h09=6, h10=4, h15=3, h20=2)

    for day in ("2030-07-01", "2030-07-10", "2030-07-14"):
        assert rebuild_counts(db, shop.shop_id, day) == read_counts(db, shop.shop_id, day)
    assert verify(db) == []


def test_verify_catches_a_corrupted_hour(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    Script(world, shop, T0).page(world.auth.anonymous(), "homepage", None, 0)
    assert verify(db) == []
    shard = db.document(f"shopDaily/{shop.shop_id}/days/2030-07-14/shards/0")
    shard.set({"pageViewsByHour": {"13": firestore.Increment(1)}}, merge=True)
    assert {(m.view, m.field) for m in verify(db)} == {("shopDaily", "pageViewsByHour.13")}
