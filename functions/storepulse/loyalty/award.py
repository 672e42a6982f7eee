"""Moving a customer's points: the one step every award and deduction takes, inside its caller's
transaction.

Every balance change of a customer creates the ticket `loyaltyTickets/{uid}_{seq}`, where `seq`
(and the balance, lifetime total and tier) come from one consistent read before the transaction.
Two changes that read the same state pick the same ticket and cannot both commit; the loser
re-plans from fresh reads (platform/txn.run). So the balance, the ledger's `balanceAfter`, the
lifetime total and tier changes are exact under parallel callers, with blind increments only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.identity import store as identity
from storepulse.loyalty import rules, store
from storepulse.notifications.publish import publish


@dataclass(frozen=True)
class Standing:
    """A customer's points state as one consistent read saw it."""

    seq: int
    lifetime: int
    tier: str | None
    balance: int
    enrollment: dict[str, Any]


def read_standing(db: firestore.Client, shop_id: str, customer_uid: str) -> Standing:
    """One batch read of the customer's profile and enrollment (a single snapshot)."""
    profile_ref, enrollment_ref = identity.user_ref(db, customer_uid), store.enrollment_ref(db, shop_id, customer_uid)
    read = {s.reference.path: s.to_dict() or {} for s in db.get_all([profile_ref, enrollment_ref])}
    profile, enrollment = read[profile_ref.path], read[enrollment_ref.path]
    return Standing(
        seq=int(profile.get("loyaltySeq", 0)),
        lifetime=int(profile.get("loyaltyLifetimeEarned", 0)),
        tier=profile.get("tier"),
        balance=int(enrollment.get("balance", 0)),
        enrollment=enrollment,
    )


@dataclass(frozen=True)
class Move:
    shop_id: str
    shop_name: str
    customer_uid: str
    delta: int
    kind: str  # scan | manual | deduction
    reason: str
    by: str


def move_points(
    db: firestore.Client, transaction: firestore.Transaction, standing: Standing, move: Move, now: datetime
) -> int:
    """Write one points change (ticket, ledger entry, balances, tier, notifications, stats); returns
    the balance after it."""
    transaction.create(store.ticket_ref(db, move.customer_uid, standing.seq), {"at": now, "delta": move.delta})
    balance_after = standing.balance + move.delta
    ledger = store.new_ledger_ref(db)
    entry = store.ledger_entry(
        shop_id=move.shop_id,
        customer_uid=move.customer_uid,
        delta=move.delta,
        kind=move.kind,
        reason=move.reason,
        balance_after=balance_after,
        by=move.by,
        now=now,
    )
    transaction.create(ledger, entry)
    transaction.update(store.enrollment_ref(db, move.shop_id, move.customer_uid), store.balance_moved(move.delta, now))
    raised = rules.raised_tier(standing.tier, standing.lifetime + max(move.delta, 0)) if move.delta > 0 else None
    transaction.set(
        identity.user_ref(db, move.customer_uid), store.customer_points_moved(move.delta, raised), merge=True
    )
    notice = rules.points_notice(move.customer_uid, ledger.id, move.delta, move.shop_name, balance_after)
    publish(db, transaction, notice, now)
    if raised is not None:
        store.move_tier(transaction, db, standing.tier, raised)
        publish(db, transaction, rules.tier_notice(move.customer_uid, raised, ledger.id), now)
    counted = {"pointsIssued": move.delta} if move.delta > 0 else {"pointsDeducted": -move.delta}
    store.count_loyalty(transaction, db, move.shop_id, counted, now)
    return balance_after
