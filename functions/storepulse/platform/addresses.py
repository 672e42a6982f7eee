"""The client's network address and user agent: which address to trust, and what is kept of either.

Behind Google's front end the request's `X-Forwarded-For` ends with the address the front end saw
(it appends it); the entries before it are whatever the client chose to send, so only the last one
counts. Under the emulators there is no front end: the header is taken as sent (its first entry),
which lets the demo's traffic and the tests act as visitors from many addresses.

An address is never stored or logged: a keyed hash (HMAC-SHA256 with the `ADDRESS_SALT` secret;
the emulator reads a fixed demo value from `functions/.secret.local`) stands for it. Without the
salt, the 2^32 IPv4 addresses could be hashed in minutes and the hash reversed; a deployment without
it keeps no address at all. A user agent is never stored either: only its browser, OS and device
class (`classify`).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from firebase_functions.params import SecretParam

from storepulse.platform import config
from storepulse.platform.models import ClientClass

ADDRESS_SALT = SecretParam("ADDRESS_SALT")


def client_address(forwarded_for: str | None, remote_addr: str | None) -> str | None:
    """The address a request came from, as the platform's front end recorded it."""
    entries = [entry.strip() for entry in (forwarded_for or "").split(",") if entry.strip()]
    if entries:
        return entries[0] if config.functions_emulated() else entries[-1]
    return remote_addr or None


def address_hash(address: str | None, salt: str) -> str | None:
    """The salted hash that stands for `address` (hex, 32 characters); None without an address or
    a salt."""
    if not address or not salt:
        return None
    return hmac.new(salt.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def configured_salt() -> str:
    """The deployment's `ADDRESS_SALT` ("" where the function does not declare it or it is unset)."""
    return ADDRESS_SALT.value


# (class, pattern) in the order they are tried: the first match names it.
_BROWSERS = (
    ("bot", r"bot|crawl|spider|slurp|headless"),
    ("edge", r"\bEdg(e|A|iOS)?/"),
    ("opera", r"\bOPR/|Opera"),
    ("samsung", r"SamsungBrowser/"),
    ("firefox", r"Firefox/|FxiOS/"),
    ("chrome", r"Chrome/|CriOS/|Chromium/"),
    ("safari", r"Safari/"),
)
_SYSTEMS = (
    ("ios", r"iPhone|iPad|iPod"),
    ("android", r"Android"),
    ("chromeos", r"CrOS"),
    ("windows", r"Windows"),
    ("macos", r"Mac OS X|Macintosh"),
    ("linux", r"Linux|X11"),
)


def _first(table: tuple[tuple[str, str], ...], agent: str) -> str:
    return next((name for name, pattern in table if re.search(pattern, agent, re.IGNORECASE)), "other")


def classify(user_agent: str | None) -> ClientClass | None:
    """The browser, OS and device class a user agent names (None without one); nothing else of it."""
    if not user_agent:
        return None
    agent = user_agent[:500]
    browser, system = _first(_BROWSERS, agent), _first(_SYSTEMS, agent)
    if browser == "bot":
        device = "bot"
    elif re.search(r"iPad|Tablet", agent) or (system == "android" and "Mobile" not in agent):
        device = "tablet"
    elif re.search(r"Mobi|iPhone|iPod|Android", agent):
        device = "mobile"
    elif system in ("windows", "macos", "linux", "chromeos"):
        device = "desktop"
    else:
        device = "other"
    return ClientClass(browser=browser, os=system, device=device)
