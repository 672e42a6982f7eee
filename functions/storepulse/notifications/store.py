"""The notification centre's collections: `notifications/{id}` and `notificationCounts/{uid}`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.notifications.models import (
    Category,
    Notification,
    NotificationAction,
    NotificationCounts,
)
from storepulse.notifications.rules import Notice, notification_id
from storepulse.platform import collections, queries
from storepulse.platform.db import documents


def notification_ref(db: firestore.Client, notification_id_: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.NOTIFICATIONS).document(notification_id_)
    return ref


def notice_ref(db: firestore.Client, notice: Notice) -> firestore.DocumentReference:
    return notification_ref(db, notification_id(notice.recipient_uid, notice.source_key))


def counts_ref(db: firestore.Client, uid: str) -> firestore.DocumentReference:
    """`notificationCounts/{uid}`: the badge, moved by blind increments only."""
    ref: firestore.DocumentReference = db.collection(collections.NOTIFICATION_COUNTS).document(uid)
    return ref


def notification_document(notice: Notice, now: datetime) -> dict[str, Any]:
    return Notification(
        recipient_uid=notice.recipient_uid,
        category=notice.category,
        title=notice.title,
        body=notice.body,
        target=notice.target(),
        action=notice.action,
        created_at=now,
        seen_at=None,
        read_at=None,
        archived_at=None,
        seen=False,
        read=False,
        archived=False,
        expire_at=None,  # set when read (rules.RETENTION after reading)
        source_key=notice.source_key,
    ).as_document()


def answered(state: str) -> dict[str, Any]:
    """The recipient's answer on the notification that asked (`action.state`), the one field it changes."""
    return {f"{Notification.stored('action')}.{NotificationAction.stored('state')}": state}


def counts_moved(uid: str, *, unread: int, unseen: int, by_category: dict[str, int], now: datetime) -> dict[str, Any]:
    """Blind increments for the counts document (zero moves are left out)."""
    fields = NotificationCounts.changes(uid=uid, updated_at=now)
    if unread:
        fields |= NotificationCounts.changes(unread=firestore.Increment(unread))
    if unseen:
        fields |= NotificationCounts.changes(unseen=firestore.Increment(unseen))
    moved = {category: firestore.Increment(n) for category, n in by_category.items() if n}
    if moved:
        fields |= NotificationCounts.changes(unread_by_category=moved)
    return fields


def candidates(
    db: firestore.Client, uid: str, flag: tuple[str, bool], *, category: Category | None, until: datetime, limit: int
) -> list[firestore.DocumentReference]:
    """Up to `limit` of `uid`'s notifications created by `until` whose `flag` field has the given value."""
    name, value = flag
    spec = queries.NOTIFICATION_MARKS[(name, category is not None)]
    values: dict[str, Any] = {"recipientUid": uid, name: value}
    if category is not None:
        values["category"] = category.value
    query = spec.build(db, values, until=until, limit=limit)
    return [snapshot.reference for snapshot in query.select([]).stream()]


def read_counts(db: firestore.Client, uid: str) -> dict[str, Any]:
    return counts_ref(db, uid).get().to_dict() or {}


def all_notifications(db: firestore.Client, read_time: datetime | None = None) -> Iterator[dict[str, Any]]:
    return (fields for _, fields in documents(db, collections.NOTIFICATIONS, read_time))


def all_counts(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    return dict(documents(db, collections.NOTIFICATION_COUNTS, read_time))
