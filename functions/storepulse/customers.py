"""Customer registration: a signed-in user with no role becomes a customer, optionally attributed
to the affiliate whose code brought them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from google.cloud import firestore
from pydantic import StringConstraints

from storepulse import idempotency, schema, txn
from storepulse.actions import log_user_action
from storepulse.activity import log_admin_activity
from storepulse.affiliates import AffiliateCode, code_ref
from storepulse.errors import FailedPrecondition, NotFound
from storepulse.models import IdempotencyKey, RequestModel, ResponseModel, ShortText
from storepulse.redemptions import affiliate_customer_ref
from storepulse.roles import Caller, Role
from storepulse.stats import activity, scopes
from storepulse.stats.counters import StatsDelta, add_to_stats
from storepulse.users.directory import UserDirectory
from storepulse.users.grants import Undo, set_claims_or_undo, stage_role
from storepulse.users.service import require_auth_user

OPERATION = "register_customer"
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ()\-]{5,24}$")]


class RegisterCustomerRequest(RequestModel):
    display_name: ShortText
    email: Email | None = None
    phone: Phone | None = None
    affiliate_code: AffiliateCode | None = None
    idempotency_key: IdempotencyKey | None = None


class RegisterCustomerResponse(ResponseModel):
    uid: str
    role: Role
    display_name: str
    attributed_affiliate_id: str | None
    registered_at: datetime
    replayed: bool = False


def register_customer(
    db: firestore.Client, directory: UserDirectory, caller: Caller, request: RegisterCustomerRequest, now: datetime
) -> RegisterCustomerResponse:
    user = require_auth_user(directory, caller.uid)
    affiliate_id: str | None = None
    if request.affiliate_code:
        holder = code_ref(db, request.affiliate_code).get()
        if not holder.exists:
            raise NotFound(
                "affiliateCode: no such affiliate code.",
                field="affiliateCode",
            )
        affiliate_id = str((holder.to_dict() or {})["affiliateId"])
    call = idempotency.IdempotentCall.of(
        db, OPERATION, caller.uid, request.idempotency_key, request.model_dump(exclude={"idempotency_key"})
    )
    profile_ref = db.collection(schema.USERS).document(caller.uid)
    scope_list = [scopes.PLATFORM] + ([scopes.affiliate(affiliate_id)] if affiliate_id else [])
    undo = Undo()

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        undo.clear()
        if (replay := call.replay(transaction)) is not None:
            return replay
        profile = profile_ref.get(transaction=transaction)
        current = profile.to_dict() or {}
        if current.get("role") is not None or caller.role is not None:
            raise FailedPrecondition(f"Already registered (role {current.get('role') or caller.role}).")
        records = [affiliate_customer_ref(db, affiliate_id, caller.uid)] if affiliate_id else []
        seen = activity.existing(db.get_all([*records, *activity.marker_refs(db, scope_list, caller.uid, now)]))
        stage_role(
            db,
            transaction,
            undo,
            target=user,
            profile=profile,
            role=Role.CUSTOMER,
            actor_uid=caller.uid,
            now=now,
            extra={
                "displayName": request.display_name,
                "email": request.email or user.email,
                "phone": request.phone,
                "attributedAffiliateId": affiliate_id,
                "registeredAt": now,
            },
        )
        acquired = bool(records) and not seen[records[0].path]
        if acquired:
            transaction.create(
                records[0],
                {
                    "affiliateId": affiliate_id,
                    "customerId": caller.uid,
                    "customerName": request.display_name,
                    "acquiredAt": now,
                    "acquiredVia": "registration",
                    "redemptionCount": 0,
                    "commissionCents": 0,
                    "updatedAt": now,
                },
            )
            undo.created.append(records[0])
        undo.created.append(
            log_user_action(
                db,
                transaction,
                uid=caller.uid,
                action="register",
                at=now,
                context={"affiliateCode": request.affiliate_code},
            )
        )
        undo.created.append(
            log_admin_activity(
                db,
                transaction,
                kind="customer_registered",
                actor_uid=caller.uid,
                at=now,
                summary=f"{request.display_name} registered"
                + (f" via affiliate code {request.affiliate_code}" if request.affiliate_code else ""),
                subjectUid=caller.uid,
                affiliateId=affiliate_id,
            )
        )
        newly_active = activity.record_activity(
            db, transaction, scopes=scope_list, uid=caller.uid, at=now, markers_seen=seen
        )
        for scope in scope_list:
            is_affiliate = scope.kind is scopes.ScopeKind.AFFILIATE
            delta = StatsDelta(
                registrations=1,
                customers_acquired=1 if acquired and is_affiliate else 0,
                active_today=1 if scope in newly_active else 0,
            )
            add_to_stats(db, transaction, scope, delta, counted_on=now, activity_at=now)
            undo.stats.append((scope, delta, now))
        undo.created += [activity.marker_ref(db, scope, caller.uid, now) for scope in newly_active]
        result = RegisterCustomerResponse(
            uid=caller.uid,
            role=Role.CUSTOMER,
            display_name=request.display_name,
            attributed_affiliate_id=affiliate_id,
            registered_at=now,
        ).model_dump(mode="json", by_alias=True)
        if (recorded := call.remember(transaction, result, now)) is not None:
            undo.created.append(recorded)
        return result

    result = RegisterCustomerResponse.model_validate(txn.run(db, attempt))
    # Also on a replay: a first call whose claims step failed is completed by its retry.
    set_claims_or_undo(db, directory, user, undo, role=Role.CUSTOMER)
    return result
