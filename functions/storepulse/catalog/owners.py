"""The one skeleton for creating something a user owns (a shop, an affiliate).

Admin only; the owner must exist in Auth and hold no role but `customer`. One transaction
creates the entity, gives the owner the role, opens the scope's live stats and logs the feed
entry; then the Auth claims are set, or everything is undone (identity/grants.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.identity import rules, store
from storepulse.identity.directory import AuthUser, UserDirectory
from storepulse.identity.grants import Undo, require_auth_user, run_grant, set_claims_or_undo, stage_role
from storepulse.platform import idempotency, ports, txn
from storepulse.platform.caller import Caller, Role
from storepulse.platform.models import RequestModel


@dataclass(frozen=True)
class Owned:
    """What staging the entity produced: its owner's role and its id, feed entry, the response and the
    docs it created."""

    role: Role  # Role.SHOP or Role.AFFILIATE
    owner_id: str
    name: str
    feed_kind: str
    summary: str
    result: dict[str, Any]
    created: list[firestore.DocumentReference] = field(default_factory=list)


# Stages the entity's own documents in the transaction (after every read it needs).
StageEntity = Callable[[txn.Transaction, AuthUser], Owned]


@dataclass(frozen=True)
class OwnerSpec:
    operation: str
    owner_uid: str
    owner_field: str  # the request field naming the owner, for errors


def create_owned(
    db: firestore.Client,
    directory: UserDirectory,
    caller: Caller,
    *,
    spec: OwnerSpec,
    request: RequestModel,
    now: datetime,
    stage_entity: StageEntity,
) -> dict[str, Any]:
    """Run the skeleton; returns the stored response (replayed when the key was seen)."""
    caller.require_admin()
    owner = require_auth_user(directory, spec.owner_uid, spec.owner_field)
    call = idempotency.IdempotentCall.for_request(db, spec.operation, caller.uid, request)
    profile_ref = store.user_ref(db, owner.uid)
    undo = Undo()

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        profile = txn.read(transaction, profile_ref)
        rules.require_assignable(profile.to_dict() or {}, spec.owner_field)
        owned = stage_entity(transaction, owner)
        undo.created += owned.created
        _stage_owner(db, transaction, undo, owner=owner, profile=profile, owned=owned, actor_uid=caller.uid, now=now)
        return owned.result

    result = run_grant(db, call, undo, stage, now)
    # The ids come from the (possibly replayed) result.
    shop_id, affiliate_id = result.get("shopId"), result.get("affiliateId")
    role = Role.SHOP if shop_id else Role.AFFILIATE
    set_claims_or_undo(db, directory, owner, undo, role=role, shop_id=shop_id, affiliate_id=affiliate_id)
    return result


def _stage_owner(
    db: firestore.Client,
    transaction: txn.Transaction,
    undo: Undo,
    *,
    owner: AuthUser,
    profile: firestore.DocumentSnapshot[Any],
    owned: Owned,
    actor_uid: str,
    now: datetime,
) -> None:
    """Make `owner` the shop or affiliate user of the entity, open its live stats, and log it."""
    is_shop = owned.role is Role.SHOP
    stage_role(
        db,
        transaction,
        undo,
        target=owner,
        profile=profile,
        role=owned.role,
        shop_id=owned.owner_id if is_shop else None,
        affiliate_id=None if is_shop else owned.owner_id,
        actor_uid=actor_uid,
        now=now,
    )
    summary_ref = ports.get().open_scope(db, transaction, owned.role, owned.owner_id, now)
    id_field = "shop_id" if is_shop else "affiliate_id"
    log_ref = ports.get().admin_feed(
        db,
        transaction,
        kind=owned.feed_kind,
        actor_uid=actor_uid,
        at=now,
        summary=owned.summary,
        subject_uid=owner.uid,
        **{id_field: owned.owner_id},
    )
    undo.created += [summary_ref, log_ref]
    undo.notify(db, transaction, uid=owner.uid, role=owned.role, event_id=log_ref.id, of=owned.name, now=now)
