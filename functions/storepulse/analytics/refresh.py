"""`refresh_platform_pulse`, every minute: fold the last 12 hours' buckets, the user and tier
counters and the live figures into `platformPulse/current`, one small write.

Its cost is fixed: one batch read of 12 hours x 10 shards, 10 user shards and 10 tier shards (140
documents), the platform's live stats (its summary and its shards: at most 11) and one count query
over anonymous sessions online (one read per thousand), whatever the number of users. Running it
twice changes nothing but `asOf`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.analytics import rules, store
from storepulse.platform import ports, sharded
from storepulse.platform.windows import ONLINE_NOW_WINDOW
from storepulse.stats import scopes
from storepulse.stats.reader import read_live_stats


def pulse_now(db: firestore.Client, now: datetime) -> dict[str, Any]:
    """The public document as the counters say it should read at `now`."""
    hours = rules.last_hours(now)
    counted = store.read_hours(db, hours)
    users, tiers = store.users_ref(db), store.tiers_ref(db)
    users_and_tiers = sharded.read_fixed(db, [users, tiers])
    platform = read_live_stats(db, scopes.PLATFORM, now)
    return rules.pulse(
        users=users_and_tiers[users.path],
        tiers=users_and_tiers[tiers.path],
        active_today=platform.active_today,
        online_signed_in=platform.active_now,
        online_anonymous=ports.get().anonymous_online(db, now - ONLINE_NOW_WINDOW),
        hours=[rules.bucket(hour, counted[hour]) for hour in hours],
        now=now,
    )


def refresh_pulse(db: firestore.Client, now: datetime) -> dict[str, Any]:
    document = pulse_now(db, now)
    store.write_pulse(db, document)
    return document
