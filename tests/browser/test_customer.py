"""The customer's pages in Chromium: a status change made by the shop (through the callable) moves
the progress bar and the timeline and raises the badge within 3 s, with a toast that says what
happened; "mark all read" in the browser
zeroes the badge (the bell is named by its unread count); the QR code opens from the cards section."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.live import LIVE_UPDATE_MS
from tests.support.emulator_clients import DEMO_PASSWORD, User
from tests.support.orders import move, place
from tests.support.world import World


def open_section(page: Page, name: str) -> None:
    """Follow the link to one of the signed-in role's sections."""
    page.get_by_role("navigation", name="Sections").get_by_role("link", name=name).click()


def open_bell(page: Page) -> None:
    """Open the bell's popover (its button is named by the unread count), unless it is open."""
    bell = page.get_by_role("button", name=re.compile(r"^Notifications, \d+ unread$"))
    if bell.get_attribute("aria-expanded") != "true":
        bell.click()
    expect(page.get_by_role("dialog", name="Notifications")).to_be_visible()


def sign_in(page: Page, site: str, user: User) -> None:
    page.goto(site)
    page.get_by_label("E-mail").fill(user.email or "")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("signed-in")).to_contain_text(user.email or "")


def test_a_status_change_moves_the_customers_page(page: Page, site: str, world: World) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace")
    order_id = place(world, ada, bakery)
    sign_in(page, site, ada)
    progress, badge = page.get_by_test_id("order-progress"), page.get_by_test_id("badge-unread")
    expect(page.get_by_test_id("order-status")).to_have_text("Order placed")
    expect(progress).to_have_attribute("aria-valuenow", "10")
    expect(badge).to_have_text("0")
    # The bell's list and the timeline are listened to only while shown (one action, two reads).
    expect(page.get_by_test_id("bell")).to_have_count(0)
    expect(page.get_by_test_id("order-timeline")).to_have_count(0)
    first_order = re.compile(r"^Corner Bakery\s*:\s*Order placed")
    page.get_by_role("region", name="My orders").get_by_role("button", name=first_order).click()
    timeline = page.get_by_test_id("order-timeline").locator("li")
    expect(timeline).to_have_count(1)

    move(world, bakery.owner, order_id, "confirmed")
    expect(progress).to_have_attribute("aria-valuenow", "25", timeout=LIVE_UPDATE_MS)
    expect(timeline).to_have_count(2, timeout=LIVE_UPDATE_MS)
    expect(badge).to_have_text("1", timeout=LIVE_UPDATE_MS)
    toast = page.get_by_role("status").filter(has_text="Your order from Corner Bakery was confirmed")
    expect(toast).to_be_visible(timeout=LIVE_UPDATE_MS)
    open_bell(page)
    expect(page.get_by_role("button", name="Notifications, 1 unread")).to_be_visible()
    expect(page.get_by_test_id("bell")).to_contain_text("Your order from Corner Bakery was confirmed")
    expect(page.get_by_test_id("connection").first).to_have_text("live")
    screenshot(page, "customer")
    open_section(page, "My cards")
    page.get_by_role("button", name="Show my QR code").click()
    qr = page.get_by_role("dialog", name="My QR code")
    expect(qr.get_by_test_id("qr-countdown")).to_contain_text(re.compile(r"New code in (5\d|60) s"))
    expect(qr.get_by_role("alert")).to_have_count(0)
    screenshot(page, "customer-cards")
    page.keyboard.press("Escape")
    expect(qr).to_have_count(0)

    open_bell(page)
    page.get_by_role("button", name="Mark all read").click()
    expect(badge).to_have_text("0", timeout=LIVE_UPDATE_MS)
    expect(page.get_by_role("button", name="Notifications, 0 unread")).to_be_visible()
