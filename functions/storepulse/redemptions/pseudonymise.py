"""The daily job that pseudonymises redemptions a year old (platform/pseudonymise.py)."""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.platform import collections, pseudonymise, queries
from storepulse.redemptions import store


def run(db: firestore.Client, now: datetime) -> int:
    """Pseudonymise every redemption due by `now`; returns how many documents were written."""
    return pseudonymise.run(db, collections.REDEMPTIONS, queries.REDEEMED_IN_SPAN, store.pseudonymised, now)
