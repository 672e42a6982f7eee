"""Visitor sessions: a session is on exactly one page at a time; moving it moves the live counts.

`visitorSessions/{uid}_{sessionId}` is read and written only by its own visitor's calls (and the
cleanup), so its transactions do not contend with other visitors'. Live counts move with blind
increments into the shop's shards.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import schema, txn
from storepulse.callable import CallContext
from storepulse.errors import FailedPrecondition, NotFound
from storepulse.shops import require_shop
from storepulse.stats.counters import day_key
from storepulse.visitors.counts import LiveState, add_daily, move_live
from storepulse.visitors.models import PageType, SessionRequest, SessionResponse, TrackPageRequest
from storepulse.windows import HEARTBEAT_MIN_INTERVAL, SESSION_IDLE_TIMEOUT


def session_ref(db: firestore.Client, uid: str, session_id: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(schema.VISITOR_SESSIONS).document(f"{uid}_{session_id}")
    return ref


def is_live(session: dict[str, Any], now: datetime) -> bool:
    """Active and not idle past the timeout (an idle one is only waiting for the cleanup)."""
    return session.get("status") == "active" and session["lastActivityAt"] > now - SESSION_IDLE_TIMEOUT


def _not_found() -> NotFound:
    return NotFound("sessionId: no such session.", field="sessionId")


def _response(session: dict[str, Any], session_id: str, **flags: bool) -> SessionResponse:
    return SessionResponse(
        session_id=session_id,
        shop_id=session.get("shopId"),
        page_type=session.get("pageType"),
        page_id=session.get("pageId"),
        status=session.get("status", "unknown"),
        **flags,
    )


def track_page(db: firestore.Client, context: CallContext, request: TrackPageRequest, now: datetime) -> SessionResponse:
    """Start the session on this page, or move it here from wherever it was."""
    caller = context.signed_in
    require_shop(db, request.shop_id)
    ref = session_ref(db, caller.uid, request.session_id)

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        current = ref.get(transaction=transaction).to_dict() or {}
        before = LiveState.of(current)
        new_visit = not is_live(current, now)
        # A checkout in progress stays with the session while it stays in the same shop.
        keeps_stage = not new_visit and current.get("shopId") == request.shop_id
        stage = current.get("stage") if keeps_stage else None
        after = LiveState(request.shop_id, request.page_type.value, request.page_id, stage)
        fields: dict[str, Any] = {
            "uid": caller.uid,
            "sessionId": request.session_id,
            "anonymous": caller.anonymous,
            "shopId": request.shop_id,
            "pageType": request.page_type.value,
            "pageId": request.page_id,
            "status": "active",
            "stage": stage,
            "checkoutId": current.get("checkoutId") if keeps_stage else None,
            "lastActivityAt": now,
            "lastWriteAt": now,
            "pageViews": firestore.Increment(1),
            "ip": context.ip,
            "userAgent": context.user_agent,
        }
        if new_visit:
            fields |= {
                "startedAt": now,
                "day": day_key(now),
                "referrer": request.referrer,
                "endedAt": None,
                "endReason": None,
            }
        transaction.set(ref, fields, merge=True)
        move_live(db, transaction, before, after, now)
        transaction.create(
            db.collection(schema.PAGE_VIEWS).document(),
            {
                "shopId": request.shop_id,
                "sessionKey": ref.id,
                "uid": caller.uid,
                "pageType": request.page_type.value,
                "pageId": request.page_id,
                "newVisit": new_visit,
                "at": now,
                "day": day_key(now),
                "hour": now.strftime("%H"),
            },
        )
        daily: dict[str, Any] = {"pageViews": 1}
        if new_visit:
            daily |= {"sessions": 1, "visitsByHour": {now.strftime("%H"): 1}}
        if request.page_type in (PageType.CATEGORY, PageType.OFFER):
            daily["categories" if request.page_type is PageType.CATEGORY else "offers"] = {request.page_id: 1}
        add_daily(db, transaction, request.shop_id, now, daily)
        return _response({**current, **fields}, request.session_id, started=new_visit).model_dump(
            mode="json", by_alias=True
        )

    return SessionResponse.model_validate(txn.run(db, attempt))


def heartbeat(db: firestore.Client, context: CallContext, request: SessionRequest, now: datetime) -> SessionResponse:
    """Keep a live session alive; heartbeats closer than HEARTBEAT_MIN_INTERVAL write nothing."""
    ref = session_ref(db, context.signed_in.uid, request.session_id)
    seen = ref.get().to_dict()
    if seen is None:
        raise _not_found()
    if not is_live(seen, now):
        raise FailedPrecondition("This session has ended or expired; start a new one with track_page.")
    if now - seen["lastWriteAt"] < HEARTBEAT_MIN_INTERVAL:
        return _response(seen, request.session_id, written=False)

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        current = ref.get(transaction=transaction).to_dict() or {}
        if not is_live(current, now):
            raise FailedPrecondition("This session has ended or expired; start a new one with track_page.")
        if now - current["lastWriteAt"] < HEARTBEAT_MIN_INTERVAL:
            return _response(current, request.session_id, written=False).model_dump(mode="json", by_alias=True)
        transaction.update(ref, {"lastActivityAt": now, "lastWriteAt": now})
        return _response(current, request.session_id).model_dump(mode="json", by_alias=True)

    return SessionResponse.model_validate(txn.run(db, attempt))


def close_session(
    db: firestore.Client,
    transaction: firestore.Transaction,
    ref: firestore.DocumentReference,
    current: dict[str, Any],
    *,
    now: datetime,
    reason: str,
) -> None:
    """Take an active session out of every live count and mark it ended or expired."""
    move_live(db, transaction, LiveState.of(current), None, now)
    transaction.update(ref, {"status": reason, "endedAt": now, "endReason": reason, "stage": None})


def end_session(db: firestore.Client, context: CallContext, request: SessionRequest, now: datetime) -> SessionResponse:
    """The visitor left: out of every live count. Ending an ended session changes nothing."""
    ref = session_ref(db, context.signed_in.uid, request.session_id)

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        current = ref.get(transaction=transaction).to_dict()
        if current is None:
            raise _not_found()
        if current.get("status") != "active":
            return _response(current, request.session_id, written=False).model_dump(mode="json", by_alias=True)
        close_session(db, transaction, ref, current, now=now, reason="ended")
        return _response({**current, "status": "ended"}, request.session_id).model_dump(mode="json", by_alias=True)

    return SessionResponse.model_validate(txn.run(db, attempt))


def with_stage(current: dict[str, Any], stage: str | None) -> LiveState | None:
    state = LiveState.of(current)
    return replace(state, stage=stage) if state is not None else None
