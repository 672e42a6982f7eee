"""Checkout and payment: a validated state machine per checkout, with live and daily counts.

    started --payment_initiated--> payment_initiated --payment_succeeded--> paid
                     ^                     |
                     +----- failed <-------+ payment_failed

Each step checks the one before it (`failed-precondition` otherwise); repeating a step that
already happened returns its result with `replayed: true`. An idempotency key, when given, is
honoured as everywhere: the same key returns the first result, with another payload it is
`already-exists`. Funnel and payment-method figures are counted on the checkout's start day (a
cohort), so a day's funnel never mixes checkouts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.notifications.publish import publish_collapsed
from storepulse.orders.place import order_from_checkout
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller, RequestFacts
from storepulse.platform.errors import FailedPrecondition, NotFound, PermissionDenied
from storepulse.platform.models import to_cents
from storepulse.visitors import store
from storepulse.visitors.models import (
    CheckoutResponse,
    CheckoutStartedRequest,
    MethodCounts,
    PaymentFailedRequest,
    PaymentInitiatedRequest,
    PaymentResponse,
    PaymentSucceededRequest,
    ShopDayShard,
)
from storepulse.visitors.rules import failed_payments, is_live, payer_name, payment_failed_notice, with_stage
from storepulse.visitors.sessions import move_live

MAX_ATTEMPTS = 20


def checkout_started(
    db: firestore.Client, caller: Caller, request: CheckoutStartedRequest, facts: RequestFacts
) -> CheckoutResponse:
    """Open a checkout for the caller's live session on this shop."""
    session = store.session_ref(db, caller.uid, request.session_id)
    call = idempotency.IdempotentCall.for_request(db, "checkout_started", caller.uid, request)
    now = facts.now

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        current = txn.read(transaction, session).to_dict()
        if current is None or not is_live(current, now) or current.get("shopId") != request.shop_id:
            raise FailedPrecondition("Checkout needs a live session on this shop: call track_page first.")
        ref = store.checkout_ref(db)
        transaction.create(ref, store.new_checkout(caller.uid, request, session.id, facts))
        # A new checkout replaces the session's previous one (which is then abandoned).
        transaction.update(session, store.session_stage("checkout", now, checkout_id=ref.id))
        move_live(db, transaction, with_stage(current, current.get("stage")), with_stage(current, "checkout"), now)
        store.increment_daily(db, transaction, request.shop_id, now, ShopDayShard.changes(checkouts_started=1))
        return CheckoutResponse(checkout_id=ref.id, status="started").model_dump(mode="json", by_alias=True)

    return CheckoutResponse.model_validate(idempotency.run_keyed(db, call, stage, now))


@dataclass(frozen=True)
class _Session:
    """The checkout's session as read at the start of the transaction (`current` None when gone)."""

    ref: firestore.DocumentReference
    current: dict[str, Any] | None


def _load(
    db: firestore.Client, transaction: txn.Transaction, caller_uid: str, checkout_id: str
) -> tuple[dict[str, Any], _Session]:
    """The caller's checkout and its session, read in the transaction."""
    checkout = txn.read(transaction, store.checkout_ref(db, checkout_id)).to_dict()
    if checkout is None:
        raise NotFound("checkoutId: no such checkout.", field="checkoutId")
    if checkout["uid"] != caller_uid:
        raise PermissionDenied("This checkout belongs to another visitor.")
    session_ref = store.session_by_key(db, checkout["sessionKey"])
    return checkout, _Session(session_ref, txn.read(transaction, session_ref).to_dict())


def _move_stage(
    db: firestore.Client,
    transaction: txn.Transaction,
    session: _Session,
    checkout_id: str,
    *,
    stage: str | None,
    facts: RequestFacts,
) -> None:
    """Move the session's live stage, if the session is still live and still on this checkout."""
    current = session.current
    if current is None or not is_live(current, facts.now) or current.get("checkoutId") != checkout_id:
        return
    transaction.update(session.ref, store.session_stage(stage, facts.now))
    move_live(db, transaction, with_stage(current, current.get("stage")), with_stage(current, stage), facts.now)


def _payment_response(
    checkout_id: str, status: str, at: Any, error_id: str | None = None, order_id: str | None = None
) -> dict[str, Any]:
    return PaymentResponse(
        checkout_id=checkout_id, status=status, payment_error_id=error_id, recorded_at=at, order_id=order_id
    ).model_dump(mode="json", by_alias=True)


def _replayed(checkout: dict[str, Any], checkout_id: str) -> dict[str, Any]:
    last = checkout["attempts"][-1]
    response = _payment_response(
        checkout_id, checkout["status"], last["at"], last.get("paymentErrorId"), checkout.get("orderId")
    )
    return {**response, "replayed": True}


Step = Callable[[txn.Transaction, dict[str, Any], _Session], dict[str, Any]]


def _run_step(
    db: firestore.Client,
    caller: Caller,
    *,
    operation: str,
    request: PaymentInitiatedRequest | PaymentSucceededRequest | PaymentFailedRequest,
    facts: RequestFacts,
    step: Step,
) -> PaymentResponse:
    """Replay a seen key, else load the caller's checkout and its session and apply one payment step."""
    call = idempotency.IdempotentCall.for_request(db, operation, caller.uid, request)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        checkout, session = _load(db, transaction, caller.uid, request.checkout_id)
        return step(transaction, checkout, session)

    return PaymentResponse.model_validate(idempotency.run_keyed(db, call, stage, facts.now))


