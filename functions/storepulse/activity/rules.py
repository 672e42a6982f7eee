"""Pure decisions of activity: how the feed words an action."""

from __future__ import annotations

from collections.abc import Mapping

from storepulse.activity.models import DeviceInfo, StoredDevice
from storepulse.platform.addresses import classify


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
