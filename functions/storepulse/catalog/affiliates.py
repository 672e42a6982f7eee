"""`create_affiliate`: admins create an affiliate with a code unique platform-wide."""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.catalog import rules, store
from storepulse.catalog.models import AffiliateResponse, CreateAffiliateRequest
from storepulse.catalog.owners import Owned, OwnerSpec, create_owned
from storepulse.identity.directory import AuthUser, UserDirectory
from storepulse.platform import txn
from storepulse.platform.caller import Caller, Role

OPERATION = "create_affiliate"


def create_affiliate(
    db: firestore.Client, directory: UserDirectory, caller: Caller, request: CreateAffiliateRequest, now: datetime
) -> AffiliateResponse:
    def stage(transaction: txn.Transaction, owner: AuthUser) -> Owned:
        guard = store.affiliate_code_ref(db, request.code)
        rules.check_affiliate_code_free(txn.read(transaction, guard).exists, request.code)
        ref = store.affiliate_ref(db)
        transaction.create(ref, store.affiliate_document(request.name, owner.uid, request.code, caller.uid, now))
        transaction.create(guard, {"affiliateId": ref.id, "createdAt": now})
        result = AffiliateResponse(
            affiliate_id=ref.id, name=request.name, uid=owner.uid, code=request.code, created_at=now
        )
        return Owned(
            role=Role.AFFILIATE,
            owner_id=ref.id,
            name=request.name,
            feed_kind="affiliate_created",
            summary=f"Affiliate {request.name} ({request.code}) created",
            result=result.model_dump(mode="json", by_alias=True),
            created=[ref, guard],
        )

    spec = OwnerSpec(OPERATION, request.uid, "uid")
    stored = create_owned(db, directory, caller, spec=spec, request=request, now=now, stage_entity=stage)
    return AffiliateResponse.model_validate(stored)
