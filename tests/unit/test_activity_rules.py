"""Activity's pure decisions: the feed's wording."""

from __future__ import annotations

from storepulse.activity import rules


def test_action_summary() -> None:
    assert rules.action_summary("Ada", "search", None) == "Ada search"
    assert rules.action_summary("Ada", "share", "Corner Bakery") == "Ada share at Corner Bakery"
    moved = {"from": "/shop/s1/orders", "to": "/shop/s1/visitors"}
    assert rules.action_summary("Ada", "tab_change", None, moved) == "Ada opened /shop/s1/visitors"
    assert rules.action_summary("Ada", "tab_change", None, {"to": 3}) == "Ada tab_change"
    assert rules.action_summary("Ada", "search", None, moved) == "Ada search"
