"""`adjust_points` (the shop's owner) and `respond_to_points_request` (the customer).

A positive adjustment is awarded at once. A negative one only asks: it creates a points request the
customer approves or declines, and nothing moves until they do. An approved deduction goes
through only while the balance still covers it (else the request becomes `failed` and the caller
gets `failed-precondition`); the balance never goes below zero. The shop's owner hears the answer
(approved, declined, or approved but failed).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.identity.rules import display_name
from storepulse.loyalty import rules, store
from storepulse.loyalty.award import Move, change_points, read_standing, standing_refs
from storepulse.loyalty.models import (
    AdjustPointsRequest,
    AdjustPointsResponse,
    PointsRequestResponse,
    RespondToPointsRequest,
)
from storepulse.notifications.publish import answer, publish
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import FailedPrecondition, NotFound, PermissionDenied
from storepulse.platform.prefetch import Prefetch, plain_reads

ADJUST = "adjust_points"
RESPOND = "respond_to_points_request"


def adjust_points(
    db: firestore.Client, caller: Caller, request: AdjustPointsRequest, now: datetime
) -> AdjustPointsResponse:
    if caller.role is not Role.SHOP or not caller.shop_id:
        raise PermissionDenied("Only a shop's owner adjusts its customers' points.")
    rules.check_delta(request.delta)
    shop_id = caller.shop_id
    shop_name = str(catalog.require_shop(db, shop_id).get("name") or shop_id)
    call = idempotency.IdempotentCall.for_request(db, ADJUST, caller.uid, request)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        standing = read_standing(db, transaction, shop_id, request.customer_id)
        rules.check_active_enrollment(standing.enrollment or None)
        if request.delta > 0:
            move = Move(shop_id, shop_name, request.customer_id, request.delta, "manual", request.reason, caller.uid)
            result = AdjustPointsResponse(
                outcome="awarded", balance=change_points(db, transaction, standing, move, now)
            )
        else:
            result = AdjustPointsResponse(
                outcome="requested",
                request_id=_ask(db, transaction, caller=caller, request=request, shop_name=shop_name, now=now),
            )
        return result.model_dump(mode="json", by_alias=True)

    return AdjustPointsResponse.model_validate(
        idempotency.run_keyed(db, call, stage, now, reads=standing_refs(db, shop_id, request.customer_id))
    )


def _ask(
    db: firestore.Client,
    transaction: txn.Transaction,
    *,
    caller: Caller,
    request: AdjustPointsRequest,
    shop_name: str,
    now: datetime,
) -> str:
    """A deduction request and the notification the customer answers."""
    ref = store.points_request_ref(db)
    points = -request.delta
    fields = store.points_request(
        str(caller.shop_id),
        request.customer_id,
        shop_name=shop_name,
        points=points,
        reason=request.reason,
        by=caller.uid,
        now=now,
    )
    transaction.create(ref, fields)
    publish(
        db,
        transaction,
        rules.points_request_notice(request.customer_id, ref.id, points, request.reason, shop_name),
        now,
    )
    return str(ref.id)


def respond_to_points_request(
    db: firestore.Client, caller: Caller, request: RespondToPointsRequest, now: datetime
) -> PointsRequestResponse:
    ref = store.points_request_ref(db, request.request_id)
    seen = ref.get().to_dict()
    if seen is None or seen.get("customerId") != caller.uid:
        raise NotFound("requestId: no such points request.", field="requestId")
    call = idempotency.IdempotentCall.for_request(db, RESPOND, caller.uid, request)
    # Who to tell and how to name the customer: read plainly beside the transaction's first read.
    shop_ref, profile_ref = catalog.shop_ref(db, str(seen["shopId"])), identity.user_ref(db, caller.uid)
    early = Prefetch(db, [shop_ref, profile_ref])

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        # A yes moves the customer's points: their standing comes in the transaction's first read.
        transaction.read_ahead(standing_refs(db, str(seen["shopId"]), caller.uid))
        current = txn.read(transaction, ref).to_dict() or {}
        if current.get("status") != "open":
            return _first_answer(ref.id, current)
        result = _settle(db, transaction, ref, current, approve=request.approve, now=now)
        read = plain_reads(db, [shop_ref, profile_ref], early)
        owner_uid = (read[shop_ref.path].to_dict() or {}).get("ownerUid")
        if owner_uid:
            customer = display_name(read[profile_ref.path].to_dict() or {}, "A customer")
            notice = rules.deduction_answer_notice(str(owner_uid), ref.id, str(result["status"]), customer, current)
            publish(db, transaction, notice, now)
        return result

    result = txn.run(db, attempt, marker=call.at(now))
    if result.get("status") == "failed":
        raise FailedPrecondition("The balance no longer covers this deduction; the request has failed.")
    return PointsRequestResponse.model_validate(result)


def _first_answer(request_id: str, current: dict[str, Any]) -> dict[str, Any]:
    if current.get("status") == "failed":
        return {"status": "failed"}
    response = PointsRequestResponse(
        request_id=request_id, status=current["status"], balance=current.get("balanceAfter")
    )
    return {**response.model_dump(mode="json", by_alias=True), "replayed": True}


def _settle(
    db: firestore.Client,
    transaction: txn.Transaction,
    ref: firestore.DocumentReference,
    current: dict[str, Any],
    *,
    approve: bool,
    now: datetime,
) -> dict[str, Any]:
    """Decline, or deduct while the balance covers it (else mark the request failed)."""
    shop_id, customer_uid, points = current["shopId"], current["customerId"], int(current["points"])
    notice = rules.points_request_notice(customer_uid, ref.id, points, current["reason"], current["shopName"])
    # The customer's answer (a yes stays a yes even when the balance then says no).
    answer(db, transaction, notice, "accepted" if approve else "declined")
    if not approve:
        transaction.update(ref, store.request_answered("declined", now))
        return PointsRequestResponse(request_id=ref.id, status="declined").model_dump(mode="json", by_alias=True)
    standing = read_standing(db, transaction, shop_id, customer_uid)
    if standing.enrollment.get("status") != "active" or not rules.deduction_allowed(standing.balance, points):
        transaction.update(ref, store.request_answered("failed", now))
        return {"status": "failed"}
    move = Move(shop_id, current["shopName"], customer_uid, -points, "deduction", current["reason"], customer_uid)
    balance = change_points(db, transaction, standing, move, now)
    transaction.update(ref, store.request_approved(balance, now))
    return PointsRequestResponse(request_id=ref.id, status="approved", balance=balance).model_dump(
        mode="json", by_alias=True
    )
