"""Granting roles: Firestore (`users/{uid}`, the audit entry) and Auth custom claims move together."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import idempotency, schema
from storepulse.activity import log_admin_activity
from storepulse.errors import FailedPrecondition, InvalidArgument, NotFound, Unavailable
from storepulse.roles import ROLE_CLAIM_KEYS, Caller, Role, role_claims
from storepulse.users.directory import UserDirectory
from storepulse.users.models import SetUserRoleRequest, SetUserRoleResponse

log = logging.getLogger("storepulse.users")
OPERATION = "set_user_role"


def _check_role_ids(request: SetUserRoleRequest) -> None:
    """Each role names exactly the ids it uses."""
    wants_shop = request.role is Role.SHOP
    wants_affiliate = request.role is Role.AFFILIATE
    if wants_shop != (request.shop_id is not None):
        raise InvalidArgument("shopId", "required for role shop" if wants_shop else "only allowed for role shop")
    if wants_affiliate != (request.affiliate_id is not None):
        raise InvalidArgument(
            "affiliateId",
            "required for role affiliate" if wants_affiliate else "only allowed for role affiliate",
        )


def _role_fields(role: Role | str | None, shop_id: str | None, affiliate_id: str | None) -> dict[str, Any]:
    return {
        "role": role.value if isinstance(role, Role) else role,
        "shopId": shop_id,
        "affiliateId": affiliate_id,
    }


def _merged_claims(current: dict[str, Any], request: SetUserRoleRequest) -> dict[str, Any]:
    kept = {key: value for key, value in current.items() if key not in ROLE_CLAIM_KEYS}
    return {**kept, **role_claims(request.role, request.shop_id, request.affiliate_id)}


def set_user_role(
    db: firestore.Client,
    directory: UserDirectory,
    caller: Caller,
    request: SetUserRoleRequest,
    now: datetime,
) -> SetUserRoleResponse:
    """Give `request.uid` a role: claims, `users/{uid}` and an audit entry, all or nothing.

    Firestore commits first (one transaction: user fields, audit entry, idempotency record); the
    claims follow. If the claims cannot be set the transaction is undone, so no half-granted role
    remains; a retry with the same key re-applies the claims of an already committed grant.
    """
    caller.require_admin()
    _check_role_ids(request)
    if request.uid == caller.uid and request.role is not Role.ADMIN:
        raise FailedPrecondition("Admins cannot remove their own admin role; ask another admin.")
    target = directory.get(request.uid)
    if target is None:
        raise NotFound(f"uid: no user {request.uid}.", {"fields": [{"field": "uid", "message": "no such user"}]})

    user_ref = db.collection(schema.USERS).document(request.uid)
    key_ref = (
        idempotency.key_ref(db, OPERATION, caller.uid, request.idempotency_key) if request.idempotency_key else None
    )
    payload_fingerprint = idempotency.fingerprint(request.model_dump(exclude={"idempotency_key"}))
    new_fields = _role_fields(request.role, request.shop_id, request.affiliate_id)
    undo: dict[str, Any] = {}

    @firestore.transactional
    def grant(transaction: firestore.Transaction) -> dict[str, Any]:
        undo.clear()
        if key_ref is not None:
            replay = idempotency.stored_result(key_ref.get(transaction=transaction), payload_fingerprint)
            if replay is not None:
                return {**replay, "replayed": True}
        snapshot = user_ref.get(transaction=transaction)
        current = snapshot.to_dict() or {}
        previous = _role_fields(current.get("role"), current.get("shopId"), current.get("affiliateId"))
        changed = previous != new_fields
        if changed:
            undo["user"] = {**previous, "roleUpdatedAt": current.get("roleUpdatedAt")} if snapshot.exists else None
            transaction.set(
                user_ref,
                {
                    "uid": request.uid,
                    **new_fields,
                    "email": target.email,
                    "displayName": target.display_name,
                    "roleUpdatedAt": now,
                    "roleUpdatedBy": caller.uid,
                },
                merge=True,
            )
            undo["log"] = log_admin_activity(
                db,
                transaction,
                kind="role_changed",
                actor_uid=caller.uid,
                at=now,
                summary=f"{target.display_name or target.email or request.uid} is now {request.role.value}",
                subjectUid=request.uid,
                previousRole=previous["role"],
                **new_fields,
            )
        result = SetUserRoleResponse(
            uid=request.uid,
            role=request.role,
            shop_id=request.shop_id,
            affiliate_id=request.affiliate_id,
            previous_role=previous["role"],
            changed=changed,
        ).model_dump(mode="json", by_alias=True)
        if key_ref is not None:
            idempotency.remember(
                transaction,
                key_ref,
                operation=OPERATION,
                payload_fingerprint=payload_fingerprint,
                result=result,
                now=now,
            )
            undo["key"] = key_ref
        return result

    result = grant(db.transaction())
    try:
        directory.set_claims(request.uid, _merged_claims(target.custom_claims, request))
    except Exception as error:
        _undo_grant(db, user_ref, undo)
        log.exception("setting claims for %s failed; the grant was undone", request.uid)
        raise Unavailable("Could not update the user's sign-in claims; nothing was changed. Retry.") from error
    return SetUserRoleResponse.model_validate(result)


def _undo_grant(db: firestore.Client, user_ref: firestore.DocumentReference, undo: dict[str, Any]) -> None:
    batch = db.batch()
    if "user" in undo:
        if undo["user"] is None:
            batch.delete(user_ref)
        else:
            batch.set(user_ref, undo["user"], merge=True)
    for name in ("log", "key"):
        if name in undo:
            batch.delete(undo[name])
    batch.commit()
