"""The retention table (platform/retention.py) against the TTL policies `firestore.indexes.json`
declares and the table in docs/deploying.md, and the days verify may recount."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from scripts.lib.stack import ROOT
from storepulse.platform import addresses, backfill, retention

INDEXES = json.loads((ROOT / "firestore.indexes.json").read_text())
DEPLOYING = (ROOT / "docs" / "deploying.md").read_text()


def collections_without_ttl(periods: dict[str, timedelta], declared: dict[str, Any]) -> list[str]:
    with_ttl = {
        override["collectionGroup"]
        for override in declared.get("fieldOverrides", [])
        if override.get("fieldPath") == "expireAt" and override.get("ttl") is True
    }
    return sorted(set(periods) - with_ttl)


def test_every_retained_collection_has_a_ttl_policy() -> None:
    assert collections_without_ttl(retention.PERIODS, INDEXES) == []


def test_the_check_fails_for_a_collection_without_a_ttl_policy() -> None:
    periods = {**retention.PERIODS, "somethingNew": timedelta(days=3)}
    assert collections_without_ttl(periods, INDEXES) == ["somethingNew"]
    without = {"fieldOverrides": [o for o in INDEXES["fieldOverrides"] if o["collectionGroup"] != "qrNonces"]}
    assert collections_without_ttl(retention.PERIODS, without) == ["qrNonces"]


def test_every_ttl_policy_is_in_the_table() -> None:
    """A TTL policy deletes documents: none without a row saying how long they are kept."""
    ttl = {o["collectionGroup"] for o in INDEXES["fieldOverrides"] if o.get("ttl")}
    assert ttl <= set(retention.PERIODS)


def _days(text: str) -> timedelta:
    number, unit = re.fullmatch(r"(\d+) (day|days|hour|hours)", text.strip()).groups()  # type: ignore[union-attr]
    return timedelta(days=int(number)) if unit.startswith("day") else timedelta(hours=int(number))


def test_the_docs_table_matches_the_code() -> None:
    """docs/deploying.md, "Retention": one row per collection, `| \\`name\\` | period | ...`."""
    section = DEPLOYING.split("## Retention", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \|", section, flags=re.MULTILINE)
    assert {name: _days(period) for name, period in rows} == retention.PERIODS


@pytest.mark.parametrize(
    ("now", "day", "kept"),
    [
        (datetime(2026, 5, 1, 12, tzinfo=UTC), "2026-01-31", False),  # now - 90 days = Jan 31 12:00
        (datetime(2026, 5, 1, 12, tzinfo=UTC), "2026-02-01", True),
        (datetime(2026, 5, 1, 0, tzinfo=UTC), "2026-01-31", False),  # now - 90 days = Jan 31 00:00
        (datetime(2026, 5, 1, 0, tzinfo=UTC), "2026-02-01", True),
    ],
)
def test_a_day_is_kept_only_when_none_of_its_documents_can_have_expired(now: datetime, day: str, kept: bool) -> None:
    assert retention.day_kept("userActionLog", day, now) is kept
    start = datetime.fromisoformat(day).replace(tzinfo=UTC)
    if kept:
        assert retention.expire_at("userActionLog", start) > now


def test_hours_follow_their_day() -> None:
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert retention.hour_kept("userActionLog", "2026-02-01T00", now)
    assert not retention.hour_kept("userActionLog", "2026-01-31T23", now)


def test_the_counted_from_fields_match_the_docs_table() -> None:
    """The first field named in the docs table's "counted from" column is the one the code counts from."""
    section = DEPLOYING.split("## Retention", 1)[1].split("\n## ", 1)[0]
    documented = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| `(\w+)`", section, flags=re.MULTILINE))
    assert documented == retention.COUNTED_FROM


AT = datetime(2026, 1, 10, 8, 30, tzinfo=UTC)
NOW = datetime(2026, 11, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("collection", "fields", "expected"),
    [
        ("pageViews", {"at": AT}, AT + timedelta(days=90)),
        ("visitorSessions", {"lastActivityAt": AT, "startedAt": AT - timedelta(hours=1)}, AT + timedelta(days=30)),
        ("notifications", {"readAt": AT}, AT + timedelta(days=90)),
        ("notifications", {"readAt": None}, None),  # unread: kept, as new ones are
        ("idempotencyKeys", {"createdAt": AT}, AT + timedelta(days=7)),  # the longer of its two periods
        ("qrNonces", {}, NOW + timedelta(days=1)),  # no time: a whole period from the pass
    ],
)
def test_backfill_gives_the_expiry_a_document_would_have_been_written_with(
    collection: str, fields: dict[str, Any], expected: datetime | None
) -> None:
    assert backfill.changes_for(collection, fields, NOW, "salt") == {"expireAt": expected}


def test_backfill_replaces_raw_addresses_and_user_agents_and_leaves_done_documents_alone() -> None:
    agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
    old = {"startedAt": AT, "ip": "198.51.100.4", "userAgent": agent, "device": {"userAgent": agent, "locale": "de"}}
    changes = backfill.changes_for("checkouts", old, NOW, "salt")
    client = {"browser": "chrome", "os": "windows", "device": "desktop"}
    assert changes == {
        "ip": backfill.DELETE,
        "ipHash": addresses.address_hash("198.51.100.4", "salt"),
        "userAgent": backfill.DELETE,
        "client": client,
        "device.userAgent": backfill.DELETE,
        "device.client": client,
        "expireAt": AT + timedelta(days=90),
    }
    # Without a salt the address is dropped, not hashed; a kept record gets no expireAt.
    unsalted = backfill.changes_for("redemptions", {"ip": "198.51.100.4"}, NOW, "")
    assert unsalted == {"ip": backfill.DELETE, "ipHash": None}
    done = {"startedAt": AT, "expireAt": AT + timedelta(days=90), "ipHash": "ab", "client": client}
    assert backfill.changes_for("checkouts", done, NOW, "salt") == {}
