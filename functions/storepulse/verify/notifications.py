"""Every user's badge (`notificationCounts`) recounted from their notifications."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.notifications import store
from storepulse.platform import sharded
from storepulse.verify.common import Mismatch, compare, flatten


def recount(notifications: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per recipient: unread and unseen notifications, and unread per category."""
    counts: dict[str, dict[str, Any]] = defaultdict(lambda: {"unread": 0, "unseen": 0, "unreadByCategory": {}})
    for notification in notifications:
        mine = counts[notification["recipientUid"]]
        if notification.get("readAt") is None:
            mine["unread"] += 1
            by_category = mine["unreadByCategory"]
            by_category[notification["category"]] = by_category.get(notification["category"], 0) + 1
        if notification.get("seenAt") is None:
            mine["unseen"] += 1
    return counts


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    expected = recount(list(store.all_notifications(db, at)))
    stored = store.all_counts(db, at)
    found: list[Mismatch] = []
    for uid in sorted(set(stored) | set(expected)):
        kept = {name: stored.get(uid, {}).get(name, 0) for name in ("unread", "unseen", "unreadByCategory")}
        found += compare(
            "notificationCounts",
            uid,
            flatten(sharded.drop_zeros(kept)),
            flatten(sharded.drop_zeros(expected.get(uid, {}))),
        )
    return found
