"""The admin's and the affiliate's pages in Chromium: a redemption made through the callable appears
within 3 s in the admin feed, the shop's customers, the customer's redemptions, the affiliate's
acquired customers and its commission chart, and in the admin's shops and affiliates tables; a
filter chip filters the feed; an admin changes a user's role and the users table shows it; a
customer who opens the admin's URL is sent to their own page."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import screenshot
from tests.browser.live import LIVE_UPDATE_MS
from tests.browser.test_customer import open_section, sign_in
from tests.support.world import World

# Coupons of these tests: a fixed discount of 5 and 5 % commission on an order of 40.
DISCOUNT, COMMISSION = "€5.00", "€2.00"


def choose_chip(page: Page, label: str) -> None:
    """Filter the admin feed by one of its chips."""
    page.get_by_role("group", name="Filter the feed").get_by_text(label, exact=True).click()
    expect(page.get_by_role("radio", name=label, exact=True)).to_be_checked()


def row(page: Page, test_id: str, text: str) -> Locator:
    return page.get_by_test_id(test_id).filter(has_text=text)


def test_a_redemption_reaches_every_page_that_shows_it(browser: Browser, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    blog = world.affiliate("DEALS10", name="Daily Deals Blog")
    ada = world.customer("Ada Lovelace")
    coupon = world.coupon(bakery, affiliateId=blog.affiliate_id, commissionRate=0.05)
    pages = {}
    for name, user in (("admin", world.admin), ("shop", bakery.owner), ("customer", ada), ("affiliate", blog.user)):
        pages[name] = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
        sign_in(pages[name], site, user)
    open_section(pages["admin"], "Activity")
    open_section(pages["shop"], "Customers")
    open_section(pages["customer"], "My redemptions")
    summary = pages["affiliate"].get_by_test_id("commission-summary")
    expect(summary).to_contain_text("Today: €0.00")

    world.redeem(ada, coupon, orderAmount=40)
    expect(pages["admin"].get_by_test_id("admin-feed")).to_contain_text("Ada Lovelace redeemed", timeout=LIVE_UPDATE_MS)
    expect(pages["shop"].get_by_test_id("shop-customers")).to_contain_text("Ada Lovelace", timeout=LIVE_UPDATE_MS)
    expect(pages["customer"].get_by_test_id("redemptions").locator("tr")).to_have_count(1, timeout=LIVE_UPDATE_MS)
    expect(pages["affiliate"].get_by_test_id("acquired")).to_contain_text("Ada Lovelace", timeout=LIVE_UPDATE_MS)
    expect(summary).to_contain_text(f"Today: {COMMISSION}", timeout=LIVE_UPDATE_MS)
    chart = pages["affiliate"].get_by_role("img", name=re.compile(r"^Bar chart of commission per UTC day"))
    expect(chart).to_have_attribute("aria-label", re.compile(rf"Today: {re.escape(COMMISSION)}$"))
    open_section(pages["admin"], "Overview")
    expect(pages["admin"].get_by_test_id("stats-redemptions-total")).to_have_text("1", timeout=LIVE_UPDATE_MS)
    for name, page in pages.items():
        screenshot(page, name)
        page.context.close()


def test_the_shops_and_affiliates_tables_show_a_redemption_live(page: Page, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    world.shop("Blue Bike Shop")
    blog = world.affiliate("DEALS10", name="Daily Deals Blog")
    ada = world.customer("Ada Lovelace")
    coupon = world.coupon(bakery, affiliateId=blog.affiliate_id, commissionRate=0.05)
    sign_in(page, site, world.admin)
    open_section(page, "Shops")
    bakery_row, bikes = row(page, "shop-row", "Corner Bakery"), row(page, "shop-row", "Blue Bike Shop")
    expect(bakery_row.get_by_test_id("shop-redemptions-today")).to_have_text("0")

    world.redeem(ada, coupon, orderAmount=40)
    expect(bakery_row.get_by_test_id("shop-redemptions-today")).to_have_text("1", timeout=LIVE_UPDATE_MS)
    expect(bakery_row.get_by_test_id("shop-redemptions-total")).to_have_text("1")
    expect(bakery_row.get_by_test_id("shop-discount")).to_have_text(DISCOUNT)
    expect(bikes.get_by_test_id("shop-redemptions-total")).to_have_text("0")
    screenshot(page, "admin-shops-live")

    open_section(page, "Affiliates")
    blog_row = row(page, "affiliate-row", "Daily Deals Blog")
    expect(blog_row.get_by_test_id("affiliate-redemptions")).to_have_text("1")
    expect(blog_row.get_by_test_id("affiliate-commission")).to_have_text(COMMISSION)
    expect(blog_row.get_by_test_id("affiliate-customers")).to_have_text("1")


def test_a_filter_chip_filters_the_feed(page: Page, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    ada = world.customer("Ada Lovelace")
    world.redeem(ada, world.coupon(bakery))
    sign_in(page, site, world.admin)
    page.goto(f"{site}/admin/activity")  # loaded, not moved to: no page change of the admin's joins the feed
    entries = page.get_by_test_id("admin-feed").locator("li")
    expect(entries.filter(has_text="Ada Lovelace redeemed")).to_have_count(1)
    everything = entries.count()
    assert everything > 1  # the shop, the customer, the coupon and the redemption

    choose_chip(page, "Redemptions")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Ada Lovelace redeemed")
    choose_chip(page, "New shops")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Corner Bakery")
    choose_chip(page, "QR scans")
    expect(entries).to_have_count(0)
    expect(page.get_by_role("region", name="Activity feed")).to_contain_text("Nothing of this kind yet")
    choose_chip(page, "Everything")
    expect(entries).to_have_count(everything)


def test_an_admin_changes_a_users_role(page: Page, site: str, world: World) -> None:
    world.shop("Corner Bakery")
    world.customer("Ada Lovelace")
    grace = world.customer("Grace Hopper")
    sign_in(page, site, world.admin)
    open_section(page, "Users")
    users = page.get_by_test_id("user-row")
    expect(users).to_have_count(4)  # the admin, the bakery's owner, Ada and Grace
    expect(users.first).to_contain_text("Grace Hopper")  # the latest role change first
    grace_row = row(page, "user-row", "Grace Hopper")
    expect(grace_row).to_contain_text(grace.email or "")
    expect(grace_row.get_by_test_id("user-role")).to_have_text("Customer")
    change = page.get_by_role("button", name="Change role of Grace Hopper")
    expect(change).to_be_disabled()  # nothing to change yet

    page.get_by_label("New role for Grace Hopper").select_option(label="Admin")
    change.click()
    expect(grace_row.get_by_test_id("user-role")).to_have_text("Admin", timeout=LIVE_UPDATE_MS)
    expect(change).to_be_disabled()
    expect(row(page, "user-row", world.admin.email or "")).to_contain_text("You")

    page.get_by_label("New role for Ada Lovelace").select_option(label="Shop owner")
    expect(page.get_by_label("Shop Ada Lovelace owns")).to_have_value(world.shops[0].shop_id)
    page.get_by_role("button", name="Change role of Ada Lovelace").click()
    expect(row(page, "user-row", "Ada Lovelace").get_by_test_id("user-role")).to_have_text(
        "Shop owner", timeout=LIVE_UPDATE_MS
    )
    expect(users.first).to_contain_text("Ada Lovelace")
    # The profile can show the new role before the call has returned: the button is pending until then.
    expect(page.get_by_role("button", name="Change role of Ada Lovelace")).not_to_have_attribute("data-loading", "true")
    screenshot(page, "admin-role-changed")


def test_a_role_is_sent_to_its_own_page(browser: Browser, site: str, world: World) -> None:
    ada = world.customer("Ada Lovelace")
    page = browser.new_context().new_page()
    sign_in(page, site, ada)
    page.goto(f"{site}/admin")
    expect(page.get_by_role("region", name="My orders")).to_be_visible()
    assert page.url.endswith("/customer/orders")
    page.context.close()
