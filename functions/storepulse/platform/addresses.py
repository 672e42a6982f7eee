"""The client's network address: which one to trust, and the salted hash that is all we keep of it.

Behind Google's front end the request's `X-Forwarded-For` ends with the address the front end saw
(it appends it); the entries before it are whatever the client chose to send, so only the last one
counts. Under the emulators there is no front end: the header is taken as sent (its first entry),
which lets the demo's traffic and the tests act as visitors from many addresses.

An address is never stored or logged: a keyed hash (HMAC-SHA256 with the `ADDRESS_SALT` secret)
stands for it. Without the salt, the 2^32 IPv4 addresses could be hashed in minutes and the hash
reversed.
"""

from __future__ import annotations

import hashlib
import hmac

from firebase_functions.params import SecretParam

from storepulse.platform import config

ADDRESS_SALT = SecretParam("ADDRESS_SALT")


def client_address(forwarded_for: str | None, remote_addr: str | None) -> str | None:
    """The address a request came from, as the platform's front end recorded it."""
    entries = [entry.strip() for entry in (forwarded_for or "").split(",") if entry.strip()]
    if entries:
        return entries[0] if config.functions_emulated() else entries[-1]
    return remote_addr or None


def address_hash(address: str) -> str:
    """The salted hash that stands for `address` (hex, 32 characters)."""
    salt = ADDRESS_SALT.value.encode()
    return hmac.new(salt, address.encode(), hashlib.sha256).hexdigest()[:32]
