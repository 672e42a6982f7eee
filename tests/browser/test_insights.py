"""A shop owner's Overview and Insights in Chromium, after a scripted day made through the real
callables (page views, checkouts, payments that succeed and fail with two error codes and two
methods, redemptions, an order, a member): the Insights show exactly the hand-counted funnel,
abandonment, payment methods and failed payments for today, the last 7 and the last 30 days (the
period is switched with the keyboard and by clicking, and kept in the URL), and the Overview shows
today's figures; visitors arriving, checking out and paying reach the Overview's live cards within 3 s.

Today's steps are pinned to minutes in one UTC hour of today (the hour 15 minutes ago, or midnight
just after midnight), so the hour each lands in is known; two earlier days are pinned in the past."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import screenshot
from tests.browser.live import LIVE_UPDATE_MS
from tests.browser.test_customer import open_section, sign_in
from tests.support.checkout import start_checkout
from tests.support.data import new_key
from tests.support.emulator_clients import User
from tests.support.loyalty import program, qr
from tests.support.orders import place
from tests.support.world import Shop, World

ITEMS = [{"productId": "loaf", "name": "Sourdough loaf", "qty": 1, "unitPrice": 5.0}]


class Visit:
    """One visitor's session on the shop, each step at a pinned time (minutes after `start`)."""

    def __init__(self, world: World, shop: Shop, start: datetime) -> None:
        self.world, self.shop, self.start = world, shop, start
        self.user: User = world.auth.anonymous()
        self.checkout_id = ""

    def call(self, name: str, payload: dict[str, Any], minutes: int) -> Any:
        return self.world.call(name, payload, self.user, now=self.start + timedelta(minutes=minutes))

    def page(self, page_type: str, minutes: int, page_id: str | None = None) -> Visit:
        payload = {"sessionId": "s", "shopId": self.shop.shop_id, "pageType": page_type}
        if page_id:
            payload["pageId"] = page_id
        self.call("track_page", payload, minutes)
        return self

    def checkout(self, total: float, minutes: int) -> Visit:
        """The checkout page, then the checkout starts."""
        self.page("checkout", minutes)
        payload = {"sessionId": "s", "shopId": self.shop.shop_id, "items": ITEMS, "total": total, "currency": "EUR"}
        self.checkout_id = self.call("checkout_started", payload, minutes)["checkoutId"]
        return self

    def pay(self, method: str, minutes: int, *, amount: float = 0, error: str = "") -> Visit:
        """A payment by `method` that succeeds (for `amount`) or fails with `error`."""
        self.call("payment_initiated", {"checkoutId": self.checkout_id, "method": method}, minutes)
        if error:
            failed = {"checkoutId": self.checkout_id, "errorCode": error, "errorMessage": "The payment failed."}
            self.call("payment_failed", failed, minutes)
        else:
            self.call("payment_succeeded", {"checkoutId": self.checkout_id, "amount": amount}, minutes)
        return self