def payment_initiated(
    db: firestore.Client, caller: Caller, request: PaymentInitiatedRequest, facts: RequestFacts
) -> PaymentResponse:
    ref, now = store.checkout_ref(db, request.checkout_id), facts.now

    def step(transaction: txn.Transaction, checkout: dict[str, Any], session: _Session) -> dict[str, Any]:
        status = checkout["status"]
        if status == "payment_initiated" and checkout["attempts"][-1]["method"] == request.method:
            return _replayed(checkout, request.checkout_id)
        if status not in ("started", "failed"):
            raise FailedPrecondition(f"Cannot start a payment on a checkout that is {status}.")
        if len(checkout["attempts"]) >= MAX_ATTEMPTS:
            raise FailedPrecondition(f"At most {MAX_ATTEMPTS} payment attempts per checkout.")
        first = not checkout["attempts"]
        attempts = [*checkout["attempts"], store.new_attempt(request.method, now)]
        transaction.update(ref, store.payment_started(request.method, attempts, now, first=first))
        _move_stage(db, transaction, session, request.checkout_id, stage="payment", facts=facts)
        daily = ShopDayShard.changes(methods={request.method: MethodCounts.changes(attempts=1)})
        if first:
            daily |= ShopDayShard.changes(payments_initiated=1)
        store.increment_daily(db, transaction, checkout["shopId"], checkout["startedAt"], daily)
        return _payment_response(request.checkout_id, "payment_initiated", now)

    return _run_step(db, caller, operation="payment_initiated", request=request, facts=facts, step=step)


def _settle(checkout: dict[str, Any], outcome: str, facts: RequestFacts, **failure: str) -> list[dict[str, Any]]:
    attempts = list(checkout["attempts"])
    attempts[-1] = store.settled(attempts[-1], outcome, facts.now, **failure)
    return attempts


def payment_succeeded(
    db: firestore.Client, caller: Caller, request: PaymentSucceededRequest, facts: RequestFacts
) -> PaymentResponse:
    ref, now = store.checkout_ref(db, request.checkout_id), facts.now

    def step(transaction: txn.Transaction, checkout: dict[str, Any], session: _Session) -> dict[str, Any]:
        if checkout["status"] == "paid":
            return _replayed(checkout, request.checkout_id)
        if checkout["status"] != "payment_initiated":
            raise FailedPrecondition(f"No payment in progress on this checkout (it is {checkout['status']}).")
        method = checkout["attempts"][-1]["method"]
        order_id = order_from_checkout(
            db, transaction, caller, checkout_id=request.checkout_id, checkout=checkout, now=now
        )
        attempts = _settle(checkout, "succeeded", facts)
        transaction.update(ref, store.checkout_paid(to_cents(request.amount), order_id, attempts, now))
        _move_stage(db, transaction, session, request.checkout_id, stage=None, facts=facts)
        daily = ShopDayShard.changes(
            paid=1, revenue_cents=to_cents(request.amount), methods={method: MethodCounts.changes(succeeded=1)}
        )
        store.increment_daily(db, transaction, checkout["shopId"], checkout["startedAt"], daily)
        return _payment_response(request.checkout_id, "paid", now, order_id=order_id)

    return _run_step(db, caller, operation="payment_succeeded", request=request, facts=facts, step=step)


def payment_failed(
    db: firestore.Client, caller: Caller, request: PaymentFailedRequest, facts: RequestFacts
) -> PaymentResponse:
    """Record a failed payment with everything needed to call the customer back, and alert the shop's
    owner (one alert per checkout, renewed by each later failure)."""
    ref = store.checkout_ref(db, request.checkout_id)

    def step(transaction: txn.Transaction, checkout: dict[str, Any], session: _Session) -> dict[str, Any]:
        last = checkout["attempts"][-1] if checkout["attempts"] else {}
        if checkout["status"] == "failed" and last.get("errorCode") == request.error_code:
            return _replayed(checkout, request.checkout_id)
        if checkout["status"] != "payment_initiated":
            raise FailedPrecondition(f"No payment in progress on this checkout (it is {checkout['status']}).")
        error_ref = store.new_payment_error_ref(db)
        settled = _settle(checkout, "failed", facts, error_code=request.error_code, payment_error_id=error_ref.id)
        _alert_owner(db, transaction, request, checkout, error_ref.id, failures=failed_payments(settled), now=facts.now)
        transaction.create(error_ref, store.payment_error(request, checkout, last["method"], facts))
        transaction.update(ref, store.checkout_failed(request.error_code, request.error_message, settled, facts.now))
        _move_stage(db, transaction, session, request.checkout_id, stage="checkout", facts=facts)
        daily = ShopDayShard.changes(
            errors={request.error_code: 1}, methods={last["method"]: MethodCounts.changes(failed=1)}
        )
        store.increment_daily(db, transaction, checkout["shopId"], checkout["startedAt"], daily)
        return _payment_response(request.checkout_id, "failed", facts.now, error_ref.id)

    return _run_step(db, caller, operation="payment_failed", request=request, facts=facts, step=step)


def _alert_owner(
    db: firestore.Client,
    transaction: txn.Transaction,
    request: PaymentFailedRequest,
    checkout: dict[str, Any],
    error_id: str,
    *,
    failures: int,
    now: datetime,
) -> None:
    """The shop owner's payment alert (the owner and the payer's name read plainly, in one round)."""
    shop_ref, user_ref = catalog.shop_ref(db, str(checkout["shopId"])), identity.user_ref(db, str(checkout["uid"]))
    read = {s.reference.path: s.to_dict() or {} for s in db.get_all([shop_ref, user_ref])}
    owner_uid = str(read.get(shop_ref.path, {}).get("ownerUid") or "")
    if not owner_uid:
        return
    notice = payment_failed_notice(
        owner_uid, request.checkout_id, error_id, checkout,
        payer=payer_name(checkout, read.get(user_ref.path, {})), failures=failures,
        code=request.error_code, message=request.error_message,
    )  # fmt: skip
    publish_collapsed(db, transaction, notice, now)
