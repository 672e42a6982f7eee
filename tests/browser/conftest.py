"""Browser tests: the web app served by the Hosting emulator, in Debian's Chromium driven by
Playwright (no browser download). Every test starts from fresh data; screenshots go to
reports/screenshots/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from scripts.lib.stack import ROOT
from tests.support.emulator_clients import Endpoints

CHROMIUM = Path(os.environ.get("STOREPULSE_CHROMIUM", "/usr/bin/chromium"))
# Flags for a closed network (no Google hosts to reach) and a root user in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "reports" / "screenshots"


@pytest.fixture(autouse=True)
def _fresh(fresh_data: None) -> None:
    """Empty Firestore and Auth before each test."""


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium (apt-get install chromium)")
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def site(emulators: Endpoints) -> str:
    """The Hosting emulator's origin (it serves web/dist)."""
    return os.environ.get("STOREPULSE_HOSTING_ORIGIN", "http://127.0.0.1:5050")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # A full-page capture of a taller page would cut the fixed navigation at the screen's height,
    # which no user sees (it stays beside them as they scroll): for the capture it reaches the
    # bottom of the page, then it is put back.
    stretched = page.evaluate(
        """() => {
            const nav = document.querySelector('nav[aria-label="Sections"]');
            if (!nav) return false;
            const top = nav.getBoundingClientRect().top + window.scrollY;
            nav.dataset.height = nav.style.height;
            nav.style.height = `${document.documentElement.scrollHeight - top}px`;
            return true;
        }"""
    )
    page.screenshot(path=str(path), full_page=True)
    if stretched:
        page.evaluate(
            """() => {
                const nav = document.querySelector('nav[aria-label="Sections"]');
                nav.style.height = nav.dataset.height;
            }"""
        )
    return path
