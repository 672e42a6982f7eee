"""Every time window the product uses, in one place (documented in docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

# A visitor session counts as on the site until this long without activity (then the every-minute
# cleanup expires it out of every live count).
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
# "Online now" / "active now": activity within this window (the window Plausible and Umami use).
ONLINE_NOW_WINDOW = timedelta(minutes=5)
# Heartbeats closer together than this do no write.
HEARTBEAT_MIN_INTERVAL = timedelta(seconds=15)


def moved_figures(previous: Mapping[str, int], current: Mapping[str, int]) -> dict[str, int]:
    """The figures a window run writes: each one that differs from the last run's.

    `previous` holds only the figures above zero (all a query for them returns), `current` only
    the scopes seen in the window: a scope absent from both was idle and idle stays untouched.
    """
    keys = sorted(previous.keys() | current.keys())
    return {key: current.get(key, 0) for key in keys if current.get(key, 0) != previous.get(key, 0)}
