"""The admin's and the affiliate's pages in Chromium: a redemption made through the callable appears
within 3 s in the admin feed, the shop's customers, the customer's redemptions and the affiliate's
acquired customers; a customer who opens the admin's URL is sent to their own page."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import screenshot
from tests.browser.test_customer import open_section, sign_in
from tests.support.world import World

LIVE_WITHIN_MS = 3000


def test_a_redemption_reaches_every_page_that_shows_it(browser: Browser, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    blog = world.affiliate("DEALS10", name="Daily Deals Blog")
    ada = world.customer("Ada Lovelace")
    coupon = world.coupon(bakery, affiliateId=blog.affiliate_id, commissionRate=0.05)
    pages = {}
    for name, user in (("admin", world.admin), ("shop", bakery.owner), ("customer", ada), ("affiliate", blog.user)):
        pages[name] = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
        sign_in(pages[name], site, user)
    open_section(pages["shop"], "Customers")
    open_section(pages["customer"], "My redemptions")

    world.redeem(ada, coupon, orderAmount=40)
    expect(pages["admin"].get_by_test_id("admin-feed")).to_contain_text("Ada Lovelace redeemed", timeout=LIVE_WITHIN_MS)
    expect(pages["shop"].get_by_test_id("shop-customers")).to_contain_text("Ada Lovelace", timeout=LIVE_WITHIN_MS)
    expect(pages["customer"].get_by_test_id("redemptions").locator("tr")).to_have_count(1, timeout=LIVE_WITHIN_MS)
    expect(pages["affiliate"].get_by_test_id("acquired")).to_contain_text("Ada Lovelace", timeout=LIVE_WITHIN_MS)
    expect(pages["admin"].get_by_test_id("stats-redemptions-total")).to_have_text("1", timeout=LIVE_WITHIN_MS)
    for name, page in pages.items():
        screenshot(page, name)
        page.context.close()


def test_a_role_is_sent_to_its_own_page(browser: Browser, site: str, world: World) -> None:
    ada = world.customer("Ada Lovelace")
    page = browser.new_context().new_page()
    sign_in(page, site, ada)
    page.goto(f"{site}/admin")
    expect(page.get_by_role("region", name="My orders")).to_be_visible()
    assert page.url.endswith("/customer/orders")
    page.context.close()
