"""The platform pulse's pure parts: hour keys and the 12-hour window, role and tier moves, the tier
distribution, and the public document's shape (aggregates only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from storepulse.analytics import rules
from tests.support.data import nested_keys

NOW = datetime(2030, 3, 1, 1, 30, tzinfo=UTC)


def test_the_window_is_twelve_hours_oldest_first_ending_now() -> None:
    hours = rules.last_hours(NOW)
    assert len(hours) == 12
    assert (hours[0], hours[-2], hours[-1]) == ("2030-02-28T14", "2030-03-01T00", "2030-03-01T01")
    assert rules.hour_key(NOW.astimezone(ZoneInfo("Asia/Tokyo"))) == "2030-03-01T01"
    assert rules.last_hours(NOW + timedelta(minutes=29)) == hours  # same hour, same window


def test_a_bucket_has_every_event_and_the_total() -> None:
    assert rules.bucket("2030-03-01T01", {"redemptions": 2, "orders": 1}) == {
        "hour": "2030-03-01T01",
        "redemptions": 2,
        "actions": 0,
        "pageViews": 0,
        "scans": 0,
        "orders": 1,
        "total": 3,
    }


@pytest.mark.parametrize(
    ("old", "new", "moves"),
    [
        (None, "customer", {"customers": 1}),
        ("customer", "shop", {"customers": -1, "shops": 1}),
        ("shop", "shop", {}),
        ("affiliate", "admin", {"affiliates": -1, "admins": 1}),
    ],
)
def test_role_changes_move_the_user_counters(old: str | None, new: str, moves: dict[str, int]) -> None:
    assert rules.role_moves(old, new) == moves


def test_a_tier_leaves_and_returns_with_the_customer_role() -> None:
    assert rules.tier_moves("customer", "admin", "gold") == {"gold": -1}
    assert rules.tier_moves("admin", "customer", "gold") == {"gold": 1}
    assert rules.tier_moves("customer", "admin", None) == {}
    assert rules.tier_moves("customer", "admin", "bronze") == {}
    assert rules.tier_moves("shop", "admin", "silver") == {}


def test_the_distribution_sums_to_the_customers() -> None:
    distribution = rules.tier_distribution(10, {"silver": 3, "platinum": 1})
    assert distribution == {"bronze": 6, "silver": 3, "gold": 0, "platinum": 1}
    assert sum(distribution.values()) == 10


def test_the_public_document_holds_only_aggregates() -> None:
    document = rules.pulse(
        users={"customers": 7, "shops": 2, "affiliates": 1, "admins": 1},
        tiers={"silver": 2},
        active_today=4,
        online_signed_in=3,
        online_anonymous=5,
        hours=[rules.bucket(hour, {}) for hour in rules.last_hours(NOW)],
        now=NOW,
    )
    assert (document["totalUsers"], document["customers"], document["onlineNow"]) == (
        11,
        7,
        {"signedIn": 3, "anonymous": 5, "total": 8},
    )

    assert nested_keys(document) <= rules.PUBLIC_FIELDS
