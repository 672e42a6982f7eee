"""Moving a customer's points: the one step every award and deduction takes, inside its caller's
transaction.

The customer's standing (points account, profile with the tier, the shop's enrollment with the
balance) is read in the change's transaction, in its first read round (`standing_refs`, read
ahead by every caller), and every change writes the account. Two changes that read the same
standing cannot both commit; the loser re-plans from fresh reads (platform/txn.run). So the
balance, the ledger's `balanceAfter`, the lifetime total and tier changes are exact under parallel
callers, with blind increments only and no document of their own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.identity import store as identity
from storepulse.loyalty import rules, store
from storepulse.loyalty.models import LedgerKind
from storepulse.notifications.publish import publish_all
from storepulse.notifications.rules import Notice
from storepulse.platform import txn


@dataclass(frozen=True)
class Standing:
    """A customer's points state as one consistent read saw it."""

    seq: int
    lifetime: int
    tier: str | None
    balance: int
    enrollment: dict[str, Any]


def standing_refs(db: firestore.Client, shop_id: str, customer_uid: str) -> list[firestore.DocumentReference]:
    """The customer's points account, profile (tier) and enrollment, in that order: every caller of
    `read_standing` reads them ahead (`Transaction.read_ahead`), so they cost no round trip of their own."""
    return [
        store.account_ref(db, customer_uid),
        identity.user_ref(db, customer_uid),
        store.enrollment_ref(db, shop_id, customer_uid),
    ]


def read_standing(db: firestore.Client, transaction: txn.Transaction, shop_id: str, customer_uid: str) -> Standing:
    """The customer's points account, tier and enrollment, read in `transaction`."""
    refs = standing_refs(db, shop_id, customer_uid)
    read = {s.reference.path: s.to_dict() or {} for s in transaction.get_all(refs)}
    account, profile, enrollment = (read[ref.path] for ref in refs)
    return Standing(
        seq=int(account.get("seq", 0)),
        lifetime=int(account.get("lifetimeEarned", 0)),
        tier=profile.get("tier"),
        balance=int(enrollment.get("balance", 0)),
        enrollment=enrollment,
    )


@dataclass
class Effects:
    """What one loyalty step tells and counts, written once at its end (`write`): the customer's
    badge and the shop's loyalty figures take one write each however many notices and counts."""

    shop_id: str
    notices: list[Notice] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def count(self, moved: dict[str, int]) -> None:
        """Add `moved` (`store.count_loyalty` names) to what the step counts."""
        self.counts.update(moved)

    def write(self, db: firestore.Client, transaction: txn.Transaction, now: datetime) -> None:
        publish_all(db, transaction, self.notices, now)
        if self.counts:
            store.count_loyalty(transaction, db, self.shop_id, dict(self.counts), now)


@dataclass(frozen=True)
class Move:
    shop_id: str
    shop_name: str
    customer_uid: str
    delta: int
    kind: LedgerKind
    reason: str
    by: str


def move_points(
    db: firestore.Client,
    transaction: txn.Transaction,
    standing: Standing,
    move: Move,
    now: datetime,
    *,
    effects: Effects,
) -> int:
    """Write one points change (ledger entry, balances, tier) and add its notifications and
    stats to `effects` (the caller writes them); returns the balance after it."""
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
        store.account_ref(db, move.customer_uid), store.account_moved(move.customer_uid, move.delta), merge=True
    )
    if raised is not None:  # the profile moves only with the tier (the customer's page listens to it)
        transaction.set(identity.user_ref(db, move.customer_uid), identity.tier_raised(raised.value), merge=True)
    card = rules.enrollment_id(move.shop_id, move.customer_uid)
    notice = rules.points_notice(move.customer_uid, ledger.id, move.delta, move.shop_name, balance_after, card=card)
    effects.notices.append(notice)
    if raised is not None:
        store.move_tier(transaction, db, standing.tier, raised)
        effects.notices.append(rules.tier_notice(move.customer_uid, raised, ledger.id))
    effects.count({"points_issued": move.delta} if move.delta > 0 else {"points_deducted": -move.delta})
    return balance_after


def change_points(
    db: firestore.Client, transaction: txn.Transaction, standing: Standing, move: Move, now: datetime
) -> int:
    """One points change that is the whole step (an adjustment, an approved deduction): `move_points`
    with its notifications and stats written; returns the balance after it."""
    effects = Effects(move.shop_id)
    balance = move_points(db, transaction, standing, move, now, effects=effects)
    effects.write(db, transaction, now)
    return balance
