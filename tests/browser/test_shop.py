"""A shop owner's page in Chromium: another shop's URL says "not allowed" and shows no data; a
visitor raises the live visitor count and shows on the page chart, a new order appears on the board
in its status's group and its button moves it to the next group; an order's detail shows its
timeline, which a status change extends live; a scan asks the customer, who accepts in their own
browser, and the shop's page lists them; a coupon is created and edited in its form, the server's
refusals shown at the field they name, and its usage bar moves live when it is redeemed; a table
sorts by the column whose header is pressed."""

from __future__ import annotations

import re

from google.cloud import firestore
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import screenshot
from tests.browser.live import LIVE_UPDATE_MS
from tests.browser.test_customer import open_bell, open_section, sign_in
from tests.support.data import new_key
from tests.support.loyalty import program, qr
from tests.support.orders import move, place
from tests.support.world import World


def test_another_shops_url_is_not_allowed(page: Page, site: str, world: World) -> None:
    mine, theirs = world.shop("Corner Bakery"), world.shop("Blue Bike Shop")
    place(world, world.customer(), theirs)
    sign_in(page, site, mine.owner)
    expect(page.get_by_test_id("shop-page")).to_have_text("Corner Bakery")
    page.goto(f"{site}/shop/{theirs.shop_id}")  # their overview
    expect(page.get_by_role("alert").first).to_have_text("You are not allowed to see this.")
    expect(page.get_by_test_id("overview-open-orders")).to_have_count(0)
    expect(page.get_by_test_id("shop-page")).to_have_text("Not your shop")
    screenshot(page, "shop-not-allowed")
    page.goto(f"{site}/shop/{theirs.shop_id}/orders")
    expect(page.get_by_role("alert").first).to_have_text("You are not allowed to see this.")
    expect(page.get_by_test_id("order-board")).to_have_count(0)


def test_visitors_and_orders_reach_the_shop_live(page: Page, site: str, world: World, db: firestore.Client) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace")
    sign_in(page, site, bakery.owner)
    open_section(page, "Visitors")
    visitors = page.get_by_test_id("visitors-now")
    expect(visitors).to_have_text("0")
    visitor = world.auth.anonymous()
    world.call("track_page", {"sessionId": "s1", "shopId": bakery.shop_id, "pageType": "homepage"}, visitor)
    expect(visitors).to_have_text("1", timeout=LIVE_UPDATE_MS)
    chart = page.get_by_role("figure", name="Visitors now, by page")
    expect(chart.get_by_role("img")).to_have_accessible_name("Bar chart of visitors now by page: Home page: 1 visitor")
    expect(chart.locator("figcaption")).to_have_text("Home page: 1 visitor.")

    open_section(page, "Orders")
    order_id = place(world, ada, bakery)
    board = page.get_by_test_id("order-board")
    expect(board.get_by_role("region", name="New: 1 order")).to_contain_text("Ada Lovelace", timeout=LIVE_UPDATE_MS)
    screenshot(page, "shop")
    board.get_by_role("button", name="Confirmed by the shop").click()
    confirmed = board.get_by_role("region", name="Confirmed: 1 order")
    expect(confirmed).to_contain_text("Ada Lovelace", timeout=LIVE_UPDATE_MS)
    expect(confirmed.get_by_role("button", name="Being prepared")).to_be_visible()
    expect(board.get_by_role("region", name="New: 1 order")).to_have_count(0)
    assert (db.document(f"orders/{order_id}").get().to_dict() or {})["version"] == 2


def test_a_scan_is_accepted_in_the_customers_browser(browser: Browser, site: str, world: World) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace")
    program(world, bakery)
    shop_page = browser.new_context().new_page()
    customer_page = browser.new_context().new_page()
    sign_in(shop_page, site, bakery.owner)
    open_section(shop_page, "Customers")
    sign_in(customer_page, site, ada)

    world.call("scan_qr", {"token": qr(world, ada), "idempotencyKey": new_key()}, bakery.owner)
    expect(customer_page.get_by_test_id("badge-unread")).to_have_text("2", timeout=LIVE_UPDATE_MS)  # scanned, join?
    open_bell(customer_page)
    accept = customer_page.get_by_test_id("bell").get_by_role("button", name="Accept", exact=True)
    expect(accept).to_be_visible(timeout=LIVE_UPDATE_MS)
    accept.click()
    expect(shop_page.get_by_test_id("loyalty-members")).to_contain_text("Ada Lovelace", timeout=LIVE_UPDATE_MS)
    open_section(customer_page, "My cards")
    expect(customer_page.get_by_test_id("cards").locator("li", has_text="Corner Bakery")).to_contain_text("Member")
    screenshot(customer_page, "customer-after-joining")
    shop_page.context.close()
    customer_page.context.close()


