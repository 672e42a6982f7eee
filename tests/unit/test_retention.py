"""The retention table (platform/retention.py) against the TTL policies `firestore.indexes.json`
declares and the table in docs/deploying.md, and the days verify may recount."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from scripts.lib.stack import ROOT
from storepulse.platform import retention

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
