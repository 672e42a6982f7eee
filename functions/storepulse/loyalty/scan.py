"""`scan_qr`: a shop's owner scans a customer's QR code.

The code's nonce is claimed by a create-only document naming the call, beside the transaction's
first read: of parallel scans of one code (a double tap, two devices, a screenshot) one call holds
it and the others are refused right after that read, instead of fighting over the same documents
until their deadline. Then, in one
transaction: the scan is logged, the customer is told; with no active
enrollment the customer is asked to join; with an active one the program's points are awarded. A
retry of the holding call (its idempotency key) goes on (or replays its answer). A refused code
(forged, expired, already used) writes only a scan-log entry marked refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore

from storepulse.analytics import store as analytics
from storepulse.analytics.rules import Event
from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.identity.rules import display_name
from storepulse.loyalty import rules, store, tokens
from storepulse.loyalty.ask import ask_to_join
from storepulse.loyalty.award import Effects, Move, Standing, move_points, read_standing, standing_refs
from storepulse.loyalty.models import ScannedCustomer, ScanQrRequest, ScanQrResponse
from storepulse.loyalty.rules import ScanOutcome
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import DomainError, FailedPrecondition, NotFound, Unavailable
from storepulse.platform.prefetch import beside

OPERATION = "scan_qr"


def scan_qr(
    db: firestore.Client, caller: Caller, request: ScanQrRequest, signing_key: bytes, now: datetime
) -> ScanQrResponse:
    shop_id = caller.shop_id if caller.role is Role.SHOP and caller.shop_id else None
    try:
        claims = tokens.read(signing_key, request.token, now)
    except DomainError as refused:
        if shop_id:
            _log_refused(db, shop_id, None, refused, now)
        raise
    customer_uid = claims.customer_uid
    shop_id = rules.check_scanner(caller, customer_uid)
    program_ref, shop_ref, profile_ref = (
        store.program_ref(db, shop_id),
        catalog.shop_ref(db, shop_id),
        identity.user_ref(db, customer_uid),
    )
    read = {s.reference.path: s for s in db.get_all([program_ref, shop_ref, profile_ref])}
    program = rules.check_program(read[program_ref.path].to_dict())
    shop_name = str(catalog.check_shop(read[shop_ref.path]).get("name") or program.get("name") or shop_id)
    profile = read[profile_ref.path].to_dict()
    if profile is None or profile.get("role") != Role.CUSTOMER.value:
        raise NotFound("token: this QR code names no customer.", field="token")
    profile = {**profile, "uid": customer_uid}
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)
    nonce, enrollment_ref = store.nonce_ref(db, claims.nonce), store.enrollment_ref(db, shop_id, customer_uid)
    # The code's claim runs while the transaction reads the customer's standing.
    claim = beside(_claim, nonce, store.nonce_claim(customer_uid, shop_id, call.ref.id, now))

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        enrollment = txn.read(transaction, enrollment_ref).to_dict()
        claim.result()  # refused: another call holds the code
        standing = read_standing(db, transaction, shop_id, customer_uid)
        return _scan(
            db,
            transaction,
            caller=caller,
            enrollment=enrollment,
            standing=standing,
            shop_name=shop_name,
            program=program,
            profile=profile,
            now=now,
        )

    try:
        return ScanQrResponse.model_validate(
            idempotency.run_keyed(db, call, stage, now, reads=standing_refs(db, shop_id, customer_uid))
        )
    except FailedPrecondition as refused:
        _log_refused(db, shop_id, customer_uid, refused, now)
        _release(db, nonce, call)
        raise
    except DomainError as refused:
        # A contention timeout may hide a late commit: that claim is kept (the code stays used).
        if not isinstance(refused, Unavailable):
            _release(db, nonce, call)
        raise


def _claim(nonce: firestore.DocumentReference, claim: dict[str, Any]) -> None:
    """Create the nonce's claim for this call; `failed-precondition` when another call holds it.
    A claim of unknown outcome is tried again: finding this call's own claim is success."""

    def attempt() -> None:
        try:
            nonce.create(claim)
        except gcp_exceptions.Conflict:
            holder = (nonce.get().to_dict() or {}).get("claimedBy")
            if holder != claim["claimedBy"]:
                raise FailedPrecondition(
                    "This QR code was already scanned: ask the customer to show a fresh one."
                ) from None

    txn.retry(attempt, lost_race=())


def _release(db: firestore.Client, nonce: firestore.DocumentReference, call: idempotency.IdempotentCall) -> None:
    """Give the code back when this call holds it and recorded nothing (a refused call leaves
    nothing behind); a recorded call keeps it used."""
    if call.ref.get().exists:
        return
    snapshot = nonce.get()
    if (snapshot.to_dict() or {}).get("claimedBy") == call.ref.id:
        nonce.delete(option=db.write_option(last_update_time=snapshot.update_time))


def _log_refused(db: firestore.Client, shop_id: str, customer_uid: str | None, why: DomainError, now: datetime) -> None:
    store.new_scan_ref(db).create(store.scan_entry(shop_id, customer_uid, "refused", now, reason=why.message))


def _scan(
    db: firestore.Client,
    transaction: txn.Transaction,
    *,
    caller: Caller,
    enrollment: dict[str, Any] | None,
    standing: Standing,
    shop_name: str,
    program: dict[str, Any],
    profile: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Log the scan, tell the customer, then ask them to join or award the program's points."""
    shop_id, customer_uid = str(program["shopId"]), str(profile["uid"])
    outcome = rules.scan_outcome(enrollment)
    scan = store.new_scan_ref(db)
    transaction.create(scan, store.scan_entry(shop_id, customer_uid, outcome.value, now))
    # The customer hears of the scan and of what it did (seed 002): two notices, one badge write.
    enrollment_id = rules.enrollment_id(shop_id, customer_uid)
    effects = Effects(shop_id, notices=[rules.scanned_notice(customer_uid, scan.id, shop_name, enrollment_id)])
    effects.count({"scans": 1})
    analytics.count_event(transaction, db, Event.SCANS, now)
    name = display_name(profile, customer_uid)
    points = balance = None
    if outcome is ScanOutcome.ENROLLMENT_REQUESTED:
        ask_to_join(
            db,
            transaction,
            enrollment=enrollment,
            shop_id=shop_id,
            shop_name=shop_name,
            customer_uid=customer_uid,
            customer_name=name,
            request_key=scan.id,
            now=now,
            effects=effects,
        )
    elif outcome is ScanOutcome.POINTS_AWARDED:
        points = int(program.get("pointsPerScan", 10))
        move = Move(shop_id, shop_name, customer_uid, points, "scan", "QR scan", caller.uid)
        balance = move_points(db, transaction, standing, move, now, effects=effects)
    effects.write(db, transaction, now)
    return ScanQrResponse(
        outcome=outcome,
        customer=ScannedCustomer(name=name),
        enrollment_id=enrollment_id,
        points=points,
        balance=balance,
    ).model_dump(mode="json", by_alias=True)
