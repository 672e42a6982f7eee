"""The platform pulse in the terminal view: the one public document the sign-in page listens to,
with its 12-hour chart as a sparkline and a stale warning from `asOf`."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse.analytics.store import pulse_ref

BARS = "▁▂▃▄▅▆▇█"
STALE_AFTER = timedelta(minutes=2)


def sparkline(values: list[int]) -> str:
    """One bar per value, scaled to the largest; an empty hour is a dot, never a made-up bar."""
    top = max(values, default=0)
    return "".join("." if not value else BARS[min(len(BARS) - 1, value * len(BARS) // (top + 1))] for value in values)


class PulseView:
    def __init__(self, db: firestore.Client, changed: threading.Event) -> None:
        self.ref = pulse_ref(db)
        self.changed = changed
        self.pulse: dict[str, Any] = {}

    def listen(self) -> list[Any]:
        return [self.ref.on_snapshot(self._on_pulse)]

    def _on_pulse(self, snapshots: Any, _changes: Any, _read_time: Any) -> None:
        self.pulse = (snapshots[0].to_dict() if snapshots and snapshots[0].exists else None) or {}
        self.changed.set()

    def summary(self) -> str:
        return summary(self.pulse)

    def lines(self, now: datetime | None = None) -> list[str]:
        return lines(self.pulse, now or datetime.now(UTC))


def summary(pulse: dict[str, Any]) -> str:
    """One line for a log: the 12-hour sparkline, or that there is no pulse yet."""
    drawn = lines(pulse, datetime.now(UTC))
    return drawn[1].strip() if len(drawn) > 1 else drawn[0]


def lines(pulse: dict[str, Any], now: datetime) -> list[str]:
    """The pulse document as the terminal view prints it."""
    if not pulse:
        return ["Platform pulse: no data yet (the every-minute refresh has not run)"]
    as_of: datetime = pulse["asOf"]
    age = now - as_of
    freshness = f"as of {as_of:%H:%M:%S}" + (f"  STALE: {int(age.total_seconds())} s old" if age > STALE_AFTER else "")
    online, tiers = pulse.get("onlineNow", {}), pulse.get("tierDistribution", {})
    hours = pulse.get("lastHours", [])
    totals = [int(bucket.get("total", 0)) for bucket in hours]
    span = f"{hours[0]['hour'][-2:]}h-{hours[-1]['hour'][-2:]}h" if hours else ""
    return [
        f"Platform pulse (public; {freshness}): users {pulse.get('totalUsers', 0)} (customers "
        f"{pulse.get('customers', 0)}, shops {pulse.get('shops', 0)}, affiliates {pulse.get('affiliates', 0)}), "
        f"active today {pulse.get('activeToday', 0)}, online now {online.get('signedIn', 0)} signed in + "
        f"{online.get('anonymous', 0)} anonymous",
        f"  last 12 hours {span} UTC  {sparkline(totals)}  (events per hour, max {max(totals, default=0)}, "
        f"this hour {totals[-1] if totals else 0})",
        "  tiers " + ", ".join(f"{tier} {tiers.get(tier, 0)}" for tier in ("bronze", "silver", "gold", "platinum")),
    ]
