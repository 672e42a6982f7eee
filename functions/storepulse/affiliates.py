"""Affiliates: created by admins with a unique code customers can register with."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from google.cloud import firestore
from pydantic import StringConstraints

from storepulse import idempotency, schema
from storepulse.errors import AlreadyExists
from storepulse.models import DocId, IdempotencyKey, RequestModel, ResponseModel, ShortText
from storepulse.roles import Caller, Role
from storepulse.stats.scopes import affiliate
from storepulse.users.directory import UserDirectory
from storepulse.users.grants import Undo, require_assignable, set_claims_or_undo, stage_owner
from storepulse.users.service import require_auth_user

OPERATION = "create_affiliate"
AffiliateCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9_\-]{3,32}$")
]


class CreateAffiliateRequest(RequestModel):
    name: ShortText
    uid: DocId
    code: AffiliateCode
    idempotency_key: IdempotencyKey | None = None


class AffiliateResponse(ResponseModel):
    affiliate_id: str
    name: str
    uid: str
    code: str
    created_at: datetime
    replayed: bool = False


def code_ref(db: firestore.Client, code: str) -> firestore.DocumentReference:
    return db.collection(schema.AFFILIATE_CODES).document(code.upper())


def create_affiliate(
    db: firestore.Client, directory: UserDirectory, caller: Caller, request: CreateAffiliateRequest, now: datetime
) -> AffiliateResponse:
    caller.require_admin()
    user = require_auth_user(directory, request.uid)
    call = idempotency.IdempotentCall.of(
        db, OPERATION, caller.uid, request.idempotency_key, request.model_dump(exclude={"idempotency_key"})
    )
    profile_ref = db.collection(schema.USERS).document(user.uid)
    undo = Undo()

    @firestore.transactional
    def create(transaction: firestore.Transaction) -> dict[str, Any]:
        undo.clear()
        if (replay := call.replay(transaction)) is not None:
            return replay
        guard = code_ref(db, request.code)
        if guard.get(transaction=transaction).exists:
            raise AlreadyExists(
                f"code: affiliate code {request.code} is taken.",
                field="code",
            )
        profile = profile_ref.get(transaction=transaction)
        require_assignable(profile.to_dict() or {}, "uid")
        affiliate_ref = db.collection(schema.AFFILIATES).document()
        transaction.create(
            affiliate_ref,
            {"name": request.name, "uid": user.uid, "code": request.code, "createdAt": now, "createdBy": caller.uid},
        )
        transaction.create(guard, {"affiliateId": affiliate_ref.id, "createdAt": now})
        undo.created += [affiliate_ref, guard]
        stage_owner(
            db,
            transaction,
            undo,
            owner=user,
            profile=profile,
            scope=affiliate(affiliate_ref.id),
            actor_uid=caller.uid,
            now=now,
            kind="affiliate_created",
            summary=f"Affiliate {request.name} ({request.code}) created",
        )
        stored = AffiliateResponse(
            affiliate_id=affiliate_ref.id, name=request.name, uid=user.uid, code=request.code, created_at=now
        ).model_dump(mode="json", by_alias=True)
        if (recorded := call.remember(transaction, stored, now)) is not None:
            undo.created.append(recorded)
        return stored

    result = AffiliateResponse.model_validate(create(db.transaction()))
    set_claims_or_undo(db, directory, user, undo, role=Role.AFFILIATE, affiliate_id=result.affiliate_id)
    return result
