"""`mark_notifications`: the recipient marks notifications read, seen, archived or unread.

`ids` (at most 500) or `all` (optionally within one category) are changed in pages of PAGE_SIZE,
each page one atomic commit that applies only the transitions that really happen and moves the
counts by exactly those, so parallel marks and producers stay exact. The commit is guarded by each
notification's update time rather than by a transaction's read locks: two tabs marking the same
200 notifications would otherwise hold read locks on the same documents and wait on each other
until one gives up, where here the loser's commit fails at once and is re-planned from fresh reads.
`all` covers every notification created up to the call's `now`, however many there are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.notifications import rules, store
from storepulse.notifications.models import Counts, MarkNotificationsRequest, MarkNotificationsResponse, MarkState
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller

OPERATION = "mark_notifications"


def mark_notifications(
    db: firestore.Client, caller: Caller, request: MarkNotificationsRequest, now: datetime
) -> MarkNotificationsResponse:
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)
    if call.ref is not None and (replay := call.replay_from(call.ref.get())) is not None:
        return MarkNotificationsResponse.model_validate(replay)
    if request.ids is not None:
        changed = _mark_ids(db, caller.uid, list(dict.fromkeys(request.ids)), request.state, now)
    else:
        changed = _mark_all(db, caller, request, now)
    counts = store.read_counts(db, caller.uid)
    result = MarkNotificationsResponse(
        changed=changed, counts=Counts(unread=int(counts.get("unread", 0)), unseen=int(counts.get("unseen", 0)))
    ).model_dump(mode="json", by_alias=True)

    def record(transaction: firestore.Transaction) -> dict[str, Any]:
        # A parallel call with the same key may have recorded first: its result is the answer.
        if (first := call.replay(transaction)) is not None:
            return first
        call.remember(transaction, result, now)
        return result

    return MarkNotificationsResponse.model_validate(txn.run(db, record) if call.ref is not None else result)


def _mark_ids(db: firestore.Client, uid: str, ids: list[str], state: MarkState, now: datetime) -> int:
    """Check every id first (nothing is written when one is not the caller's), then mark in pages."""
    refs = [store.notification_ref(db, notification_id) for notification_id in ids]
    rules.check_own({s.reference.path: s.to_dict() for s in db.get_all(refs)}, uid)
    pages = [refs[start : start + rules.PAGE_SIZE] for start in range(0, len(refs), rules.PAGE_SIZE)]
    return sum(_mark_page(db, uid, page, state, now) for page in pages)


def _mark_all(db: firestore.Client, caller: Caller, request: MarkNotificationsRequest, now: datetime) -> int:
    changed = 0
    flag = rules.candidate_flag(request.state)
    while True:
        page = store.candidates(db, caller.uid, flag, category=request.category, until=now, limit=rules.PAGE_SIZE)
        changed += _mark_page(db, caller.uid, page, request.state, now)
        if len(page) < rules.PAGE_SIZE:
            return changed


def _mark_page(
    db: firestore.Client, uid: str, refs: list[firestore.DocumentReference], state: MarkState, now: datetime
) -> int:
    """Until one commit holds: read the page, apply the real transitions, move the counts by exactly those."""
    if not refs:
        return 0
    return txn.retry(lambda: _commit_page(db, uid, refs, state, now))


def _commit_page(
    db: firestore.Client, uid: str, refs: list[firestore.DocumentReference], state: MarkState, now: datetime
) -> int:
    """One batch: each update requires the notification unchanged since it was read (else all fail)."""
    batch = db.batch()
    unread = unseen = changed = 0
    by_category: dict[str, int] = {}
    for snapshot in db.get_all(refs):
        notification = snapshot.to_dict()
        if notification is None or notification.get("recipientUid") != uid:
            continue
        move = rules.transition(notification, state, now)
        if move is None:
            continue
        batch.update(snapshot.reference, move.fields, option=db.write_option(last_update_time=snapshot.update_time))
        changed, unread, unseen = changed + 1, unread + move.unread, unseen + move.unseen
        category = str(notification["category"])
        by_category[category] = by_category.get(category, 0) + move.unread
    if changed:
        moved = store.counts_moved(uid, unread=unread, unseen=unseen, by_category=by_category, now=now)
        batch.set(store.counts_ref(db, uid), moved, merge=True)
        batch.commit()
    return changed
