"""Checkout and payment: a validated state machine per checkout, with live and daily counts.

    started --payment_initiated--> payment_initiated --payment_succeeded--> paid
                     ^                     |
                     +----- failed <-------+ payment_failed

Each step checks the one before it (`failed-precondition` otherwise); repeating a step that
already happened returns its result with `replayed: true`. Funnel and payment-method figures are
counted on the checkout's start day (a cohort), so a day's funnel never mixes checkouts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import idempotency, schema, txn
from storepulse.callable import CallContext
from storepulse.errors import FailedPrecondition, NotFound, PermissionDenied
from storepulse.stats.counters import day_key
from storepulse.visitors.counts import add_daily, move_live
from storepulse.visitors.models import (
    CheckoutResponse,
    CheckoutStartedRequest,
    PaymentFailedRequest,
    PaymentInitiatedRequest,
    PaymentResponse,
    PaymentSucceededRequest,
)
from storepulse.visitors.sessions import is_live, session_ref, with_stage

MAX_ATTEMPTS = 20


def cents(amount: float) -> int:
    return round(amount * 100)


def checkout_ref(db: firestore.Client, checkout_id: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(schema.CHECKOUTS).document(checkout_id)
    return ref


def checkout_started(
    db: firestore.Client, context: CallContext, request: CheckoutStartedRequest, now: datetime
) -> CheckoutResponse:
    """Open a checkout for the caller's live session on this shop."""
    caller = context.signed_in
    session = session_ref(db, caller.uid, request.session_id)
    call = idempotency.IdempotentCall.of(
        db, "checkout_started", caller.uid, request.idempotency_key, request.model_dump(exclude={"idempotency_key"})
    )

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        if (replay := call.replay(transaction)) is not None:
            return replay
        current = session.get(transaction=transaction).to_dict()
        if current is None or not is_live(current, now) or current.get("shopId") != request.shop_id:
            raise FailedPrecondition("Checkout needs a live session on this shop: call track_page first.")
        ref = db.collection(schema.CHECKOUTS).document()
        transaction.create(
            ref,
            {
                "shopId": request.shop_id,
                "sessionKey": session.id,
                "sessionId": request.session_id,
                "uid": caller.uid,
                "items": [item.model_dump(by_alias=True) for item in request.items],
                "totalCents": cents(request.total),
                "currency": request.currency,
                "customer": request.customer.model_dump(by_alias=True) if request.customer else None,
                "status": "started",
                "startedAt": now,
                "day": day_key(now),
                "attempts": [],
                "ip": context.ip,
                "userAgent": context.user_agent,
            },
        )
        # A new checkout replaces the session's previous one (which is then abandoned).
        transaction.update(session, {"checkoutId": ref.id, "stage": "checkout", "lastActivityAt": now})
        move_live(db, transaction, with_stage(current, current.get("stage")), with_stage(current, "checkout"), now)
        add_daily(db, transaction, request.shop_id, now, {"checkoutsStarted": 1})
        result = CheckoutResponse(checkout_id=ref.id, status="started").model_dump(mode="json", by_alias=True)
        call.remember(transaction, result, now)
        return result

    return CheckoutResponse.model_validate(txn.run(db, attempt))


def _load(
    db: firestore.Client, transaction: firestore.Transaction, caller_uid: str, checkout_id: str
) -> dict[str, Any]:
    checkout = checkout_ref(db, checkout_id).get(transaction=transaction).to_dict()
    if checkout is None:
        raise NotFound("checkoutId: no such checkout.", field="checkoutId")
    if checkout["uid"] != caller_uid:
        raise PermissionDenied("This checkout belongs to another visitor.")
    return checkout


@dataclass(frozen=True)
class _Session:
    """The checkout's session as read at the start of the transaction (None fields when gone)."""

    ref: firestore.DocumentReference
    current: dict[str, Any] | None


def _session_of(db: firestore.Client, transaction: firestore.Transaction, checkout: dict[str, Any]) -> _Session:
    ref = db.collection(schema.VISITOR_SESSIONS).document(checkout["sessionKey"])
    return _Session(ref, ref.get(transaction=transaction).to_dict())


def _move_stage(
    db: firestore.Client,
    transaction: firestore.Transaction,
    session: _Session,
    checkout_id: str,
    *,
    stage: str | None,
    now: datetime,
) -> None:
    """Move the session's live stage, if the session is still live and still on this checkout."""
    current = session.current
    if current is None or not is_live(current, now) or current.get("checkoutId") != checkout_id:
        return
    transaction.update(session.ref, {"stage": stage, "lastActivityAt": now})
    move_live(db, transaction, with_stage(current, current.get("stage")), with_stage(current, stage), now)


def _payment_response(checkout_id: str, status: str, now: datetime, error_id: str | None = None) -> dict[str, Any]:
    return PaymentResponse(
        checkout_id=checkout_id, status=status, payment_error_id=error_id, recorded_at=now
    ).model_dump(mode="json", by_alias=True)


def _replayed(checkout: dict[str, Any], checkout_id: str) -> dict[str, Any]:
    last = checkout["attempts"][-1]
    return {
        **_payment_response(checkout_id, checkout["status"], last["at"], last.get("paymentErrorId")),
        "replayed": True,
    }


Step = Callable[[firestore.Transaction, dict[str, Any], "_Session"], dict[str, Any]]


