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

from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore

from storepulse.notifications import rules, store
from storepulse.notifications.models import Counts, MarkNotificationsRequest, MarkNotificationsResponse, MarkState
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller
from storepulse.platform.prefetch import Prefetch, plain_reads

OPERATION = "mark_notifications"


def mark_notifications(
    db: firestore.Client, caller: Caller, request: MarkNotificationsRequest, now: datetime
) -> MarkNotificationsResponse:
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)
    if call.keyed and (replay := call.replay_from(call.ref.get())) is not None:
        return MarkNotificationsResponse.model_validate(replay)
    if request.ids is not None:
        changed = _mark_ids(db, caller.uid, list(dict.fromkeys(request.ids)), request.state, now)
    else:
        changed = _mark_all(db, caller, request, now)
    counts_ref = store.counts_ref(db, caller.uid)
    # The counts are read plainly beside the key's transactional read (a retry reads them afresh).
    early = Prefetch(db, [counts_ref])

    def answer() -> dict[str, Any]:
        counts = plain_reads(db, [counts_ref], early)[counts_ref.path].to_dict() or {}
        return MarkNotificationsResponse(
            changed=changed, counts=Counts(unread=int(counts.get("unread", 0)), unseen=int(counts.get("unseen", 0)))
        ).model_dump(mode="json", by_alias=True)

    def record(_transaction: txn.Transaction) -> dict[str, Any]:
        # Only the key's record is written here (a parallel call with the same key that recorded
        # first answers for both).
        return answer()

    if not call.keyed:
        return MarkNotificationsResponse.model_validate(answer())
    return MarkNotificationsResponse.model_validate(txn.run(db, record, marker=call.at(now)))


def _mark_ids(db: firestore.Client, uid: str, ids: list[str], state: MarkState, now: datetime) -> int:
    """Check every id first (nothing is written when one is not the caller's), then mark in pages;
    each page's first attempt is planned from this read."""
    refs = [store.notification_ref(db, notification_id) for notification_id in ids]
    read = {s.reference.path: s for s in db.get_all(refs)}
    rules.check_own({path: s.to_dict() for path, s in read.items()}, uid)
    pages = [refs[start : start + rules.PAGE_SIZE] for start in range(0, len(refs), rules.PAGE_SIZE)]
    return sum(_mark_page(db, uid, page, state, now, first_read=[read[ref.path] for ref in page]) for page in pages)


def _mark_all(db: firestore.Client, caller: Caller, request: MarkNotificationsRequest, now: datetime) -> int:
    changed = 0
    flag = rules.candidate_flag(request.state)
    while True:
        page = store.candidates(db, caller.uid, flag, category=request.category, until=now, limit=rules.PAGE_SIZE)
        changed += _mark_page(db, caller.uid, page, request.state, now)
        if len(page) < rules.PAGE_SIZE:
            return changed


def _mark_page(
    db: firestore.Client,
    uid: str,
    refs: list[firestore.DocumentReference],
    state: MarkState,
    now: datetime,
    *,
    first_read: list[firestore.DocumentSnapshot[Any]] | None = None,
) -> int:
    """Until one commit holds: read the page (the first attempt may be given it), apply the real
    transitions, move the counts by exactly those."""
    if not refs:
        return 0
    pending = first_read

    def attempt() -> int:
        nonlocal pending
        snapshots, pending = (pending if pending is not None else list(db.get_all(refs))), None
        return _commit_page(db, uid, snapshots, state, now)

    # A notification changed since its read fails the batch's precondition: read the page again.
    return txn.retry(attempt, lost_race=(gcp_exceptions.FailedPrecondition,))


def _commit_page(
    db: firestore.Client,
    uid: str,
    snapshots: list[firestore.DocumentSnapshot[Any]],
    state: MarkState,
    now: datetime,
) -> int:
    """One batch: each update requires the notification unchanged since it was read (else all fail)."""
    batch = db.batch()
    unread = unseen = changed = 0
    by_category: dict[str, int] = {}
    for snapshot in snapshots:
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