def todays_hour() -> datetime:
    """The start of the UTC hour 15 minutes ago, or today's midnight if that hour was yesterday."""
    now = datetime.now(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(midnight, (now - timedelta(minutes=15)).replace(minute=0, second=0, microsecond=0))


def script_today(world: World, shop: Shop, start: datetime) -> None:
    """8 visits, each opening the home page; bread x3, cakes x1 and the weekend offer x2 browsed; 5
    checkouts, 4 reach payment: card paid (12.50), card declined, paypal timed out then card paid
    (20.00), paypal paid (8.00); the fifth left at checkout. 19 page views, all in one hour."""
    visits = [Visit(world, shop, start).page("homepage", minute) for minute in range(8)]
    browsed = [("category", "bread")] * 3 + [("category", "cakes")] + [("offer", "weekend")] * 2
    for visit, (page_type, page_id) in zip(visits, browsed, strict=False):
        visit.page(page_type, 8, page_id)
    for visit, total in zip(visits[:5], (12.5, 6.0, 20.0, 8.0, 5.0), strict=True):
        visit.checkout(total, 9)
    visits[0].pay("card", 10, amount=12.5)
    visits[1].pay("card", 10, error="card_declined")
    visits[2].pay("paypal", 10, error="timeout").pay("card", 11, amount=20.0)
    visits[3].pay("paypal", 10, amount=8.0)


def script_earlier_days(world: World, shop: Shop, today: datetime) -> None:
    """3 days ago (in the last 7 days): 2 visits, one checkout paid by card (10.00).
    20 days ago (in the last 30 days only): 1 visit, its checkout's paypal payment fails for
    insufficient funds."""
    three_days_ago = today.replace(hour=15, minute=0) - timedelta(days=3)
    Visit(world, shop, three_days_ago).page("homepage", 0).checkout(10.0, 1).pay("card", 2, amount=10.0)
    Visit(world, shop, three_days_ago).page("homepage", 5)
    twenty_days_ago = today.replace(hour=11, minute=0) - timedelta(days=20)
    unpaid = Visit(world, shop, twenty_days_ago).page("homepage", 0).checkout(30.0, 1)
    unpaid.pay("paypal", 2, error="insufficient_funds")


def shot(page: Page, name: str) -> None:
    """A screenshot once every panel's read is confirmed by the server (a section just opened shows
    the cache's copy first)."""
    expect(page.get_by_test_id("connection").filter(has_text="reconnecting")).to_have_count(0)
    screenshot(page, name)


def expect_texts(page: Page, texts: dict[str, str]) -> None:
    for test_id, text in texts.items():
        expect(page.get_by_test_id(test_id)).to_have_text(text)


def script_the_rest(world: World, shop: Shop) -> None:
    """Today, besides the visits: two customers redeem a coupon, one places an order and joins the
    loyalty program."""
    ada, bob = world.customer("Ada Lovelace"), world.customer("Bob Baker")
    coupon = world.coupon(shop)
    for customer in (ada, bob):
        world.redeem(customer, coupon, orderAmount=20)
    place(world, ada, shop)
    program(world, shop)
    asked = world.call("scan_qr", {"token": qr(world, ada), "idempotencyKey": new_key()}, shop.owner)
    world.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": True}, ada)


def test_the_insights_show_the_hand_counted_day(browser: Browser, site: str, world: World) -> None:
    bakery, start = world.shop("Corner Bakery"), todays_hour()
    script_today(world, bakery, start)
    script_earlier_days(world, bakery, start)
    script_the_rest(world, bakery)

    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    sign_in(page, site, bakery.owner)
    assert page.url.endswith(f"/shop/{bakery.shop_id}/overview")  # where a shop owner lands
    expect_texts(
        page,
        {
            "overview-open-orders": "1",
            "overview-redemptions": "2",
            "overview-revenue": "€40.50",
            "overview-members": "1",
        },
    )
    expect(page.get_by_test_id("overview-visits-summary")).to_contain_text("8 visits today so far")
    expect(page.get_by_role("img", name=re.compile(r"^Bar chart of visits started per hour today"))).to_be_visible()
    shot(page, "shop-overview-scripted-1280")

    open_section(page, "Insights")
    assert page.url.endswith(f"/shop/{bakery.shop_id}/insights")
    period = page.get_by_role("radiogroup", name="Period")
    expect(period.get_by_role("radio", name="Today")).to_be_checked()
    expect_texts(
        page,
        {
            "insights-visits": "8",
            "insights-page-views": "19",
            "insights-revenue": "€40.50",
            "insights-success-rate": "60%",
            "funnel-visits-count": "8",
            "funnel-checkout-count": "5",
            "funnel-payment-count": "4",
            "funnel-paid-count": "3",
            "funnel-visits-left": "3 visits left before checkout (37.5%)",
            "funnel-checkout-left": "1 checkout left before paying (20%)",
            "funnel-payment-left": "1 payment never went through (25%)",
            "method-card-attempts": "3",
            "method-card-success": "66.7%",
            "method-paypal-attempts": "2",
            "method-paypal-success": "50%",
            "error-card_declined-count": "1 failed payment",
            "error-timeout-count": "1 failed payment",
        },
    )
    expect(page.get_by_test_id("funnel-paid-left")).to_have_count(0)
    funnel = page.get_by_role("figure", name="From visit to payment, today")
    summary = "Visits 8, Checkout started 5, Payment started 4, Paid 3; 37.5% of visits ended in a payment."
    expect(funnel.locator("figcaption")).to_have_text(summary)
    expect(page.get_by_test_id("payment-methods").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("errors-by-code").locator("li")).to_have_count(2)
    failed = page.get_by_role("figure", name="Failed payments by error per day, today")
    expect(failed.locator("figcaption")).to_have_text(
        "2 failed payments today: Card declined 1, Bank did not answer 1."
    )
    expect(failed.get_by_role("img")).to_have_attribute(
        "aria-label", re.compile(r"^Stacked bar chart of failed payments per day by error: 2 failed payments today")
    )
    expect(page.get_by_test_id("top-categories").locator("li")).to_have_text(["1. bread3 views", "2. cakes1 view"])
    expect(page.get_by_test_id("top-offers").locator("li")).to_have_text(["1. weekend2 views"])
    hour = f"{start.hour:02d}:00"
    figure = page.get_by_role("figure", name="Page views and visits by hour of day (UTC), today")
    busiest = f"the busiest hour was {hour} with 19 page views"
    expect(figure.locator("figcaption")).to_have_text(f"19 page views and 8 visits today; {busiest}.")
    shot(page, "shop-insights-today-1280")

    # The period is a radio group: the arrow key moves it to the next choice.
    period.get_by_role("radio", name="Today").focus()
    page.keyboard.press("ArrowRight")
    expect(period.get_by_role("radio", name="Last 7 days")).to_be_checked()
    expect_texts(
        page,
        {
            "insights-visits": "10",
            "insights-revenue": "€50.50",
            "funnel-visits-count": "10",
            "funnel-checkout-count": "6",
            "funnel-payment-count": "5",
            "funnel-paid-count": "4",
            "funnel-visits-left": "4 visits left before checkout (40%)",
            "funnel-checkout-left": "1 checkout left before paying (16.7%)",
            "funnel-payment-left": "1 payment never went through (20%)",
            "method-card-attempts": "4",
            "method-card-success": "75%",
            "method-paypal-success": "50%",
            "error-card_declined-count": "1 failed payment",
            "error-timeout-count": "1 failed payment",
        },
    )
    expect(page.get_by_test_id("errors-by-code").locator("li")).to_have_count(2)

    period.get_by_text("Last 30 days").click()
    expect(period.get_by_role("radio", name="Last 30 days")).to_be_checked()
    expect_texts(
        page,
        {
            "insights-visits": "11",
            "insights-success-rate": "57.1%",
            "funnel-visits-count": "11",
            "funnel-checkout-count": "7",
            "funnel-payment-count": "6",
            "funnel-paid-count": "4",
            "funnel-visits-left": "4 visits left before checkout (36.4%)",
            "funnel-checkout-left": "1 checkout left before paying (14.3%)",
            "funnel-payment-left": "2 payments never went through (33.3%)",
            "method-card-attempts": "4",
            "method-card-success": "75%",
            "method-paypal-attempts": "3",
            "method-paypal-success": "33.3%",
            "error-card_declined-count": "1 failed payment",
            "error-insufficient_funds-count": "1 failed payment",
            "error-timeout-count": "1 failed payment",
        },
    )
    expect(page.get_by_test_id("errors-by-day").locator("tbody tr")).to_have_count(3)
    assert page.url.endswith(f"/shop/{bakery.shop_id}/insights?days=30")  # a reload keeps the period
    page.reload()
    expect(period.get_by_role("radio", name="Last 30 days")).to_be_checked()
    expect(page.get_by_test_id("funnel-visits-count")).to_have_text("11")
    shot(page, "shop-insights-30-days-1280")
    page.context.close()


def test_the_overview_follows_visitors_live(page: Page, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    sign_in(page, site, bakery.owner)
    expect_texts(page, {"overview-visitors": "0", "overview-checkouts": "0", "overview-paying": "0"})
    visits_today = page.get_by_role("region", name="Visits per hour today")
    expect(visits_today).to_contain_text("No visits yet today")
    browsing, checking_out, paying = (world.auth.anonymous() for _ in range(3))
    world.call("track_page", {"sessionId": "s1", "shopId": bakery.shop_id, "pageType": "homepage"}, browsing)
    start_checkout(world, bakery, checking_out)
    world.call("payment_initiated", {"checkoutId": start_checkout(world, bakery, paying), "method": "card"}, paying)
    expect(page.get_by_test_id("overview-visitors")).to_have_text("3", timeout=LIVE_UPDATE_MS)
    expect(page.get_by_test_id("overview-checkouts")).to_have_text("1", timeout=LIVE_UPDATE_MS)
    expect(page.get_by_test_id("overview-paying")).to_have_text("1", timeout=LIVE_UPDATE_MS)
    summary = page.get_by_test_id("overview-visits-summary")
    expect(summary).to_contain_text("3 visits today so far", timeout=LIVE_UPDATE_MS)
