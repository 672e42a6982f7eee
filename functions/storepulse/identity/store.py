"""The `users` collection: the only place identity names it and builds its documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.identity.models import UserProfile
from storepulse.identity.rules import email_key
from storepulse.platform import collections, queries
from storepulse.platform.caller import Role
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
    """The fields merged into `users/{uid}` by a grant (stamps move only when the role changed);
    `new_role_fields` and `extra` are `UserProfile.changes`."""
    stamps = UserProfile.changes(
        uid=uid,
        email=current.get("email") or auth_email,
        display_name=current.get("displayName") or auth_name,
        role_updated_at=now if changed else current.get("roleUpdatedAt"),
        role_updated_by=actor_uid if changed else current.get("roleUpdatedBy"),
    )
    return {**stamps, **new_role_fields, **(extra or {})}


def registered_profile(
    display_name: str, email: str | None, phone: str | None, affiliate_id: str | None, now: datetime
) -> dict[str, Any]:
    """What a registration adds to the profile (merged with the customer role); the e-mail address by
    its `email_key`, as lookups compare it."""
    return UserProfile.changes(
        display_name=display_name,
        email=email_key(email) if email else None,
        phone=phone,
        attributed_affiliate_id=affiliate_id,
        registered_at=now,
    )


def customer_with_email(db: firestore.Client, email: str) -> str | None:
    """The uid of a registered customer whose profile has `email` (by its `email_key`), or None."""
    found = queries.CUSTOMER_BY_EMAIL.build(db, {"email": email_key(email), "role": Role.CUSTOMER.value}, limit=1)
    return next((snapshot.id for snapshot in found.stream()), None)


def tier_raised(tier: str) -> dict[str, Any]:
    """The profile's only loyalty field, merged when the tier rises (the customer's page listens)."""
    return UserProfile.changes(tier=tier)


def all_profiles(db: firestore.Client, read_time: datetime | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every user profile (verify's full scan, as of `read_time`)."""
    return documents(db, collections.USERS, read_time)
