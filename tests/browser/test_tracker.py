"""The storefront tracker in Chromium: docs/integrate.md's storefront page (clients/js/examples/
storefront.html), served here, not by Hosting, loads /storepulse.js by its one script tag and has
nothing else of Storepulse. Its visits (by pushState and back), a <body data-sp-page> override and a
data-storepulse-event click move the shop's live visitors and action log within 3 s, and its checkout
functions (window.storepulse's calls) move its checkouts and payments; closing the page, or leaving
it, ends the session; a returning visitor keeps its uid."""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import pytest
import requests
from google.cloud import firestore
from playwright.sync_api import Page

from scripts.lib.stack import PROJECT_ID, ROOT
from storepulse.visitors.live import read_live_visitors
from tests.browser.conftest import screenshot
from tests.browser.live import LIVE_UPDATE_MS
from tests.support.emulator_clients import AuthEmulator, CallableError, Functions
from tests.support.world import World

LIVE_UPDATE_S = LIVE_UPDATE_MS / 1000
SCRIPT = ROOT / "clients" / "js" / "dist" / "storepulse.js"
# The web config a storefront owner pastes into data-config (the Auth emulator takes any API key).
CONFIG = {"apiKey": "demo-api-key", "projectId": PROJECT_ID}
EXAMPLE = ROOT / "clients" / "js" / "examples" / "storefront.html"
# The example's script tag as the doc shows it, with the placeholders an owner fills in.
EXAMPLE_TAG = '<script src="https://YOUR-STOREPULSE-SITE/storepulse.js" data-shop="YOUR_SHOP_ID" defer></script>'


def storefront_page(shop_id: str, attributes: dict[str, str]) -> str:
    """The example page as an owner would fill it in: the script from "their Storepulse site" (this
    test's server, which serves /storepulse.js and init.json as Hosting does) and their shop, with
    `attributes` (the local emulators' host, a config or a page map) added to the tag."""
    page = EXAMPLE.read_text()
    assert page.count(EXAMPLE_TAG) == 1, f"{EXAMPLE} no longer has the script tag this test fills in"
    added = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes.items())
    return page.replace(
        EXAMPLE_TAG, f'<script src="/storepulse.js" data-shop="{html.escape(shop_id)}"{added} defer></script>'
    )


T = TypeVar("T")


class Storefront:
    """A storefront's own web server: /storepulse.js, Hosting's reserved init.json, and the page for
    every other path (a single-page app's server)."""

    def __init__(self, page: str) -> None:
        routes = {
            "/storepulse.js": ("text/javascript", SCRIPT.read_bytes()),
            "/__/firebase/init.json": ("application/json", json.dumps(CONFIG).encode()),
        }

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                kind, body = routes.get(self.path, ("text/html; charset=utf-8", page.encode()))
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def storefront() -> Iterator[Callable[[str, dict[str, str]], Storefront]]:
    started: list[Storefront] = []

    def start(shop_id: str, attributes: dict[str, str]) -> Storefront:
        started.append(Storefront(storefront_page(shop_id, attributes)))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture(scope="module", autouse=True)
def _workers_started(functions: Functions, auth_emulator: AuthEmulator) -> None:
    """The Functions emulator starts a function's worker on its first call, which takes seconds
    (a deployed instance's cold start is another matter, not measured here): each callable the
    storefront sends is called once before the 3 s windows start. Nothing stays written."""
    visitor = auth_emulator.anonymous()
    for name, data in (
        ("track_page", {"sessionId": "warm", "shopId": "none", "pageType": "homepage"}),
        ("heartbeat", {"sessionId": "warm"}),
        ("track_action", {"action": "page_view", "shopId": "none"}),
        ("end_session", {"sessionId": "warm"}),
        ("checkout_started", {"sessionId": "warm", "shopId": "none", "items": [], "total": 0, "currency": "EUR"}),
        ("payment_initiated", {"checkoutId": "none", "method": "card"}),
        ("payment_succeeded", {"checkoutId": "none", "amount": 1}),
    ):
        with pytest.raises(CallableError):  # no such shop, session or checkout
            functions.call(name, data, visitor)


