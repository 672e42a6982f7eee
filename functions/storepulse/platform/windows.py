"""Every time window the product uses, in one place (documented in docs/architecture.md)."""

from __future__ import annotations

from datetime import timedelta

# A visitor session counts as on the site until this long without activity (then the every-minute
# cleanup expires it out of every live count).
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
# "Online now" / "active now": activity within this window (the window Plausible and Umami use).
ONLINE_NOW_WINDOW = timedelta(minutes=5)
# Heartbeats closer together than this do no write.
HEARTBEAT_MIN_INTERVAL = timedelta(seconds=15)
