"""The `users` collection: the only place identity names it and builds its documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import collections
from storepulse.platform.db import documents


def user_ref(db: firestore.Client, uid: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.USERS).document(uid)
    return ref


def profile_with_role(
    uid: str,
    current: dict[str, Any],
    new_role_fields: dict[str, Any],
    *,
    auth_email: str | None,
    auth_name: str | None,
    changed: bool,
    actor_uid: str,
    now: datetime,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The fields merged into `users/{uid}` by a grant (stamps move only when the role changed)."""
    return {
        "uid": uid,
        **new_role_fields,
        "email": current.get("email") or auth_email,
        "displayName": current.get("displayName") or auth_name,
        "roleUpdatedAt": now if changed else current.get("roleUpdatedAt"),
        "roleUpdatedBy": actor_uid if changed else current.get("roleUpdatedBy"),
        **(extra or {}),
    }


def all_profiles(db: firestore.Client, read_time: datetime | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every user profile (verify's full scan, as of `read_time`)."""
    return documents(db, collections.USERS, read_time)
