"""`register_customer`: a signed-in user with no role becomes a customer, optionally attributed to
the affiliate whose code brought them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog import store
from storepulse.catalog.models import RegisterCustomerRequest, RegisterCustomerResponse
from storepulse.identity import rules as identity_rules
from storepulse.identity import store as identity
from storepulse.identity.directory import AuthUser, UserDirectory
from storepulse.identity.grants import Undo, require_auth_user, run_grant, set_claims_or_undo, stage_role
from storepulse.platform import idempotency, ports, txn
from storepulse.platform.caller import Caller, Role
from storepulse.platform.snapshots import existing

OPERATION = "register_customer"


def register_customer(
    db: firestore.Client, directory: UserDirectory, caller: Caller, request: RegisterCustomerRequest, now: datetime
) -> RegisterCustomerResponse:
    user = require_auth_user(directory, caller.uid)
    affiliate_id = store.affiliate_for_code(db, request.affiliate_code) if request.affiliate_code else None
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)
    undo = Undo()

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        return _register(
            db, transaction, undo, caller=caller, user=user, request=request, affiliate_id=affiliate_id, now=now
        )

    result = RegisterCustomerResponse.model_validate(run_grant(db, call, undo, stage, now))
    # Also on a replay: a first call whose claims step failed is completed by its retry.
    set_claims_or_undo(db, directory, user, undo, role=Role.CUSTOMER)
    return result


def _register(
    db: firestore.Client,
    transaction: txn.Transaction,
    undo: Undo,
    *,
    caller: Caller,
    user: AuthUser,
    request: RegisterCustomerRequest,
    affiliate_id: str | None,
    now: datetime,
) -> dict[str, Any]:
    """Stage the profile, the affiliate's acquisition, the trail and feed entries and the stats."""
    profile = txn.read(transaction, identity.user_ref(db, caller.uid))
    identity_rules.require_unregistered(profile.to_dict() or {}, caller.role)
    record = store.affiliate_customer_ref(db, affiliate_id, caller.uid) if affiliate_id else None
    markers = ports.get().registration_markers(db, caller.uid, affiliate_id, now)
    seen = existing(db.get_all([*([record] if record else []), *markers]))
    extra = identity.registered_profile(
        request.display_name, request.email or user.email, request.phone, affiliate_id, now
    )
    stage_role(
        db,
        transaction,
        undo,
        target=user,
        profile=profile,
        role=Role.CUSTOMER,
        actor_uid=caller.uid,
        now=now,
        extra=extra,
    )
    acquired = record is not None and not seen[record.path]
    if acquired and record is not None and affiliate_id:
        transaction.create(record, store.acquired_by_registration(affiliate_id, caller.uid, request.display_name, now))
        undo.created.append(record)
    _log(db, transaction, undo, uid=caller.uid, request=request, affiliate_id=affiliate_id, now=now)
    counted = ports.get().count_registration(
        db, transaction, uid=caller.uid, affiliate_id=affiliate_id, acquired=acquired, markers_seen=seen, now=now
    )
    undo.compensations.append(counted)
    return RegisterCustomerResponse(
        uid=caller.uid,
        role=Role.CUSTOMER,
        display_name=request.display_name,
        attributed_affiliate_id=affiliate_id,
        registered_at=now,
    ).model_dump(mode="json", by_alias=True)


def _log(
    db: firestore.Client,
    transaction: txn.Transaction,
    undo: Undo,
    *,
    uid: str,
    request: RegisterCustomerRequest,
    affiliate_id: str | None,
    now: datetime,
) -> None:
    via = f" via affiliate code {request.affiliate_code}" if request.affiliate_code else ""
    wired = ports.get()
    undo.created += [
        wired.user_trail(
            db, transaction, uid=uid, action="register", at=now, context={"affiliateCode": request.affiliate_code}
        ),
        wired.admin_feed(
            db,
            transaction,
            kind="customer_registered",
            actor_uid=uid,
            at=now,
            summary=f"{request.display_name} registered{via}",
            subject_uid=uid,
            affiliate_id=affiliate_id,
        ),
    ]
