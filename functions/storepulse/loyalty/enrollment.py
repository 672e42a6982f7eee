"""`respond_to_enrollment`: the customer accepts or declines a shop's request to join.

Accepting makes the enrollment active (with the customer's contact, only now), lists them in the
shop's customers and marks the request answered; the shop's owner hears either answer. Answering again returns
the first answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.loyalty import rules, store
from storepulse.loyalty.models import EnrollmentResponse, RespondToEnrollmentRequest
from storepulse.notifications.publish import answer, publish
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller
from storepulse.platform.errors import NotFound

OPERATION = "respond_to_enrollment"


def respond_to_enrollment(
    db: firestore.Client, caller: Caller, request: RespondToEnrollmentRequest, now: datetime
) -> EnrollmentResponse:
    ref = store.enrollment_by_id(db, request.enrollment_id)
    seen = ref.get().to_dict()
    if seen is None or seen.get("customerId") != caller.uid:
        raise NotFound("enrollmentId: no such enrollment request.", field="enrollmentId")
    owner_uid = str(catalog.require_shop(db, seen["shopId"]).get("ownerUid") or "")
    profile = identity.user_ref(db, caller.uid).get().to_dict() or {}
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        enrollment = txn.read(transaction, ref).to_dict() or {}
        if enrollment.get("status") not in rules.ASKED:  # answered already (or active): the first answer stands
            status = "active" if enrollment.get("status") == "active" else "declined"
            return {
                **EnrollmentResponse(enrollment_id=ref.id, status=status).model_dump(by_alias=True),
                "replayed": True,
            }
        return _answer(
            db, transaction, ref, enrollment, accept=request.accept, owner_uid=owner_uid, profile=profile, now=now
        )

    return EnrollmentResponse.model_validate(txn.run(db, attempt, marker=call.at(now)))


def _answer(
    db: firestore.Client,
    transaction: txn.Transaction,
    ref: firestore.DocumentReference,
    enrollment: dict[str, Any],
    *,
    accept: bool,
    owner_uid: str,
    profile: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    shop_id, shop_name, customer_uid = enrollment["shopId"], enrollment["shopName"], enrollment["customerId"]
    request_notice = rules.enrollment_request_notice(
        customer_uid, ref.id, enrollment["requestNotificationId"], shop_name
    )
    answer(db, transaction, request_notice, "accepted" if accept else "declined")
    if accept:
        transaction.update(ref, store.accepted(profile, now))
        if owner_uid:
            publish(db, transaction, rules.joined_notice(owner_uid, ref.id, enrollment["customerName"], shop_name), now)
    elif enrollment["status"] == "invited":
        # An invitation by e-mail, declined, leaves nothing the shop can read (no card, no notice):
        # the shop never learns that the address belonged to a customer.
        transaction.delete(ref)
    else:
        transaction.update(ref, store.declined(now))
        if owner_uid:
            declined = rules.declined_notice(
                owner_uid, ref.id, enrollment["requestNotificationId"], enrollment["customerName"], shop_name
            )
            publish(db, transaction, declined, now)
    if counts := rules.answer_counts(enrollment["status"], accept):
        store.count_loyalty(transaction, db, shop_id, counts, now)
    status = "active" if accept else "declined"
    return EnrollmentResponse(enrollment_id=ref.id, status=status).model_dump(mode="json", by_alias=True)
