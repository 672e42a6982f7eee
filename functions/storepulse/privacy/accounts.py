"""The Auth side of an erasure: who the user is there, and deleting them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from firebase_admin import auth

from storepulse.platform.db import admin_app


@dataclass(frozen=True)
class Account:
    uid: str
    email: str | None
    display_name: str | None
    phone_number: str | None
    role: str | None


class Accounts(Protocol):
    def get(self, uid: str) -> Account | None: ...

    def delete(self, uid: str) -> bool: ...


class FirebaseAccounts:
    """Firebase Auth through the Admin SDK (the Auth emulator when FIREBASE_AUTH_EMULATOR_HOST is set)."""

    def get(self, uid: str) -> Account | None:
        try:
            record = auth.get_user(uid, app=admin_app())
        except auth.UserNotFoundError:
            return None
        claims = record.custom_claims or {}
        role = claims.get("role")
        return Account(
            uid=record.uid,
            email=record.email,
            display_name=record.display_name,
            phone_number=record.phone_number,
            role=role if isinstance(role, str) else None,
        )

    def delete(self, uid: str) -> bool:
        """Delete the Auth user; False when there was none (already deleted: erasure is idempotent)."""
        try:
            auth.delete_user(uid, app=admin_app())
        except auth.UserNotFoundError:
            return False
        return True
