"""`upsert_loyalty_program` (the shop's owner or an admin) and `issue_qr_token` (a customer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.activity.feed import log_admin_activity
from storepulse.catalog import rules as catalog_rules
from storepulse.catalog import store as catalog
from storepulse.loyalty import store, tokens
from storepulse.loyalty.models import LoyaltyProgramResponse, QrTokenResponse, UpsertLoyaltyProgramRequest
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import PermissionDenied

OPERATION = "upsert_loyalty_program"


def upsert_loyalty_program(
    db: firestore.Client, caller: Caller, request: UpsertLoyaltyProgramRequest, now: datetime
) -> LoyaltyProgramResponse:
    catalog_rules.check_coupon_editor(caller, request.shop_id)  # the same people run a shop's offers
    catalog.require_shop(db, request.shop_id)
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        fields = store.program_document(request.shop_id, request.name, request.points_per_scan, request.active, now)
        transaction.set(store.program_ref(db, request.shop_id), fields, merge=True)
        log_admin_activity(
            db,
            transaction,
            kind="loyalty_program_saved",
            actor_uid=caller.uid,
            at=now,
            summary=f"Loyalty program {request.name}: {request.points_per_scan} points a scan"
            + ("" if request.active else " (inactive)"),
            shop_id=request.shop_id,
        )
        return LoyaltyProgramResponse(
            shop_id=request.shop_id, name=request.name, points_per_scan=request.points_per_scan, active=request.active
        ).model_dump(mode="json", by_alias=True)

    return LoyaltyProgramResponse.model_validate(idempotency.run_keyed(db, call, stage, now))


def issue_qr_token(caller: Caller, signing_key: bytes, now: datetime) -> QrTokenResponse:
    """A fresh single-use code naming the calling customer (writes nothing)."""
    if caller.role is not Role.CUSTOMER or caller.anonymous:
        raise PermissionDenied("Only a registered customer has a loyalty QR code.")
    token, expires_at = tokens.issue(signing_key, caller.uid, now)
    return QrTokenResponse(token=token, expires_at=expires_at)
