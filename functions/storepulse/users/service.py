"""Granting roles: `users/{uid}`, the audit entry and Auth custom claims move together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import idempotency, schema
from storepulse.activity import log_admin_activity
from storepulse.errors import FailedPrecondition, InvalidArgument, NotFound
from storepulse.roles import Caller, Role
from storepulse.users.directory import AuthUser, UserDirectory
from storepulse.users.grants import Undo, current_role_fields, set_claims_or_undo, stage_role
from storepulse.users.models import SetUserRoleRequest, SetUserRoleResponse

OPERATION = "set_user_role"


def _check_role_ids(request: SetUserRoleRequest) -> None:
    """Each role names exactly the ids it uses."""
    wants_shop = request.role is Role.SHOP
    wants_affiliate = request.role is Role.AFFILIATE
    if wants_shop != (request.shop_id is not None):
        raise InvalidArgument("shopId", "required for role shop" if wants_shop else "only allowed for role shop")
    if wants_affiliate != (request.affiliate_id is not None):
        raise InvalidArgument(
            "affiliateId", "required for role affiliate" if wants_affiliate else "only allowed for role affiliate"
        )


def require_auth_user(directory: UserDirectory, uid: str, field: str = "uid") -> AuthUser:
    target = directory.get(uid)
    if target is None:
        raise NotFound(f"{field}: no user {uid}.", field=field)
    return target


def set_user_role(
    db: firestore.Client,
    directory: UserDirectory,
    caller: Caller,
    request: SetUserRoleRequest,
    now: datetime,
) -> SetUserRoleResponse:
    """Give `request.uid` a role: claims, `users/{uid}` and an audit entry, all or nothing."""
    caller.require_admin()
    _check_role_ids(request)
    if request.uid == caller.uid and request.role is not Role.ADMIN:
        raise FailedPrecondition("Admins cannot remove their own admin role; ask another admin.")
    for ref_field, collection, value in (
        ("shopId", schema.SHOPS, request.shop_id),
        ("affiliateId", schema.AFFILIATES, request.affiliate_id),
    ):
        if value is not None and not db.collection(collection).document(value).get().exists:
            raise NotFound(f"{ref_field}: no such document.", field=ref_field)
    target = require_auth_user(directory, request.uid)

    user_ref = db.collection(schema.USERS).document(request.uid)
    call = idempotency.IdempotentCall.of(
        db, OPERATION, caller.uid, request.idempotency_key, request.model_dump(exclude={"idempotency_key"})
    )
    undo = Undo()

    @firestore.transactional
    def grant(transaction: firestore.Transaction) -> dict[str, Any]:
        undo.clear()
        if (replay := call.replay(transaction)) is not None:
            return replay
        profile = user_ref.get(transaction=transaction)
        previous_role = current_role_fields(profile.to_dict() or {})["role"]
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
            undo.created.append(
                log_admin_activity(
                    db,
                    transaction,
                    kind="role_changed",
                    actor_uid=caller.uid,
                    at=now,
                    summary=f"{target.display_name or target.email or request.uid} is now {request.role.value}",
                    subjectUid=request.uid,
                    previousRole=previous_role,
                    role=request.role.value,
                    shopId=request.shop_id,
                    affiliateId=request.affiliate_id,
                )
            )
        result = SetUserRoleResponse(
            uid=request.uid,
            role=request.role,
            shop_id=request.shop_id,
            affiliate_id=request.affiliate_id,
            previous_role=previous_role,
            changed=changed,
        ).model_dump(mode="json", by_alias=True)
        if (recorded := call.remember(transaction, result, now)) is not None:
            undo.created.append(recorded)
        return result

    result = grant(db.transaction())
    set_claims_or_undo(
        db, directory, target, undo, role=request.role, shop_id=request.shop_id, affiliate_id=request.affiliate_id
    )
    return SetUserRoleResponse.model_validate(result)
