"""`set_user_role`: `users/{uid}`, the audit entry and Auth custom claims move together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.identity import rules, store
from storepulse.identity.directory import AuthUser, UserDirectory
from storepulse.identity.grants import Undo, require_auth_user, run_grant, set_claims_or_undo, stage_role
from storepulse.identity.models import SetUserRoleRequest, SetUserRoleResponse
from storepulse.platform import idempotency, ports, txn
from storepulse.platform.caller import Caller, Role

OPERATION = "set_user_role"


def _check_request(db: firestore.Client, caller: Caller, request: SetUserRoleRequest) -> str | None:
    """Refuse what may not be granted; returns the name of the shop or affiliate the role comes with."""
    caller.require_admin()
    rules.check_role_ids(request.role, request.shop_id, request.affiliate_id)
    rules.check_not_self_demotion(caller.uid, request.uid, request.role)
    if request.shop_id is not None:
        return ports.get().owner_name(db, Role.SHOP, request.shop_id)
    if request.affiliate_id is not None:
        return ports.get().owner_name(db, Role.AFFILIATE, request.affiliate_id)
    return None


def set_user_role(
    db: firestore.Client,
    directory: UserDirectory,
    caller: Caller,
    request: SetUserRoleRequest,
    now: datetime,
) -> SetUserRoleResponse:
    """Give `request.uid` a role: a transaction (profile, audit entry), then the claims, else an undo."""
    of = _check_request(db, caller, request)
    target = require_auth_user(directory, request.uid)
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)
    undo = Undo()

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        return _grant(db, transaction, undo, caller=caller, target=target, request=request, of=of, now=now)

    result = run_grant(db, call, undo, stage, now)
    set_claims_or_undo(
        db, directory, target, undo, role=request.role, shop_id=request.shop_id, affiliate_id=request.affiliate_id
    )
    return SetUserRoleResponse.model_validate(result)


def _grant(
    db: firestore.Client,
    transaction: txn.Transaction,
    undo: Undo,
    *,
    caller: Caller,
    target: AuthUser,
    request: SetUserRoleRequest,
    of: str | None,
    now: datetime,
) -> dict[str, Any]:
    """Stage the profile's role fields and, when the role changed, its audit entry and the user's notice."""
    profile = txn.read(transaction, store.user_ref(db, request.uid))
    previous_role = rules.current_role_fields(profile.to_dict() or {})["role"]
    changed = stage_role(
        db,
        transaction,
        undo,
        target=target,
        profile=profile,
        role=request.role,
        shop_id=request.shop_id,
        affiliate_id=request.affiliate_id,
        actor_uid=caller.uid,
        now=now,
    )
    if changed:
        entry = ports.get().admin_feed(
            db,
            transaction,
            kind="role_changed",
            actor_uid=caller.uid,
            at=now,
            summary=f"{target.display_name or target.email or request.uid} is now {request.role.value}",
            subject_uid=request.uid,
            previous_role=previous_role,
            role=request.role.value,
            shop_id=request.shop_id,
            affiliate_id=request.affiliate_id,
        )
        undo.created.append(entry)
        undo.notify(db, transaction, uid=request.uid, role=request.role, event_id=entry.id, of=of, now=now)
    return SetUserRoleResponse(
        uid=request.uid,
        role=request.role,
        shop_id=request.shop_id,
        affiliate_id=request.affiliate_id,
        previous_role=previous_role,
        changed=changed,
    ).model_dump(mode="json", by_alias=True)
