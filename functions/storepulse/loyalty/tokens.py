"""The customer's QR code: a short-lived token signed with HMAC-SHA256, good for one scan.

Format: `base64url(payload) "." base64url(hmac_sha256(key, payload))`, payload
`{"v": 1, "c": customerUid, "n": nonce, "e": expiry (epoch seconds)}`. Whoever holds the signing
key (Functions only) can mint one; a scan consumes its nonce with a create-only document, so a
screenshot of a used code scans nothing. Pure: no I/O, the key and the time are passed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storepulse.platform.errors import FailedPrecondition, InvalidArgument

VERSION = 1
# A code is valid this long after it was issued; apps show a fresh one every REFRESH.
LIFETIME = timedelta(seconds=120)
REFRESH = timedelta(seconds=60)
MAX_TOKEN_LENGTH = 512


@dataclass(frozen=True)
class QrClaims:
    customer_uid: str
    nonce: str
    expires_at: datetime


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())


def issue(key: bytes, customer_uid: str, now: datetime, nonce: str | None = None) -> tuple[str, datetime]:
    """A fresh token for `customer_uid`, and when it expires."""
    expiry = int((now + LIFETIME).timestamp())
    body = {"v": VERSION, "c": customer_uid, "n": nonce or secrets.token_urlsafe(16), "e": expiry}
    payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{_mac(key, payload)}", datetime.fromtimestamp(expiry, UTC)


def _invalid(reason: str) -> InvalidArgument:
    return InvalidArgument("token", reason)


def read(key: bytes, token: str, now: datetime) -> QrClaims:
    """The token's claims: `invalid-argument` when it does not parse or its signature fails,
    `failed-precondition` when it has expired."""
    payload, dot, mac = token.partition(".")
    if not dot or len(token) > MAX_TOKEN_LENGTH:
        raise _invalid("not a Storepulse QR code")
    if not hmac.compare_digest(_mac(key, payload), mac):
        raise _invalid("this QR code is not signed by Storepulse")
    try:
        body = json.loads(_unb64(payload))
        claims = QrClaims(str(body["c"]), str(body["n"]), datetime.fromtimestamp(int(body["e"]), UTC))
    except (ValueError, KeyError, TypeError, OverflowError):
        raise _invalid("not a Storepulse QR code") from None
    if body.get("v") != VERSION or not claims.customer_uid or not claims.nonce:
        raise _invalid("not a Storepulse QR code")
    if now >= claims.expires_at:
        raise FailedPrecondition("This QR code has expired: ask the customer to show a fresh one.")
    return claims
