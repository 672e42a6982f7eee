"""The daily job that pseudonymises orders finished a year ago (platform/pseudonymise.py)."""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.orders import store
from storepulse.platform import collections, pseudonymise, queries


def run(db: firestore.Client, now: datetime) -> int:
    """Pseudonymise every order due by `now` and its timeline; returns how many documents were written."""
    return pseudonymise.run(
        db, collections.ORDERS, queries.FINISHED_IN_SPAN, lambda order: store.pseudonymised(db, order), now
    )
