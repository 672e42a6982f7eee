"""Pure decisions of activity: the per-user rate limit and how the feed words an action."""

from __future__ import annotations

from collections.abc import Mapping

from storepulse.activity.models import DeviceInfo, StoredDevice
from storepulse.platform.addresses import classify
from storepulse.platform.errors import ResourceExhausted

# A person clicking fast stays far below this; a script looping does not.
RATE_LIMIT_PER_MINUTE = 120


def next_rate_slot(used_this_minute: int) -> int:
    """The slot the next action takes in its minute, or `resource-exhausted` past the limit."""
    if used_this_minute >= RATE_LIMIT_PER_MINUTE:
        raise ResourceExhausted(f"Too many actions: at most {RATE_LIMIT_PER_MINUTE} a minute per user.")
    return used_this_minute


def action_summary(who: str, action: str, shop_name: str | None, context: Mapping[str, object] | None = None) -> str:
    """The feed line of a tracked action; a tab change names the page it went to."""
    where = f" at {shop_name}" if shop_name else ""
    to = (context or {}).get("to")
    if action == "tab_change" and isinstance(to, str) and to:
        return f"{who} opened {to}{where}"
    return f"{who} {action}{where}"


def stored_device(device: DeviceInfo | None) -> StoredDevice | None:
    """The device facts as stored: the user agent replaced by its browser, OS and device class."""
    if device is None:
        return None
    return StoredDevice(
        platform=device.platform,
        app_version=device.app_version,
        locale=device.locale,
        client=classify(device.user_agent),
    )
