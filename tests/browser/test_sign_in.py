"""The sign-in page in Chromium: the live platform pulse for a visitor with no account, the current
hour growing within 3 s of an event made elsewhere, a stale pulse said so, and the live /
reconnecting indicator following the network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from google.cloud import firestore
from playwright.sync_api import Page, expect

from storepulse.analytics.refresh import refresh_pulse
from tests.browser.conftest import screenshot
from tests.browser.live import LIVE_UPDATE_MS
from tests.support.world import World


def test_a_visitor_sees_the_live_pulse(page: Page, site: str, world: World, db: firestore.Client) -> None:
    world.customer()
    pulse = refresh_pulse(db, datetime.now(UTC))
    page.goto(site)
    expect(page.get_by_test_id("pulse-total-users")).to_have_text(str(pulse["totalUsers"]))
    expect(page.get_by_test_id("tier-bronze")).to_have_text(f"bronze {pulse['tierDistribution']['bronze']}")
    expect(page.get_by_test_id("connection")).to_have_text("live")
    expect(page.get_by_test_id("pulse-as-of")).to_contain_text("as of")
    expect(page.get_by_test_id("pulse-hours").locator("li")).to_have_count(12)
    screenshot(page, "sign-in")

    page.get_by_role("button", name="Continue as visitor").click()
    expect(page.get_by_test_id("visitor")).to_be_visible()
    expect(page.get_by_test_id("pulse-total-users")).to_have_text(str(pulse["totalUsers"]))
    screenshot(page, "visitor")
    for path in ("/admin", "/customer", f"/shop/{world.admin.uid}"):  # a visitor sees only the pulse
        page.goto(f"{site}{path}")
        expect(page.get_by_test_id("visitor")).to_be_visible()
        expect(page.get_by_test_id("pulse-total-users")).to_be_visible()
        expect(page.get_by_test_id("signed-in")).to_have_count(0)


def test_the_current_hour_grows_without_a_reload(page: Page, site: str, world: World, db: firestore.Client) -> None:
    shop, customer = world.shop(), world.customer()
    coupon = world.coupon(shop)
    before = refresh_pulse(db, datetime.now(UTC))["lastHours"][-1]["total"]
    page.goto(site)
    current = page.get_by_test_id("pulse-current-hour")
    expect(current).to_have_text(str(before))
    world.redeem(customer, coupon)
    refresh_pulse(db, datetime.now(UTC))  # the every-minute job, run now
    expect(current).to_have_text(str(before + 1), timeout=LIVE_UPDATE_MS)


def test_a_stale_pulse_says_so(page: Page, site: str, db: firestore.Client) -> None:
    refresh_pulse(db, datetime.now(UTC) - timedelta(minutes=3))
    page.goto(site)
    expect(page.get_by_test_id("pulse-as-of")).to_contain_text("may be out of date")
    screenshot(page, "sign-in-stale")


def test_the_indicator_says_reconnecting_while_the_network_is_gone(page: Page, site: str, db: firestore.Client) -> None:
    refresh_pulse(db, datetime.now(UTC))
    page.goto(site)
    connection = page.get_by_test_id("connection")
    expect(connection).to_have_text("live")

    page.context.set_offline(True)  # the listener's stream fails: snapshots now come from the cache
    expect(connection).to_have_text("reconnecting…", timeout=30_000)
    expect(page.get_by_test_id("pulse-total-users")).to_be_visible()  # the last figures stay on screen
    screenshot(page, "sign-in-reconnecting")

    page.context.set_offline(False)
    expect(connection).to_have_text("live", timeout=30_000)
