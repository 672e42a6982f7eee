"""Activity's pure decisions: the per-user rate limit and the feed's wording."""

from __future__ import annotations

import pytest

from storepulse.activity import rules
from storepulse.platform.errors import ResourceExhausted


def test_the_rate_limit_hands_out_slots_up_to_the_limit() -> None:
    assert rules.next_rate_slot(0) == 0
    assert rules.next_rate_slot(rules.RATE_LIMIT_PER_MINUTE - 1) == rules.RATE_LIMIT_PER_MINUTE - 1
    with pytest.raises(ResourceExhausted, match=f"at most {rules.RATE_LIMIT_PER_MINUTE} a minute"):
        rules.next_rate_slot(rules.RATE_LIMIT_PER_MINUTE)


def test_action_summary() -> None:
    assert rules.action_summary("Ada", "search", None) == "Ada search"
    assert rules.action_summary("Ada", "share", "Corner Bakery") == "Ada share at Corner Bakery"
    moved = {"from": "/shop/s1/orders", "to": "/shop/s1/visitors"}
    assert rules.action_summary("Ada", "tab_change", None, moved) == "Ada opened /shop/s1/visitors"
    assert rules.action_summary("Ada", "tab_change", None, {"to": 3}) == "Ada tab_change"
    assert rules.action_summary("Ada", "search", None, moved) == "Ada search"
