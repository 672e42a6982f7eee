"""The Firebase Auth side of users: who exists, which custom claims they carry, and deleting them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from firebase_admin import auth

from storepulse.platform.caller import ROLE_CLAIM
from storepulse.platform.db import admin_app


@dataclass(frozen=True)
class AuthUser:
    uid: str
    email: str | None = None
    display_name: str | None = None
    custom_claims: dict[str, Any] = field(default_factory=dict)
    phone_number: str | None = None

    @property
    def role(self) -> str | None:
        """The role claim as stored (not checked against the known roles)."""
        role = self.custom_claims.get(ROLE_CLAIM)
        return role if isinstance(role, str) else None


class UserDirectory(Protocol):
    def get(self, uid: str) -> AuthUser | None: ...

    def set_claims(self, uid: str, claims: dict[str, Any]) -> None: ...


class FirebaseUserDirectory:
    """Firebase Auth through the Admin SDK (the Auth emulator when FIREBASE_AUTH_EMULATOR_HOST is set)."""

    def get(self, uid: str) -> AuthUser | None:
        try:
            record = auth.get_user(uid, app=admin_app())
        except auth.UserNotFoundError:
            return None
        return AuthUser(
            uid=record.uid,
            email=record.email,
            display_name=record.display_name,
            custom_claims=dict(record.custom_claims or {}),
            phone_number=record.phone_number,
        )

    def set_claims(self, uid: str, claims: dict[str, Any]) -> None:
        auth.set_custom_user_claims(uid, claims or None, app=admin_app())

    def delete(self, uid: str) -> bool:
        """Delete the Auth user; False when there was none (already deleted: erasure is idempotent)."""
        try:
            auth.delete_user(uid, app=admin_app())
        except auth.UserNotFoundError:
            return False
        return True
