"""What is kept of a client's address and user agent (platform/addresses.py): a salted hash and a
class, never either itself."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from storepulse.platform import addresses

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
CHROME_ANDROID_PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
    "Safari/537.36"
)
FIREFOX_ANDROID_TABLET = "Mozilla/5.0 (Android 14; Tablet; rv:132.0) Gecko/132.0 Firefox/132.0"
EDGE_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36 Edg/131.0.0.0"
)
SAFARI_IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Mobile/15E148 Safari/604.1"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (CHROME_WINDOWS, ("chrome", "windows", "desktop")),
        (SAFARI_IPHONE, ("safari", "ios", "mobile")),
        (CHROME_ANDROID_PHONE, ("chrome", "android", "mobile")),
        (FIREFOX_ANDROID_TABLET, ("firefox", "android", "tablet")),
        (EDGE_MAC, ("edge", "macos", "desktop")),
        (SAFARI_IPAD, ("safari", "ios", "tablet")),
        (GOOGLEBOT, ("bot", "other", "bot")),
        ("Storepulse/2.1", ("other", "other", "other")),
    ],
)
def test_a_user_agent_becomes_its_class(agent: str, expected: tuple[str, str, str]) -> None:
    client = addresses.classify(agent)
    assert client is not None
    assert (client.browser, client.os, client.device) == expected
    assert agent not in str(client.as_document())


def test_no_user_agent_no_class() -> None:
    assert addresses.classify(None) is None
    assert addresses.classify("") is None


def test_an_address_is_kept_as_its_salted_hash_only() -> None:
    hashed = addresses.address_hash("203.0.113.7", "salt")
    assert hashed == hmac.new(b"salt", b"203.0.113.7", hashlib.sha256).hexdigest()[:32]
    assert hashed != addresses.address_hash("203.0.113.7", "another salt")
    assert hashed != hashlib.sha256(b"203.0.113.7").hexdigest()[:32]  # unsalted: reversible by brute force
    assert addresses.address_hash(None, "salt") is None
    assert addresses.address_hash("203.0.113.7", "") is None  # no salt configured: nothing kept


def test_the_address_is_the_front_ends_entry_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FUNCTIONS_EMULATOR", raising=False)
    assert addresses.client_address("198.51.100.1, 203.0.113.7", "10.0.0.1") == "203.0.113.7"
    assert addresses.client_address(None, "10.0.0.1") == "10.0.0.1"
    monkeypatch.setenv("FUNCTIONS_EMULATOR", "true")
    assert addresses.client_address("198.51.100.1, 203.0.113.7", "10.0.0.1") == "198.51.100.1"