def _run_step(db: firestore.Client, context: CallContext, checkout_id: str, step: Step) -> PaymentResponse:
    """Load the caller's checkout and its session in a transaction, then apply one payment step."""
    caller = context.signed_in

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        checkout = _load(db, transaction, caller.uid, checkout_id)
        return step(transaction, checkout, _session_of(db, transaction, checkout))

    return PaymentResponse.model_validate(txn.run(db, attempt))


def payment_initiated(
    db: firestore.Client, context: CallContext, request: PaymentInitiatedRequest, now: datetime
) -> PaymentResponse:
    ref = checkout_ref(db, request.checkout_id)

    def step(transaction: firestore.Transaction, checkout: dict[str, Any], session: _Session) -> dict[str, Any]:
        status = checkout["status"]
        if status == "payment_initiated" and checkout["attempts"][-1]["method"] == request.method:
            return _replayed(checkout, request.checkout_id)
        if status not in ("started", "failed"):
            raise FailedPrecondition(f"Cannot start a payment on a checkout that is {status}.")
        if len(checkout["attempts"]) >= MAX_ATTEMPTS:
            raise FailedPrecondition(f"At most {MAX_ATTEMPTS} payment attempts per checkout.")
        first = not checkout["attempts"]
        attempts = [*checkout["attempts"], {"method": request.method, "at": now, "outcome": None}]
        fields: dict[str, Any] = {"status": "payment_initiated", "method": request.method, "attempts": attempts}
        if first:
            fields["paymentInitiatedAt"] = now
        transaction.update(ref, fields)
        _move_stage(db, transaction, session, request.checkout_id, stage="payment", now=now)
        daily: dict[str, Any] = {"methods": {request.method: {"attempts": 1}}}
        if first:
            daily["paymentsInitiated"] = 1
        add_daily(db, transaction, checkout["shopId"], checkout["startedAt"], daily)
        return _payment_response(request.checkout_id, "payment_initiated", now)

    return _run_step(db, context, request.checkout_id, step)


def _settle(checkout: dict[str, Any], outcome: str, now: datetime, **extra: Any) -> list[dict[str, Any]]:
    attempts = list(checkout["attempts"])
    attempts[-1] = {**attempts[-1], "outcome": outcome, "settledAt": now, **extra}
    return attempts


def payment_succeeded(
    db: firestore.Client, context: CallContext, request: PaymentSucceededRequest, now: datetime
) -> PaymentResponse:
    ref = checkout_ref(db, request.checkout_id)

    def step(transaction: firestore.Transaction, checkout: dict[str, Any], session: _Session) -> dict[str, Any]:
        if checkout["status"] == "paid":
            return _replayed(checkout, request.checkout_id)
        if checkout["status"] != "payment_initiated":
            raise FailedPrecondition(f"No payment in progress on this checkout (it is {checkout['status']}).")
        method = checkout["attempts"][-1]["method"]
        transaction.update(
            ref,
            {
                "status": "paid",
                "paidAt": now,
                "paidCents": cents(request.amount),
                "attempts": _settle(checkout, "succeeded", now),
            },
        )
        _move_stage(db, transaction, session, request.checkout_id, stage=None, now=now)
        add_daily(
            db,
            transaction,
            checkout["shopId"],
            checkout["startedAt"],
            {"paid": 1, "revenueCents": cents(request.amount), "methods": {method: {"succeeded": 1}}},
        )
        return _payment_response(request.checkout_id, "paid", now)

    return _run_step(db, context, request.checkout_id, step)


def payment_failed(
    db: firestore.Client, context: CallContext, request: PaymentFailedRequest, now: datetime
) -> PaymentResponse:
    """Record a failed payment with everything needed to call the customer back."""
    ref = checkout_ref(db, request.checkout_id)

    def step(transaction: firestore.Transaction, checkout: dict[str, Any], session: _Session) -> dict[str, Any]:
        last = checkout["attempts"][-1] if checkout["attempts"] else {}
        if checkout["status"] == "failed" and last.get("errorCode") == request.error_code:
            return _replayed(checkout, request.checkout_id)
        if checkout["status"] != "payment_initiated":
            raise FailedPrecondition(f"No payment in progress on this checkout (it is {checkout['status']}).")
        error_ref = db.collection(schema.PAYMENT_ERRORS).document()
        transaction.create(
            error_ref,
            {
                "shopId": checkout["shopId"],
                "checkoutId": request.checkout_id,
                "sessionId": checkout["sessionId"],
                "uid": checkout["uid"],
                "errorCode": request.error_code,
                "errorMessage": request.error_message,
                "details": request.details or {},
                "customer": checkout.get("customer"),
                "items": checkout["items"],
                "amountCents": checkout["totalCents"],
                "currency": checkout["currency"],
                "method": last["method"],
                "ip": context.ip,
                "userAgent": context.user_agent,
                "createdAt": now,
                "checkoutDay": checkout["day"],
            },
        )
        transaction.update(
            ref,
            {
                "status": "failed",
                "lastError": {"code": request.error_code, "message": request.error_message, "at": now},
                "attempts": _settle(checkout, "failed", now, errorCode=request.error_code, paymentErrorId=error_ref.id),
            },
        )
        _move_stage(db, transaction, session, request.checkout_id, stage="checkout", now=now)
        add_daily(
            db,
            transaction,
            checkout["shopId"],
            checkout["startedAt"],
            {"errors": {request.error_code: 1}, "methods": {last["method"]: {"failed": 1}}},
        )
        return _payment_response(request.checkout_id, "failed", now, error_ref.id)

    return _run_step(db, context, request.checkout_id, step)
