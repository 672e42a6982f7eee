"""Moving between pages in Chromium: each section has its own URL, and a shop owner's page changes
reach an admin's feed as `tab_change` entries within 3 s, filterable by that action."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import screenshot
from tests.browser.test_customer import open_section, sign_in
from tests.support.world import World

LIVE_WITHIN_MS = 3000


def test_a_shop_owners_page_changes_reach_the_admin_feed(browser: Browser, site: str, world: World) -> None:
    bakery = world.shop("Corner Bakery")
    # The Functions emulator starts a function's worker on its first call: not what is timed here.
    world.call("track_action", {"action": "page_view"}, bakery.owner)
    admin = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    owner = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in(admin, site, world.admin)
    admin.get_by_label("Type").select_option(label="user_action: tab_change")
    feed = admin.get_by_test_id("admin-feed").locator("li")
    expect(feed).to_have_count(0)

    sign_in(owner, site, bakery.owner)
    assert owner.url.endswith(f"/shop/{bakery.shop_id}/orders")
    for count, (section, segment) in enumerate(
        (("Visitors", "visitors"), ("Customers", "customers"), ("Loyalty", "loyalty")), start=1
    ):
        open_section(owner, section)
        assert owner.url.endswith(f"/shop/{bakery.shop_id}/{segment}")
        expect(feed).to_have_count(count, timeout=LIVE_WITHIN_MS)
        expect(feed.first).to_contain_text(f"opened /shop/{bakery.shop_id}/{segment}")
    # A reload lands on the same section and is no page change: the next move is the fourth entry.
    owner.reload()
    expect(owner.get_by_role("region", name="Scan a QR code")).to_be_visible()
    open_section(owner, "Orders")
    expect(feed.first).to_contain_text(f"opened /shop/{bakery.shop_id}/orders", timeout=LIVE_WITHIN_MS)
    expect(feed).to_have_count(4)
    screenshot(admin, "admin-tab-changes")
    admin.context.close()
    owner.context.close()
