"""The live-stats job."""

from __future__ import annotations

from firebase_functions import scheduler_fn

from storepulse.platform import config
from storepulse.platform.clock import SystemClock
from storepulse.platform.db import get_db


@scheduler_fn.on_schedule(schedule="every 1 minutes", region=config.REGION)
def refresh_live_stats(_event: scheduler_fn.ScheduledEvent) -> None:
    """Every minute: recount "active in the last 5 minutes" for every scope."""
    from storepulse.stats import refresh

    refresh.refresh_active_now(get_db(), SystemClock().now())