def within(seconds: float, read: Callable[[], T], holds: Callable[[T], bool]) -> T:
    """Read until `holds(value)`, for at most `seconds` from now; returns that value."""
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        if holds(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s; last: {value}")
        time.sleep(0.1)


def live(db: firestore.Client, shop_id: str) -> dict[str, Any]:
    return read_live_visitors(db, shop_id).counts


def see_live(db: firestore.Client, shop_id: str, expected: dict[str, Any]) -> None:
    """The shop's live counts become `expected` within 3 s."""
    within(LIVE_UPDATE_S, lambda: live(db, shop_id), lambda counts: counts == expected)


def on_page(page_type: str, group: str | None = None, page_id: str | None = None) -> dict[str, Any]:
    """The shop's live counts with one visitor on this page."""
    groups: dict[str, Any] = {"categories": {}, "offers": {}, "products": {}}
    if group is not None:
        groups[group] = {page_id: 1}
    return {"total": 1, "checkouts": 0, "payments": 0, "pageTypes": {page_type: 1}, **groups}


NOBODY = {
    "total": 0,
    "checkouts": 0,
    "payments": 0,
    "pageTypes": {},
    "categories": {},
    "offers": {},
    "products": {},
}


def sessions(db: firestore.Client, shop_id: str) -> list[dict[str, Any]]:
    query = db.collection("visitorSessions").where(filter=firestore.FieldFilter("shopId", "==", shop_id))
    return [snapshot.to_dict() or {} for snapshot in query.stream()]


def actions(db: firestore.Client, shop_id: str) -> list[dict[str, Any]]:
    query = db.collection("userActionLog").where(filter=firestore.FieldFilter("shopId", "==", shop_id))
    return [snapshot.to_dict() or {} for snapshot in query.stream()]


def test_the_script_tag_tracks_a_storefront(
    page: Page, world: World, db: firestore.Client, storefront: Callable[[str, dict[str, str]], Storefront]
) -> None:
    shop = world.shop("Fruit market").shop_id
    site = storefront(shop, {"data-config": json.dumps(CONFIG), "data-emulators": "127.0.0.1"})
    moves = {
        "/": on_page("homepage"),
        "/c/fruit": on_page("category", "categories", "fruit"),
        "/offers/weekend": on_page("offer", "offers", "weekend"),
    }

    warnings: list[str] = []  # what the tracker reports of its own failed calls
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    page.goto(f"{site.origin}/")
    see_live(db, shop, moves["/"])
    # A tab shown again beats at once (then once a minute while it stays visible).
    with page.expect_response("**/heartbeat") as beat:
        page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    assert beat.value.ok
    for path in ("/c/fruit", "/offers/weekend"):
        page.evaluate("path => history.pushState({}, '', path)", path)
        see_live(db, shop, moves[path])
    page.go_back()  # popstate
    see_live(db, shop, moves["/c/fruit"])
    # The storefront names the page itself: <body> wins over the path.
    page.evaluate("() => Object.assign(document.body.dataset, {spPage: 'product', spId: 'apple'})")
    see_live(db, shop, on_page("product", "products", "apple"))

    page.get_by_role("button", name="Add to cart").click()
    [action] = within(LIVE_UPDATE_S, lambda: actions(db, shop), lambda found: len(found) == 1)
    [session] = sessions(db, shop)
    assert action["action"] == "add_to_cart"
    assert (action["uid"], action["sessionId"]) == (session["uid"], session["sessionId"])
    assert action["device"]["platform"] == "web"
    assert (session["status"], session["anonymous"], session["pageViews"]) == ("active", True, 5)

    # The page's checkout functions: window.storepulse fills in the session and the shop.
    checkout_id = page.evaluate(
        """() => openCheckout({
            items: [{productId: 'apple', name: 'Apples, 1 kg', qty: 2, unitPrice: 2.5}], total: 5, currency: 'EUR'})"""
    )
    on_apples = on_page("product", "products", "apple")
    assert live(db, shop) == {**on_apples, "checkouts": 1}
    page.evaluate("id => payByCard(id)", checkout_id)
    assert live(db, shop) == {**on_apples, "payments": 1}
    paid = page.evaluate("id => paymentAnswered(id, 5, {ok: true})", checkout_id)
    assert paid["status"] == "paid"
    assert live(db, shop) == on_apples
    assert warnings == []
    screenshot(page, "storefront")

    # A closing page ends its session (end_session outlives the page), and the shop has nobody.
    page.close()
    within(LIVE_UPDATE_S, lambda: sessions(db, shop), lambda found: found[0]["status"] == "ended")
    assert live(db, shop) == NOBODY


def test_a_returning_visitor_keeps_its_uid_and_init_json_and_data_pages_are_read(
    page: Page, world: World, db: firestore.Client, storefront: Callable[[str, dict[str, str]], Storefront]
) -> None:
    shop = world.shop("Veg market").shop_id
    pages = {"/": "homepage", "/shop/:id": "category"}
    # No data-config: the web config comes from /__/firebase/init.json of the script's own origin.
    site = storefront(shop, {"data-pages": json.dumps(pages), "data-emulators": "127.0.0.1"})

    page.goto(f"{site.origin}/shop/veg")
    see_live(db, shop, on_page("category", "categories", "veg"))
    page.evaluate("() => history.pushState({}, '', '/c/fruit')")  # not a page of this map: not tracked
    page.evaluate("() => history.pushState({}, '', '/')")
    see_live(db, shop, on_page("homepage"))
    [first] = sessions(db, shop)
    assert first["pageViews"] == 2

    again = page.context.new_page()  # the same browser (its localStorage), a new page
    # Leaving by navigation cancels the document's requests: end_session goes only as keepalive.
    page.goto("about:blank")
    again.goto(f"{site.origin}/")
    found = within(
        LIVE_UPDATE_S,
        lambda: sessions(db, shop),
        lambda found: sorted(session["status"] for session in found) == ["active", "ended"],
    )
    assert {session["uid"] for session in found} == {first["uid"]}
    # Closed here, not by the fixture: its end_session lands before the next test clears the data.
    again.close()
    within(LIVE_UPDATE_S, lambda: sessions(db, shop), lambda found: {s["status"] for s in found} == {"ended"})


def test_hosting_serves_the_script_beside_the_app(site: str) -> None:
    """The web build ships storepulse.js, and a real file wins over the app's ** rewrite."""
    response = requests.get(f"{site}/storepulse.js", timeout=30)
    assert response.status_code == 200
    assert "javascript" in response.headers["Content-Type"]
    assert response.content == SCRIPT.read_bytes()