def test_the_scan_panel_reads_a_pasted_code(page: Page, site: str, world: World) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace")
    program(world, bakery)
    sign_in(page, site, bakery.owner)
    open_section(page, "Loyalty")
    page.get_by_label("Code (paste when the camera is unavailable)").fill(qr(world, ada))
    page.get_by_role("button", name="Scan", exact=True).click()
    expect(page.get_by_test_id("scan-outcome")).to_have_text("Ada Lovelace: enrollment requested")


def test_an_invitation_by_email_is_accepted_in_the_customers_browser(browser: Browser, site: str, world: World) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace", email="ada.invite@example.test")
    program(world, bakery)
    shop_page = browser.new_context().new_page()
    customer_page = browser.new_context().new_page()
    sign_in(shop_page, site, bakery.owner)
    sign_in(customer_page, site, ada)
    open_section(shop_page, "Loyalty")
    outcome = shop_page.get_by_test_id("invite-outcome")
    for email in ("nobody@example.test", "Ada.Invite@example.test"):  # the same answer either way
        shop_page.get_by_label("E-mail").fill(email)
        shop_page.get_by_role("button", name="Invite", exact=True).click()
        expect(outcome).to_have_text(f"If {email} has a customer account, they were asked to join.")

    expect(customer_page.get_by_test_id("badge-unread")).to_have_text("1", timeout=LIVE_UPDATE_MS)
    open_bell(customer_page)
    customer_page.get_by_test_id("bell").get_by_role("button", name="Accept", exact=True).click()
    open_section(shop_page, "Customers")
    expect(shop_page.get_by_test_id("loyalty-members")).to_contain_text("Ada Lovelace", timeout=LIVE_UPDATE_MS)
    screenshot(shop_page, "shop-after-invitation")
    shop_page.context.close()
    customer_page.context.close()


def test_a_double_click_moves_an_order_once(page: Page, site: str, world: World, db: firestore.Client) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace")
    order_id = place(world, ada, bakery)
    sign_in(page, site, bakery.owner)
    open_section(page, "Orders")
    sent: list[str] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.url) if request.method == "POST" and "update_order_status" in request.url else None
        ),
    )
    board = page.get_by_test_id("order-board")
    board.get_by_role("button", name="Confirmed by the shop").dblclick()
    expect(board.get_by_role("button", name="Being prepared")).to_be_visible(timeout=LIVE_UPDATE_MS)
    page.wait_for_timeout(500)  # a second call, had one been sent, would be out by now
    assert len(sent) == 1
    expect(page.get_by_role("alert")).to_have_count(0)
    order = db.document(f"orders/{order_id}").get().to_dict() or {}
    assert (order["status"], order["version"]) == ("confirmed", 2)
    assert len(list(db.collection(f"orders/{order_id}/timeline").stream())) == 2


def test_the_orders_detail_shows_its_timeline_live(page: Page, site: str, world: World) -> None:
    bakery, ada = world.shop("Corner Bakery"), world.customer("Ada Lovelace")
    order_id = place(world, ada, bakery)
    sign_in(page, site, bakery.owner)
    open_section(page, "Orders")
    page.get_by_test_id("order-board").get_by_role("link", name="Ada Lovelace: order details").click()
    expect(page).to_have_url(f"{site}/shop/{bakery.shop_id}/orders/{order_id}")
    detail = page.get_by_role("dialog", name="Order from Ada Lovelace")
    timeline = detail.get_by_test_id("order-timeline").locator("li")
    expect(timeline).to_have_count(1)
    expect(timeline.first).to_contain_text("Order placed")
    move(world, bakery.owner, order_id, "confirmed")  # elsewhere: another device of the shop's
    expect(timeline).to_have_count(2, timeout=LIVE_UPDATE_MS)
    expect(timeline.last).to_contain_text("Confirmed by the shop")
    detail.get_by_role("button", name="Being prepared").click()
    expect(timeline).to_have_count(3, timeout=LIVE_UPDATE_MS)
    expect(detail.get_by_test_id("order-detail-status")).to_have_text("Being prepared")
    screenshot(page, "shop-order-detail")
    detail.get_by_role("button", name="Close").click()
    expect(page).to_have_url(f"{site}/shop/{bakery.shop_id}/orders")


