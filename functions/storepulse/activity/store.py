"""The activity collections: feed entries, the action trail and the rate-limit slots."""

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


def rate_window(db: firestore.Client, uid: str, now: datetime) -> firestore.CollectionReference:
    """The slots of `uid`'s current minute: at most RATE_LIMIT_PER_MINUTE documents, each created once."""
    minute = now.strftime("%Y%m%d%H%M")
    window: firestore.CollectionReference = (
        db.collection(collections.RATE_LIMITS).document(f"{uid}_{minute}").collection(collections.RATE_LIMIT_SLOTS)
    )
    return window


def used_in_window(window: firestore.CollectionReference) -> int:
    return int(window.count().get()[0][0].value)  # type: ignore[no-untyped-call]


def rate_slot_ref(window: firestore.CollectionReference, slot: int) -> firestore.DocumentReference:
    """Slot `n` of a minute's window: created once, so two actions cannot take the same slot."""
    ref: firestore.DocumentReference = window.document(str(slot))
    return ref


def rate_slot(now: datetime) -> dict[str, Any]:
    return {"at": now, "expireAt": retention.expire_at(collections.RATE_LIMIT_SLOTS, now)}


def all_user_actions(db: firestore.Client, read_time: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Every trail entry (verify's full scan, as of `read_time`)."""
    return (fields for _, fields in documents(db, collections.USER_ACTION_LOG, read_time))
