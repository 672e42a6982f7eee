"""The activity collections: feed entries and the action trail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.activity.models import DeviceInfo, FeedEntry, UserAction
from storepulse.activity.rules import stored_device
from storepulse.platform import collections, retention
from storepulse.platform.db import documents


def new_feed_entry_ref(db: firestore.Client) -> firestore.DocumentReference:
    """A new `adminActivityLog` entry (auto id: no hot document)."""
    ref: firestore.DocumentReference = db.collection(collections.ADMIN_ACTIVITY_LOG).document()
    return ref


def feed_entry(kind: str, actor_uid: str | None, at: datetime, summary: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An entry of type `kind` with its type's `fields` (`FeedEntry` fields by name: each one given is
    stored, a None as null)."""
    unknown = fields.keys() - FeedEntry.model_fields.keys()
    if unknown:
        raise TypeError(f"not fields of a feed entry: {sorted(unknown)}")
    return FeedEntry(
        type=kind,
        actor_uid=actor_uid,
        created_at=at,
        expire_at=retention.expire_at(collections.ADMIN_ACTIVITY_LOG, at),
        summary=summary,
        **fields,
    ).as_document()


def new_user_action_ref(db: firestore.Client) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.USER_ACTION_LOG).document()
    return ref


def user_action(
    *,
    uid: str,
    action: str,
    at: datetime,
    context: dict[str, Any] | None,
    session_id: str | None,
    device: DeviceInfo | None,
    shop_id: str | None,
) -> dict[str, Any]:
    return UserAction(
        uid=uid,
        action=action,
        context=context or {},
        shop_id=shop_id,
        session_id=session_id,
        device=stored_device(device),
        created_at=at,
        expire_at=retention.expire_at(collections.USER_ACTION_LOG, at),
    ).as_document()


def all_user_actions(db: firestore.Client, read_time: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Every trail entry (verify's full scan, as of `read_time`)."""
    return (fields for _, fields in documents(db, collections.USER_ACTION_LOG, read_time))