def test_a_coupon_is_created_and_edited(page: Page, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    world.coupon(bakery, code="TAKEN")
    sign_in(page, site, bakery.owner)
    open_section(page, "Coupons")
    page.get_by_role("button", name="New coupon").click()
    form = page.get_by_role("dialog", name="New coupon")
    form.get_by_label("Code").fill("x")  # too short: the server refuses, the field says why
    form.get_by_label("Title").fill("Spring sale")
    form.get_by_label("Discount (%)").fill("10")
    form.get_by_label("Limit (uses in all)").fill("50")
    form.get_by_role("button", name="Create coupon").click()
    expect(form.get_by_label("Code")).to_have_accessible_description(re.compile("3 to 32 letters"))
    form.get_by_label("Code").fill("taken")
    form.get_by_role("button", name="Create coupon").click()
    expect(form.get_by_label("Code")).to_have_accessible_description(
        re.compile("TAKEN is already used by another coupon")
    )
    screenshot(page, "shop-coupon-refused")
    form.get_by_label("Code").fill("spring10")
    form.get_by_role("button", name="Create coupon").click()
    expect(form).to_have_count(0)
    coupon = page.get_by_test_id("coupons").locator("li", has_text="SPRING10")
    expect(coupon).to_contain_text("Spring sale")
    expect(coupon).to_contain_text("10% off")
    expect(coupon.get_by_test_id("coupon-limit")).to_have_text("Up to 50 uses · 1 use per customer")
    expect(coupon).to_contain_text("Active")
    # Its usage, live: the shop's live stats count each coupon's redemptions.
    usage = coupon.get_by_role("progressbar")
    expect(usage).to_have_accessible_name("0 of 50 used")
    taken = page.get_by_test_id("coupons").locator("li", has_text="TAKEN")
    expect(taken.get_by_test_id("coupon-usage")).to_have_text("0 used · no limit")
    expect(taken.get_by_role("progressbar")).to_have_count(0)
    coupon_id = coupon.get_attribute("data-coupon-id")
    assert coupon_id is not None
    world.redeem(world.customer(), coupon_id)
    expect(usage).to_have_accessible_name("1 of 50 used", timeout=LIVE_UPDATE_MS)
    expect(usage).to_have_attribute("aria-valuenow", "1")

    coupon.get_by_role("button", name="Edit SPRING10").click()
    form = page.get_by_role("dialog", name="Edit SPRING10")
    expect(form.get_by_label("Limit (uses in all)")).to_have_value("50")
    form.get_by_label("Limit (uses in all)").fill("20")
    form.get_by_label("Active: customers can use it now").uncheck()
    form.get_by_role("button", name="Save changes").click()
    expect(form).to_have_count(0)
    expect(coupon.get_by_test_id("coupon-limit")).to_have_text(
        "Up to 20 uses · 1 use per customer", timeout=LIVE_UPDATE_MS
    )
    expect(coupon).to_contain_text("Inactive")
    expect(usage).to_have_accessible_name("1 of 20 used")
    screenshot(page, "shop-coupons")


def test_a_table_sorts_by_the_column_pressed_and_the_search_narrows_it(page: Page, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    coupon = world.coupon(bakery, perCustomerLimit=5)
    for name, redemptions in (("Grace Hopper", 1), ("Ada Lovelace", 3), ("Barbara Liskov", 2)):
        customer = world.customer(name)
        for _ in range(redemptions):
            world.redeem(customer, coupon, orderAmount=20)
    sign_in(page, site, bakery.owner)
    open_section(page, "Customers")
    rows = page.get_by_test_id("shop-customers").locator("tr td:first-child")
    expect(rows).to_have_count(3)
    header = page.get_by_role("columnheader", name="Customer")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(rows).to_have_text(["Ada Lovelace", "Barbara Liskov", "Grace Hopper"])
    header.get_by_role("button").press("Enter")  # by keyboard too
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(rows).to_have_text(["Grace Hopper", "Barbara Liskov", "Ada Lovelace"])
    by_redemptions = page.get_by_role("columnheader", name="Redemptions")
    by_redemptions.get_by_role("button").click()
    expect(by_redemptions).to_have_attribute("aria-sort", "ascending")
    expect(header).to_have_attribute("aria-sort", "none")
    expect(rows).to_have_text(["Grace Hopper", "Barbara Liskov", "Ada Lovelace"])
    page.get_by_label("Search customers and members").fill("lov")
    expect(rows).to_have_text(["Ada Lovelace"])
