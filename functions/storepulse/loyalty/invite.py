"""`invite_to_program`: a shop's owner asks a customer to join its loyalty program, without a scan.

By `customerId`: only a customer the shop already knows (a redemption, an order, or a card it can
read at the shop); any other id, one that is no user at all included, is the same `not-found`. The
customer is asked exactly as a QR scan asks (loyalty/ask.py: the same card, request and
notification); a pending or active card answers with its state.

By `email`: the answer is the same whoever the address belongs to. A registered customer with no
card at the shop is asked, on an `invited` card the shop cannot read and its figures do not count;
for anyone else nothing happens. Nothing the shop can read changes either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.identity.rules import display_name
from storepulse.loyalty import rules, store
from storepulse.loyalty.ask import ask_to_join
from storepulse.loyalty.award import Effects
from storepulse.loyalty.models import InviteToProgramRequest, InviteToProgramResponse
from storepulse.loyalty.rules import InviteOutcome
from storepulse.platform import idempotency, ports, txn
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import NotFound

OPERATION = "invite_to_program"
# The one answer to an id the shop may not invite, whether or not it is a user at all.
UNKNOWN = "customerId: no customer of this shop has this id."
# The one answer to an invitation by e-mail, whoever the address belongs to.
SENT = InviteToProgramResponse(outcome=InviteOutcome.SENT_IF_CUSTOMER, enrollment_id=None, status=None)
Stage = Callable[[txn.Transaction], dict[str, Any]]


@dataclass(frozen=True)
class Invitation:
    """Who is asked to join where, and the call that asks."""

    shop_id: str
    shop_name: str
    customer_uid: str
    customer_name: str
    call: idempotency.IdempotentCall
    now: datetime

    def ask(
        self, db: firestore.Client, transaction: txn.Transaction, card: dict[str, Any] | None, invited: bool
    ) -> None:
        """The request a QR scan makes; the call's own id keys its notification."""
        effects = Effects(self.shop_id)
        ask_to_join(
            db,
            transaction,
            enrollment=card,
            shop_id=self.shop_id,
            shop_name=self.shop_name,
            customer_uid=self.customer_uid,
            customer_name=self.customer_name,
            request_key=self.call.call_id,
            now=self.now,
            effects=effects,
            invited=invited,
        )
        effects.write(db, transaction, self.now)


def invite_to_program(
    db: firestore.Client, caller: Caller, request: InviteToProgramRequest, now: datetime
) -> InviteToProgramResponse:
    rules.check_invitee(request.customer_id, request.email)
    rules.check_inviter(caller, request.shop_id)
    shop_id = request.shop_id
    by_email = request.email is not None
    customer_uid = identity.customer_with_email(db, request.email) if request.email else request.customer_id
    program_ref, shop_ref = store.program_ref(db, shop_id), catalog.shop_ref(db, shop_id)
    people = _refs(db, shop_id, customer_uid) if customer_uid else []
    read = {s.reference.path: s for s in db.get_all([program_ref, shop_ref, *people])}
    program = rules.check_program(read[program_ref.path].to_dict())
    shop_name = str(catalog.check_shop(read[shop_ref.path]).get("name") or program.get("name") or shop_id)
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)
    if customer_uid is None:  # by e-mail, no customer has that address: only the call's record
        return InviteToProgramResponse.model_validate(idempotency.run_keyed(db, call, lambda _: _sent(), now))
    profile, card, record = (read[ref.path].to_dict() for ref in people)
    if not by_email:
        ordered = ports.get().ordered_at(db, shop_id, customer_uid)
        known = rules.known_at_shop(card, redeemed=record is not None, ordered=ordered)
        if profile is None or profile.get("role") != Role.CUSTOMER.value or not known:
            raise NotFound(UNKNOWN, field="customerId")
    name = display_name(profile or {}, customer_uid)
    invitation = Invitation(shop_id, shop_name, customer_uid, name, call, now)
    stage = _by_email(db, invitation, people[1]) if by_email else _by_id(db, invitation, people[1])
    return InviteToProgramResponse.model_validate(idempotency.run_keyed(db, call, stage, now, reads=[people[1]]))


def _refs(db: firestore.Client, shop_id: str, customer_uid: str) -> list[firestore.DocumentReference]:
    """The customer's profile, card at the shop and record there (a redemption made it)."""
    return [
        identity.user_ref(db, customer_uid),
        store.enrollment_ref(db, shop_id, customer_uid),
        ports.get().shop_customer_record(db, shop_id, customer_uid),
    ]


def _sent() -> dict[str, Any]:
    return SENT.model_dump(mode="json", by_alias=True)


def _by_email(db: firestore.Client, invitation: Invitation, card_ref: firestore.DocumentReference) -> Stage:
    """Ask a customer with no card at the shop (on an `invited` card); anyone else, nothing."""

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        if not txn.read(transaction, card_ref).exists:
            invitation.ask(db, transaction, None, invited=True)
        return _sent()

    return stage


def _by_id(db: firestore.Client, invitation: Invitation, card_ref: firestore.DocumentReference) -> Stage:
    """Ask unless the card is pending or active; answer with the card's state."""

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        card = txn.read(transaction, card_ref).to_dict()
        outcome = rules.invite_outcome(card)
        if outcome is InviteOutcome.REQUESTED:
            invitation.ask(db, transaction, card, invited=False)
        return InviteToProgramResponse(
            outcome=outcome,
            enrollment_id=card_ref.id,
            status="active" if outcome is InviteOutcome.ALREADY_MEMBER else "pending",
        ).model_dump(mode="json", by_alias=True)

    return stage
