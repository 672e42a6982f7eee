"""Role grants that span Firestore and Auth, all or nothing.

Firestore commits first (one transaction holding the role fields of `users/{uid}` and whatever
else the grant writes); the custom claims follow. If the claims cannot be set, what the
transaction wrote is undone, so no half-granted role remains. A retry with the same idempotency
key re-applies the claims of a grant that already committed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import schema
from storepulse.activity import log_admin_activity
from storepulse.errors import FailedPrecondition, Unavailable
from storepulse.roles import ROLE_CLAIM_KEYS, Role, role_claims
from storepulse.stats.counters import StatsDelta, add_to_stats, scope_ref
from storepulse.stats.scopes import Scope, ScopeKind
from storepulse.users.directory import AuthUser, UserDirectory

log = logging.getLogger("storepulse.users")


@dataclass
class Undo:
    """What a grant's transaction wrote, so it can be taken back."""

    created: list[firestore.DocumentReference] = field(default_factory=list)
    restore: list[tuple[firestore.DocumentReference, dict[str, Any] | None]] = field(default_factory=list)
    stats: list[tuple[Scope, StatsDelta, datetime]] = field(default_factory=list)

    def clear(self) -> None:
        self.created.clear()
        self.restore.clear()
        self.stats.clear()

    def apply(self, db: firestore.Client) -> None:
        batch = db.batch()
        for ref in self.created:
            batch.delete(ref)
        for ref, previous in self.restore:
            if previous is None:
                batch.delete(ref)
            else:
                batch.set(ref, previous, merge=True)
        for scope, delta, counted_on in self.stats:
            add_to_stats(db, batch, scope, delta.negated(), counted_on=counted_on)
        batch.commit()


def require_assignable(profile: dict[str, Any], field: str) -> None:
    """Shop and affiliate roles go only to users with no role yet, or customers (one role each)."""
    role = profile.get("role")
    if role not in (None, Role.CUSTOMER.value):
        owned = f" (shop {profile['shopId']})" if profile.get("shopId") else ""
        raise FailedPrecondition(
            f"{field}: the user already has role {role}{owned}; a user holds one role.", field=field
        )


def role_fields(role: Role | str | None, shop_id: str | None, affiliate_id: str | None) -> dict[str, Any]:
    return {
        "role": role.value if isinstance(role, Role) else role,
        "shopId": shop_id,
        "affiliateId": affiliate_id,
    }


def current_role_fields(profile: dict[str, Any]) -> dict[str, Any]:
    return role_fields(profile.get("role"), profile.get("shopId"), profile.get("affiliateId"))


def stage_role(
    db: firestore.Client,
    transaction: firestore.Transaction,
    undo: Undo,
    *,
    target: AuthUser,
    profile: firestore.DocumentSnapshot[Any],
    role: Role,
    shop_id: str | None = None,
    affiliate_id: str | None = None,
    actor_uid: str,
    now: datetime,
    extra: dict[str, Any] | None = None,
) -> bool:
    """Write the role fields (and `extra`) of `users/{uid}`; returns whether the role changed."""
    current = profile.to_dict() or {}
    new_fields = role_fields(role, shop_id, affiliate_id)
    changed = current_role_fields(current) != new_fields
    if not changed and not extra:
        return False
    ref = db.collection(schema.USERS).document(target.uid)
    undo.restore.append(
        (
            ref,
            {k: current.get(k) for k in (*new_fields, "roleUpdatedAt", "roleUpdatedBy", *(extra or {}))}
            if profile.exists
            else None,
        )
    )
    transaction.set(
        ref,
        {
            "uid": target.uid,
            **new_fields,
            "email": current.get("email") or target.email,
            "displayName": current.get("displayName") or target.display_name,
            "roleUpdatedAt": now if changed else current.get("roleUpdatedAt"),
            "roleUpdatedBy": actor_uid if changed else current.get("roleUpdatedBy"),
            **(extra or {}),
        },
        merge=True,
    )
    return changed


def stage_owner(
    db: firestore.Client,
    transaction: firestore.Transaction,
    undo: Undo,
    *,
    owner: AuthUser,
    profile: firestore.DocumentSnapshot[Any],
    scope: Scope,
    actor_uid: str,
    now: datetime,
    kind: str,
    summary: str,
) -> None:
    """Make `owner` the shop or affiliate user of `scope`, open the scope's live stats, and log it."""
    is_shop = scope.kind is ScopeKind.SHOP
    stage_role(
        db,
        transaction,
        undo,
        target=owner,
        profile=profile,
        role=Role.SHOP if is_shop else Role.AFFILIATE,
        shop_id=scope.owner_id if is_shop else None,
        affiliate_id=None if is_shop else scope.owner_id,
        actor_uid=actor_uid,
        now=now,
    )
    summary_ref = scope_ref(db, scope)
    transaction.set(
        summary_ref,
        {
            "scope": scope.doc_id,
            "kind": scope.kind.value,
            "ownerId": scope.owner_id,
            "activeNow": 0,
            "activeNowAsOf": now,
            "createdAt": now,
        },
        merge=True,
    )
    id_field = "shopId" if is_shop else "affiliateId"
    log_ref = log_admin_activity(
        db,
        transaction,
        kind=kind,
        actor_uid=actor_uid,
        at=now,
        summary=summary,
        subjectUid=owner.uid,
        **{id_field: scope.owner_id},
    )
    undo.created += [summary_ref, log_ref]


def merged_claims(current: dict[str, Any], role: Role, shop_id: str | None, affiliate_id: str | None) -> dict[str, Any]:
    kept = {key: value for key, value in current.items() if key not in ROLE_CLAIM_KEYS}
    return {**kept, **role_claims(role, shop_id, affiliate_id)}


def set_claims_or_undo(
    db: firestore.Client,
    directory: UserDirectory,
    target: AuthUser,
    undo: Undo,
    *,
    role: Role,
    shop_id: str | None = None,
    affiliate_id: str | None = None,
) -> None:
    """Apply the role's claims; if Auth refuses, undo the committed transaction and fail cleanly."""
    try:
        directory.set_claims(target.uid, merged_claims(target.custom_claims, role, shop_id, affiliate_id))
    except Exception as error:
        undo.apply(db)
        log.exception("setting claims for %s failed; the grant was undone", target.uid)
        raise Unavailable("Could not update the user's sign-in claims; nothing was changed. Retry.") from error
