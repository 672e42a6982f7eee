"""Publishing a notification inside the producer's own transaction (or batch).

The notification's id comes from its source event, and it is *created*: a replayed or retried
event never makes a second one. The recipient's counts move by blind increments in the same write.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from google.cloud import firestore

from storepulse.notifications import store
from storepulse.notifications.rules import Notice, renewal, role_notice
from storepulse.platform import txn
from storepulse.platform.caller import Role
from storepulse.platform.ports import Compensation

Writer = txn.Writer


def publish(db: firestore.Client, writer: Writer, notice: Notice, now: datetime) -> firestore.DocumentReference:
    """Create the notification and count it unread and unseen for its recipient."""
    return publish_all(db, writer, [notice], now)[0]


def publish_all(
    db: firestore.Client, writer: Writer, notices: Sequence[Notice], now: datetime
) -> list[firestore.DocumentReference]:
    """Create each notification; each recipient's counts move in one write however many it gets."""
    refs, counted = [], defaultdict[str, Counter[str]](Counter)
    for notice in notices:
        ref = store.notice_ref(db, notice)
        writer.create(ref, store.notification_document(notice, now))
        refs.append(ref)
        counted[notice.recipient_uid][notice.category.value] += 1
    for uid, by_category in counted.items():
        total = by_category.total()
        moved = store.counts_moved(uid, unread=total, unseen=total, by_category=dict(by_category), now=now)
        writer.set(store.counts_ref(db, uid), moved, merge=True)
    return refs


def publish_collapsed(
    db: firestore.Client, transaction: txn.Transaction, notice: Notice, now: datetime
) -> firestore.DocumentReference:
    """Publish `notice` as the one notification of its source for its recipient, however often the
    source fires (a checkout's failed payments): the first creates it; a later one renews it in place
    (`rules.renewal`: new text and target, on top, unread again if it had been read) and moves the
    counts only when it comes back unread. It reads the notification in `transaction`."""
    ref = store.notice_ref(db, notice)
    current = txn.read(transaction, ref).to_dict()
    if current is None:
        return publish(db, transaction, notice, now)
    move = renewal(current, notice, now)
    transaction.update(ref, move.fields)
    if move.unread or move.unseen:
        by_category = {str(current["category"]): move.unread}
        moved = store.counts_moved(
            notice.recipient_uid, unread=move.unread, unseen=move.unseen, by_category=by_category, now=now
        )
        transaction.set(store.counts_ref(db, notice.recipient_uid), moved, merge=True)
    return ref


def retract(db: firestore.Client, writer: Writer, notice: Notice, now: datetime) -> None:
    """Undo `publish` of a notification nobody has marked yet (a grant whose Auth step failed)."""
    writer.delete(store.notice_ref(db, notice))
    moved = store.counts_moved(
        notice.recipient_uid, unread=-1, unseen=-1, by_category={notice.category.value: -1}, now=now
    )
    writer.set(store.counts_ref(db, notice.recipient_uid), moved, merge=True)


def publish_role_notice(
    db: firestore.Client, writer: Writer, *, uid: str, role: Role, event_id: str, of: str | None, now: datetime
) -> Compensation:
    """A grant's notice to its user (the `RoleNotice` port); returns the retraction, for its undo."""
    notice = role_notice(uid, role.value, event_id, of=of)
    publish(db, writer, notice, now)

    def undo(batch: Writer) -> None:
        retract(db, batch, notice, now)

    return undo


def answer(db: firestore.Client, transaction: txn.Transaction, notice: Notice, state: str) -> None:
    """Record the recipient's answer on the notification that asked (`action.state`), if it is still
    there (a read one may have expired). It reads: call it before the transaction's first write."""
    ref = store.notice_ref(db, notice)
    if txn.read(transaction, ref).exists:
        transaction.update(ref, store.answered(state))
