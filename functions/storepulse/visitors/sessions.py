"""Visitor sessions: a session is on exactly one page at a time; moving it moves the live counts.

A session is read and written only by its own visitor's calls (and the cleanup), so its
transactions do not contend with other visitors'. Live counts move with blind increments into the
shop's shards. `track_page`, `heartbeat` and `end_session` are idempotent by their nature (they
set where the session is), so they take no idempotency key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.analytics import store as analytics
from storepulse.analytics.rules import Event
from storepulse.catalog.store import require_shop
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller, RequestFacts
from storepulse.platform.errors import FailedPrecondition, NotFound
from storepulse.platform.windows import HEARTBEAT_MIN_INTERVAL
from storepulse.visitors import rules, store
from storepulse.visitors.models import SessionRequest, SessionResponse, TrackPageRequest
from storepulse.visitors.rules import LiveState, is_live


def move_live(
    db: firestore.Client,
    writer: txn.Writer,
    before: LiveState | None,
    after: LiveState | None,
    now: datetime,
) -> None:
    """Take a session out of its old live state and count it in the new one (per shop, one write)."""
    for shop_id, counts in rules.live_move(before, after).items():
        store.increment_live(db, writer, shop_id, counts, now)


def _not_found() -> NotFound:
    return NotFound("sessionId: no such session.", field="sessionId")


def _ended() -> FailedPrecondition:
    return FailedPrecondition("This session has ended or expired; start a new one with track_page.")


def _response(session: dict[str, Any], session_id: str, **flags: bool) -> dict[str, Any]:
    return SessionResponse(
        session_id=session_id,
        shop_id=session.get("shopId"),
        page_type=session.get("pageType"),
        page_id=session.get("pageId"),
        status=session.get("status", "unknown"),
        **flags,
    ).model_dump(mode="json", by_alias=True)


def track_page(db: firestore.Client, caller: Caller, request: TrackPageRequest, facts: RequestFacts) -> SessionResponse:
    """Start the session on this page, or move it here from wherever it was."""
    require_shop(db, request.shop_id)
    ref = store.session_ref(db, caller.uid, request.session_id)
    now = facts.now

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        current = txn.read(transaction, ref).to_dict() or {}
        new_visit = not is_live(current, now)
        fields = _session_fields(caller, request, facts, current, new_visit)
        transaction.set(ref, fields, merge=True)
        after = LiveState(request.shop_id, request.page_type.value, request.page_id, fields["stage"])
        move_live(db, transaction, LiveState.of(current), after, now)
        view = store.page_view(
            shop_id=request.shop_id,
            session_key=ref.id,
            uid=caller.uid,
            page_type=request.page_type.value,
            page_id=request.page_id,
            new_visit=new_visit,
            now=now,
        )
        transaction.create(store.new_page_view_ref(db), view)
        analytics.count_event(transaction, db, Event.PAGE_VIEWS, now)
        counts = rules.page_view_counts(
            new_visit=new_visit, hour=view["hour"], page_type=view["pageType"], page_id=view["pageId"]
        )
        store.increment_daily(db, transaction, request.shop_id, now, counts)
        return _response({**current, **fields}, request.session_id, started=new_visit)

    call = idempotency.IdempotentCall.server_made(db, "track_page", caller.uid)
    return SessionResponse.model_validate(txn.run(db, attempt, marker=call.at(now)))


def _session_fields(
    caller: Caller, request: TrackPageRequest, facts: RequestFacts, current: dict[str, Any], new_visit: bool
) -> dict[str, Any]:
    """The session's fields after moving to this page (a new visit also resets its start)."""
    # A checkout in progress stays with the session while it stays in the same shop.
    keeps_stage = not new_visit and current.get("shopId") == request.shop_id
    return store.session_on_page(
        caller.uid,
        request,
        facts,
        anonymous=caller.anonymous,
        stage=current.get("stage") if keeps_stage else None,
        checkout_id=current.get("checkoutId") if keeps_stage else None,
        new_visit=new_visit,
    )


def heartbeat(db: firestore.Client, caller: Caller, request: SessionRequest, facts: RequestFacts) -> SessionResponse:
    """Keep a live session alive; heartbeats closer than HEARTBEAT_MIN_INTERVAL write nothing."""
    ref = store.session_ref(db, caller.uid, request.session_id)
    now = facts.now
    seen = ref.get().to_dict()
    if seen is None:
        raise _not_found()
    if not is_live(seen, now):
        raise _ended()
    if now - seen["lastWriteAt"] < HEARTBEAT_MIN_INTERVAL:
        return SessionResponse.model_validate(_response(seen, request.session_id, written=False))

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        current = txn.read(transaction, ref).to_dict() or {}
        if not is_live(current, now):
            raise _ended()
        if now - current["lastWriteAt"] < HEARTBEAT_MIN_INTERVAL:
            return _response(current, request.session_id, written=False)
        transaction.update(ref, store.session_alive(now))
        return _response(current, request.session_id)

    call = idempotency.IdempotentCall.server_made(db, "heartbeat", caller.uid)
    return SessionResponse.model_validate(txn.run(db, attempt, marker=call.at(now)))


def close_session(
    db: firestore.Client,
    transaction: txn.Transaction,
    ref: firestore.DocumentReference,
    current: dict[str, Any],
    *,
    now: datetime,
    reason: str,
) -> None:
    """Take an active session out of every live count and mark it ended or expired."""
    move_live(db, transaction, LiveState.of(current), None, now)
    transaction.update(ref, store.session_closed(reason, now))


def end_session(db: firestore.Client, caller: Caller, request: SessionRequest, facts: RequestFacts) -> SessionResponse:
    """The visitor left: out of every live count. Ending an ended session changes nothing."""
    ref = store.session_ref(db, caller.uid, request.session_id)

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        current = txn.read(transaction, ref).to_dict()
        if current is None:
            raise _not_found()
        if current.get("status") != "active":
            return _response(current, request.session_id, written=False)
        close_session(db, transaction, ref, current, now=facts.now, reason="ended")
        return _response({**current, "status": "ended"}, request.session_id)

    call = idempotency.IdempotentCall.server_made(db, "end_session", caller.uid)
    return SessionResponse.model_validate(txn.run(db, attempt, marker=call.at(facts.now)))
