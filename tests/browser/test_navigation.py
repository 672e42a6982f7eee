"""Moving between pages in Chromium: each section has its own URL; a shop owner's page changes reach
an admin's feed as `tab_change` entries within 3 s, filterable by that action; a notification opens
the page it is about (an order, a payment error) and is marked read."""

from __future__ import annotations

import re

from google.cloud import firestore
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import screenshot
from tests.browser.live import LIVE_UPDATE_MS
from tests.browser.test_admin_affiliate import choose_chip
from tests.browser.test_customer import open_bell, open_section, sign_in
from tests.support.checkout import fail, start_checkout
from tests.support.orders import move, place
from tests.support.world import World


def test_a_shop_owners_page_changes_reach_the_admin_feed(browser: Browser, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    # The Functions emulator starts a function's worker on its first call: not what is timed here.
    world.call("track_action", {"action": "page_view"}, bakery.owner)
    admin = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    owner = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in(admin, site, world.admin)
    admin.goto(f"{site}/admin/activity")  # loaded, not moved to: the admin's own page change is not in the feed
    choose_chip(admin, "Page changes")
    feed = admin.get_by_test_id("admin-feed").locator("li")
    expect(feed).to_have_count(0)

    sign_in(owner, site, bakery.owner)
    assert owner.url.endswith(f"/shop/{bakery.shop_id}/overview")  # where a shop owner lands
    for count, (section, segment) in enumerate(
        (("Visitors", "visitors"), ("Customers", "customers"), ("Loyalty", "loyalty")), start=1
    ):
        open_section(owner, section)
        assert owner.url.endswith(f"/shop/{bakery.shop_id}/{segment}")
        expect(feed).to_have_count(count, timeout=LIVE_UPDATE_MS)
        expect(feed.first).to_contain_text(f"opened /shop/{bakery.shop_id}/{segment}")
    # A reload lands on the same section and is no page change: the next move is the fourth entry.
    owner.reload()
    expect(owner.get_by_role("region", name="Scan a QR code")).to_be_visible()
    open_section(owner, "Orders")
    expect(feed.first).to_contain_text(f"opened /shop/{bakery.shop_id}/orders", timeout=LIVE_UPDATE_MS)
    expect(feed).to_have_count(4)
    screenshot(admin, "admin-tab-changes")
    admin.context.close()
    owner.context.close()


def test_an_order_notification_opens_that_order(page: Page, site: str, world: World) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace")
    first = place(world, ada, bakery)
    move(world, bakery.owner, first, "confirmed")
    place(world, ada, bakery)  # newer: the orders page opens on it by default
    sign_in(page, site, ada)
    badge = page.get_by_test_id("badge-unread")
    expect(badge).to_have_text("1")
    expect(page.get_by_test_id("order")).not_to_have_attribute("data-order-id", first)
    open_bell(page)
    page.get_by_test_id("bell").get_by_role("button", name=re.compile("was confirmed")).click()
    assert page.url.endswith(f"/customer/orders/{first}")
    expect(page.get_by_test_id("order")).to_have_attribute("data-order-id", first)
    expect(page.get_by_test_id("order-status")).to_have_text("Confirmed by the shop")
    expect(page.get_by_test_id("order-timeline").locator("li")).to_have_count(2)
    expect(badge).to_have_text("0", timeout=LIVE_UPDATE_MS)  # opening it marked it read
    screenshot(page, "customer-order-from-notification")


def test_a_shop_owners_alerts_open_the_order_and_the_payment_error(
    page: Page, site: str, world: World, db: firestore.Client
) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace")
    # The owner was told of their new role: the badge counts on from there.
    before = int((db.document(f"notificationCounts/{bakery.owner.uid}").get().to_dict() or {}).get("unread", 0))
    sign_in(page, site, bakery.owner)
    badge = page.get_by_test_id("badge-unread")
    expect(badge).to_have_text(str(before))
    order_id = place(world, ada, bakery)
    visitor = world.auth.anonymous()
    error_id = fail(world, visitor, start_checkout(world, bakery, visitor))["paymentErrorId"]
    expect(badge).to_have_text(str(before + 2), timeout=LIVE_UPDATE_MS)
    open_bell(page)
    bell = page.get_by_test_id("bell")
    bell.get_by_role("button", name=re.compile("New order")).click()
    assert page.url.endswith(f"/shop/{bakery.shop_id}/orders/{order_id}")
    expect(page.locator(f'[data-order-id="{order_id}"]')).to_have_attribute("aria-current", "true")
    detail = page.get_by_role("dialog", name="Order from Ada Lovelace")  # the order opens in its drawer
    expect(detail.get_by_test_id("order-timeline")).to_contain_text("Order placed")
    expect(badge).to_have_text(str(before + 1), timeout=LIVE_UPDATE_MS)
    page.keyboard.press("Escape")  # the drawer closes back to the board
    expect(detail).to_have_count(0)
    assert page.url.endswith(f"/shop/{bakery.shop_id}/orders")
    open_bell(page)
    bell.get_by_role("button", name=re.compile("declined")).click()
    assert page.url.endswith(f"/shop/{bakery.shop_id}/payment-errors/{error_id}")
    expect(page.locator(f'[data-error-id="{error_id}"]')).to_have_attribute("aria-current", "true")
    expect(page.locator(f'[data-error-id="{error_id}"]')).to_contain_text("card_declined")
    expect(badge).to_have_text(str(before), timeout=LIVE_UPDATE_MS)
    screenshot(page, "shop-payment-error-from-notification")
