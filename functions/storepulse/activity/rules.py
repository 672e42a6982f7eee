"""Pure decisions of activity: how the feed words an action."""

from __future__ import annotations

from collections.abc import Mapping


def action_summary(who: str, action: str, shop_name: str | None, context: Mapping[str, object] | None = None) -> str:
    """The feed line of a tracked action; a tab change names the page it went to."""
    where = f" at {shop_name}" if shop_name else ""
    to = (context or {}).get("to")
    if action == "tab_change" and isinstance(to, str) and to:
        return f"{who} opened {to}{where}"
    return f"{who} {action}{where}"
