"""Role grants that span Firestore and Auth: a transaction, then the Auth call, then an undo if it fails.

Firestore commits first (one transaction holding the role fields of `users/{uid}` and whatever
else the grant writes); the custom claims follow in a separate Auth call. If the claims cannot be
set, what the transaction wrote is undone with a batch, so no half-granted role remains. A retry
with the same idempotency key re-applies the claims of a grant that already committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.identity import rules, store
from storepulse.identity.directory import AuthUser, UserDirectory
from storepulse.identity.models import UserProfile
from storepulse.platform import idempotency, ports, txn
from storepulse.platform.caller import Role
from storepulse.platform.errors import NotFound, Unavailable

log = logging.getLogger("storepulse.identity")


@dataclass
class Undo:
    """What a grant's transaction wrote, so it can be taken back: documents it created, fields it
    changed, and the compensations of what the ports wrote (counters, notices, live stats)."""

    created: list[firestore.DocumentReference] = field(default_factory=list)
    restore: list[tuple[firestore.DocumentReference, dict[str, Any] | None]] = field(default_factory=list)
    compensations: list[ports.Compensation] = field(default_factory=list)

    def clear(self) -> None:
        self.created.clear()
        self.restore.clear()
        self.compensations.clear()

    def notify(
        self,
        db: firestore.Client,
        transaction: txn.Transaction,
        *,
        uid: str,
        role: Role,
        event_id: str,
        of: str | None,
        now: datetime,
    ) -> None:
        """Tell the user their role changed, in the grant's transaction; retracted if the grant is undone."""
        notice = ports.get().role_notice(db, transaction, uid=uid, role=role, event_id=event_id, of=of, now=now)
        self.compensations.append(notice)

    def apply(self, db: firestore.Client) -> None:
        batch = db.batch()
        for ref in self.created:
            batch.delete(ref)
        for ref, previous in self.restore:
            if previous is None:
                batch.delete(ref)
            else:
                batch.set(ref, previous, merge=True)
        for compensate in self.compensations:
            compensate(batch)
        batch.commit()


def run_grant(
    db: firestore.Client,
    call: idempotency.IdempotentCall,
    undo: Undo,
    stage: Callable[[txn.Transaction], dict[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    """A grant's transaction: a recorded key replays; else `stage` writes (noting what to undo) and the
    result is recorded with the call. Each attempt starts with an empty undo list."""

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        undo.clear()
        result = stage(transaction)
        undo.created.append(call.ref)  # the call's record, created beside the stage's writes
        return result

    return txn.run(db, attempt, marker=call.at(now))


def require_auth_user(directory: UserDirectory, uid: str, field: str = "uid") -> AuthUser:
    target = directory.get(uid)
    if target is None:
        raise NotFound(f"{field}: no user {uid}.", field=field)
    return target


def stage_role(
    db: firestore.Client,
    transaction: txn.Transaction,
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
    new_fields = rules.role_fields(role, shop_id, affiliate_id)
    changed = rules.current_role_fields(current) != new_fields
    if not changed and not extra:
        return False
    ref = store.user_ref(db, target.uid)
    stamps = (UserProfile.stored("role_updated_at"), UserProfile.stored("role_updated_by"))
    kept = (*new_fields, *stamps, *(extra or {}))
    undo.restore.append((ref, {k: current.get(k) for k in kept} if profile.exists else None))
    fields = store.profile_with_role(
        target.uid,
        current,
        new_fields,
        auth_email=target.email,
        auth_name=target.display_name,
        changed=changed,
        actor_uid=actor_uid,
        now=now,
        extra=extra,
    )
    transaction.set(ref, fields, merge=True)
    if changed:
        counters = ports.get().role_counters(
            db, transaction, old_role=current.get("role"), new_role=role.value, tier=current.get("tier")
        )
        undo.compensations.append(counters)
    return changed


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
        directory.set_claims(target.uid, rules.merged_claims(target.custom_claims, role, shop_id, affiliate_id))
    except Exception as error:
        undo.apply(db)
        log.exception("setting claims for %s failed; the grant was undone", target.uid)
        raise Unavailable("Could not update the user's sign-in claims; nothing was changed. Retry.") from error
