"""Every page of every role, at a desktop's width (1280 x 900) and a phone's (390 x 844): axe-core
(injected from node_modules, the version web/package.json pins) reports no serious or critical
violation, nothing scrolls sideways at phone width (`scrollWidth <= 390`), and a screenshot of each
goes to reports/screenshots/ as `{role}-{section}-{width}.png`. At phone width the sections fold
behind the burger, which opens them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore
from playwright.sync_api import Browser, Page, expect

from scripts.lib.stack import ROOT
from storepulse.analytics.refresh import refresh_pulse
from tests.browser.conftest import screenshot
from tests.browser.test_customer import open_bell, sign_in
from tests.support.checkout import fail, start_checkout
from tests.support.data import new_key
from tests.support.emulator_clients import User
from tests.support.loyalty import program
from tests.support.orders import move, place
from tests.support.world import World

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
BAD = ("serious", "critical")
SECTIONS = {
    "shop": ["overview", "orders", "visitors", "insights", "customers", "payment-errors", "coupons", "loyalty"],
    "customer": ["orders", "cards", "redemptions"],
    "admin": ["overview", "activity", "shops", "affiliates", "users"],
    "affiliate": [""],
}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => [n.target.join(' '), n.failureSummary])}))"""
    )
    return [violation for violation in found if violation["impact"] in BAD]


def settled(page: Page) -> None:
    """The page has its heading, no panel is still loading, and no transition is half way (a
    popover fading in has blended colours that axe would judge)."""
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    expect(page.get_by_role("status", name="Loading")).to_have_count(0, timeout=10_000)
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")


def check(page: Page, name: str, width: int) -> None:
    settled(page)
    violations = axe_violations(page)
    assert not violations, f"{name}: {violations}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: {scroll_width} px wide at {width} px"
    screenshot(page, f"{name}-{width}")


def populate(world: World, db: firestore.Client) -> dict[str, tuple[User, str]]:
    """A shop with open orders (one on its way, with its delivery), a customer who redeemed and is a
    member, an affiliate who acquired them, a visitor on a category page, another whose payment
    failed, and a current pulse."""
    bakery = world.shop("Corner Bakery")
    blog = world.affiliate("DEALS10", name="Daily Deals Blog")
    ada = world.customer("Ada Lovelace")
    program(world, bakery)
    coupon = world.coupon(bakery, affiliateId=blog.affiliate_id, commissionRate=0.05)
    world.redeem(ada, coupon, orderAmount=40)
    place(world, ada, bakery)
    on_its_way = place(world, ada, bakery, "delivery")
    for status in ("confirmed", "preparing"):
        move(world, bakery.owner, on_its_way, status)
    eta = (datetime.now(UTC) + timedelta(minutes=40)).isoformat()
    world.call(
        "update_delivery",
        {"orderId": on_its_way, "carrier": "City Couriers", "eta": eta, "idempotencyKey": new_key()},
        bakery.owner,
    )
    browsing = world.auth.anonymous()
    world.call(
        "track_page", {"sessionId": "s2", "shopId": bakery.shop_id, "pageType": "category", "pageId": "bread"}, browsing
    )
    visitor = world.auth.anonymous()
    fail(world, visitor, start_checkout(world, bakery, visitor))
    refresh_pulse(db, datetime.now(UTC))
    return {
        "shop": (bakery.owner, f"/shop/{bakery.shop_id}"),
        "customer": (ada, "/customer"),
        "admin": (world.admin, "/admin"),
        "affiliate": (blog.user, "/affiliate"),
    }


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_landing_page_is_accessible_and_fits(browser: Browser, site: str, db: firestore.Client, width: str) -> None:
    refresh_pulse(db, datetime.now(UTC))
    w, h = WIDTHS[width]
    page = browser.new_context(viewport={"width": w, "height": h}).new_page()
    page.goto(site)
    expect(page.get_by_test_id("pulse-total-users")).to_be_visible()
    check(page, "sign-in", w)
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("role", list(SECTIONS))
def test_every_section_is_accessible_and_fits(
    browser: Browser, site: str, world: World, db: firestore.Client, role: str, width: str
) -> None:
    user, root = populate(world, db)[role]
    w, h = WIDTHS[width]
    page = browser.new_context(viewport={"width": w, "height": h}).new_page()
    sign_in(page, site, user)
    for section in SECTIONS[role]:
        page.goto(f"{site}{root}/{section}" if section else f"{site}{root}")
        check(page, f"{role}-{section or 'home'}", w)
    if width == "phone" and len(SECTIONS[role]) > 1:
        folded = page.locator("nav[aria-label='Sections']")  # inert while folded: not in the role tree
        expect(folded).not_to_be_in_viewport()
        page.get_by_role("button", name="Sections menu").click()
        expect(folded).to_be_in_viewport()
        screenshot(page, f"{role}-menu-{w}")
        page.get_by_role("navigation", name="Sections").get_by_role("link").first.click()
        expect(folded).not_to_be_in_viewport()
    if role == "shop":
        page.goto(f"{site}{root}/orders")
        page.get_by_test_id("order-board").get_by_role("link").first.click()
        expect(page.get_by_test_id("order-timeline").locator("li").first).to_be_visible()
        check(page, "shop-order", w)
        page.goto(f"{site}{root}/coupons")
        page.get_by_role("button", name="New coupon").click()
        expect(page.get_by_role("dialog", name="New coupon")).to_be_visible()
        check(page, "shop-coupon-form", w)
    if role == "customer":
        page.goto(f"{site}/customer/cards")
        page.get_by_role("button", name="Show my QR code").click()
        expect(page.get_by_role("dialog", name="My QR code").get_by_test_id("qr-countdown")).to_be_visible()
        check(page, "customer-qr", w)
        page.goto(f"{site}/account")
        check(page, "customer-account", w)
        open_bell(page)
        expect(page.get_by_test_id("bell").locator("li").first).to_be_visible()
        check(page, "customer-bell", w)
    page.context.close()
