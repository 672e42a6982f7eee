"""The rate limits' pure parts: which window a call counts in, by what, and what a refusal says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storepulse import endpoints
from storepulse.platform import ratelimit
from storepulse.platform.callable import CallableSpec

NOW = datetime(2030, 6, 1, 12, 34, 56, tzinfo=UTC)


def test_windows_are_fixed_and_aligned() -> None:
    assert ratelimit.window_start(NOW, ratelimit.MINUTE) == datetime(2030, 6, 1, 12, 34, tzinfo=UTC)
    assert ratelimit.window_start(NOW, ratelimit.HOUR) == datetime(2030, 6, 1, 12, 0, tzinfo=UTC)


def test_signed_in_callers_count_by_uid_and_anonymous_ones_by_address() -> None:
    signed_in = ratelimit.Window.of("track_page", uid="u1", anonymous=False, address_key="a1", now=NOW)
    visitor = ratelimit.Window.of("track_page", uid="v1", anonymous=True, address_key="a1", now=NOW)
    assert signed_in is not None
    assert visitor is not None
    assert (signed_in.by, signed_in.key, signed_in.limit) == ("uid", "u1", ratelimit.LIMITS["track_page"].signed_in)
    assert (visitor.by, visitor.key, visitor.limit) == ("address", "a1", ratelimit.LIMITS["track_page"].anonymous)
    assert ratelimit.Window.of("track_page", uid=None, anonymous=True, address_key=None, now=NOW) is None
    assert ratelimit.Window.of("create_shop", uid="admin", anonymous=False, address_key=None, now=NOW) is not None


def test_a_refusal_says_how_long_to_wait() -> None:
    window = ratelimit.Window.of("register_customer", uid="v", anonymous=True, address_key="a", now=NOW)
    assert window is not None
    refusal = ratelimit.refusal(window, NOW)
    assert refusal.code == "resource-exhausted"
    assert refusal.details == {"retryAfterSeconds": 25 * 60 + 4, "limit": 5}
    assert "at most 5 an hour per address. Retry in 1504 s." in refusal.message
    assert ratelimit.seconds_to_wait(window, window.end - timedelta(milliseconds=10)) == 1


def test_every_callable_that_writes_or_admits_visitors_is_limited() -> None:
    specs: list[CallableSpec] = [f.spec for f in endpoints.load().values() if hasattr(f, "spec")]
    limited = {spec.name for spec in specs if spec.rate_limited}
    assert set(ratelimit.LIMITS) <= limited
    assert {spec.name for spec in specs if spec.keyed} <= limited
    assert all("resource-exhausted" in spec.error_codes for spec in specs if spec.rate_limited)
