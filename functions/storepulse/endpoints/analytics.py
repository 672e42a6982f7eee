"""The platform pulse job."""

from __future__ import annotations

from firebase_functions import scheduler_fn

from storepulse.platform import config
from storepulse.platform.clock import SystemClock
from storepulse.platform.db import get_db


@scheduler_fn.on_schedule(schedule="every 1 minutes", region=config.REGION)
def refresh_platform_pulse(_event: scheduler_fn.ScheduledEvent) -> None:
    """Every minute: fold the hour buckets, user and tier counters into `platformPulse/current`."""
    from storepulse.analytics import refresh

    refresh.refresh_pulse(get_db(), SystemClock().now())
