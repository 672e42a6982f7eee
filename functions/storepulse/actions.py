"""User actions: the `userActionLog` trail, the admin feed entry, and the per-user rate limit."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from google.cloud import firestore
from pydantic import Field, StringConstraints, field_validator

from storepulse import idempotency, schema, txn
from storepulse.activity import log_admin_activity
from storepulse.errors import ResourceExhausted
from storepulse.models import DocId, IdempotencyKey, RequestModel, ResponseModel, SessionId
from storepulse.roles import Caller
from storepulse.shops import require_shop
from storepulse.stats import activity, scopes
from storepulse.stats.counters import StatsDelta, add_to_stats

OPERATION = "track_action"
# A person clicking fast stays far below this; a script looping does not.
RATE_LIMIT_PER_MINUTE = 120
RATE_LIMIT_RETENTION = timedelta(hours=1)
MAX_CONTEXT_KEYS = 20


class ActionType(StrEnum):
    PAGE_VIEW = "page_view"
    TAB_CHANGE = "tab_change"
    LOGIN = "login"
    LOGOUT = "logout"
    COUPON_VIEW = "coupon_view"
    SHARE = "share"
    SEARCH = "search"
    ADD_TO_CART = "add_to_cart"
    QR_SCAN = "qr_scan"
    ORDER_VIEW = "order_view"
    NOTIFICATION_OPEN = "notification_open"
    PROFILE_UPDATE = "profile_update"


DeviceText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
ContextKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$")]
ContextValue = (
    Annotated[str, StringConstraints(max_length=200)]
    | Annotated[int, Field(strict=True, ge=-(2**53), le=2**53)]
    | Annotated[float, Field(allow_inf_nan=False)]
    | bool
    | None
)


class DeviceInfo(RequestModel):
    platform: DeviceText | None = None
    app_version: DeviceText | None = None
    user_agent: Annotated[str, StringConstraints(max_length=500)] | None = None
    locale: Annotated[str, StringConstraints(max_length=35)] | None = None


class TrackActionRequest(RequestModel):
    action: ActionType
    context: dict[ContextKey, ContextValue] | None = None
    shop_id: DocId | None = None
    session_id: SessionId | None = None
    device: DeviceInfo | None = None
    idempotency_key: IdempotencyKey | None = None

    @field_validator("context")
    @classmethod
    def _bounded(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None and len(value) > MAX_CONTEXT_KEYS:
            raise ValueError(f"at most {MAX_CONTEXT_KEYS} keys")
        return value


class TrackActionResponse(ResponseModel):
    action_id: str
    recorded_at: datetime
    replayed: bool = False


def log_user_action(
    db: firestore.Client,
    writer: firestore.Transaction | firestore.WriteBatch,
    *,
    uid: str,
    action: str,
    at: datetime,
    context: dict[str, Any] | None = None,
    session_id: str | None = None,
    device: DeviceInfo | None = None,
    shop_id: str | None = None,
) -> firestore.DocumentReference:
    """Add a `userActionLog` entry (auto id) in the caller's transaction or batch."""
    ref = db.collection(schema.USER_ACTION_LOG).document()
    writer.create(
        ref,
        {
            "uid": uid,
            "action": action,
            "context": context or {},
            "shopId": shop_id,
            "sessionId": session_id,
            "device": device.model_dump(by_alias=True) if device else None,
            "createdAt": at,
        },
    )
    return ref


def rate_window(db: firestore.Client, uid: str, now: datetime) -> firestore.CollectionReference:
    """The slots of `uid`'s current minute: at most RATE_LIMIT_PER_MINUTE documents, each created once."""
    minute = now.strftime("%Y%m%d%H%M")
    window: firestore.CollectionReference = (
        db.collection(schema.RATE_LIMITS).document(f"{uid}_{minute}").collection("slots")
    )
    return window


def _next_rate_slot(db: firestore.Client, uid: str, now: datetime) -> firestore.DocumentReference:
    window = rate_window(db, uid, now)
    used = int(window.count().get()[0][0].value)  # type: ignore[no-untyped-call]
    if used >= RATE_LIMIT_PER_MINUTE:
        raise ResourceExhausted(f"Too many actions: at most {RATE_LIMIT_PER_MINUTE} a minute per user.")
    return window.document(str(used))


def track_action(
    db: firestore.Client, caller: Caller, request: TrackActionRequest, now: datetime
) -> TrackActionResponse:
    """Record one user action (feed and trail) unless the user is over the rate limit."""
    shop_name = require_shop(db, request.shop_id).get("name") if request.shop_id else None
    call = idempotency.IdempotentCall.of(
        db, OPERATION, caller.uid, request.idempotency_key, request.model_dump(exclude={"idempotency_key"})
    )
    scope_list = [scopes.PLATFORM] + ([scopes.shop(request.shop_id)] if request.shop_id else [])

    def attempt(transaction: firestore.Transaction) -> dict[str, Any]:
        if (replay := call.replay(transaction)) is not None:
            return replay
        slot = _next_rate_slot(db, caller.uid, now)
        profile_ref = db.collection(schema.USERS).document(caller.uid)
        snapshots = list(db.get_all([profile_ref, *activity.marker_refs(db, scope_list, caller.uid, now)]))
        seen = activity.existing(snapshots)
        profile = next((s.to_dict() or {} for s in snapshots if s.reference.path == profile_ref.path), {})
        who = profile.get("displayName") or caller.name
        transaction.create(slot, {"at": now, "expireAt": now + RATE_LIMIT_RETENTION})
        context = request.context or {}
        entry = log_user_action(
            db,
            transaction,
            uid=caller.uid,
            action=request.action.value,
            at=now,
            context=context,
            session_id=request.session_id,
            device=request.device,
            shop_id=request.shop_id,
        )
        log_admin_activity(
            db,
            transaction,
            kind="user_action",
            actor_uid=caller.uid,
            at=now,
            summary=f"{who} {request.action.value}" + (f" at {shop_name}" if shop_name else ""),
            action=request.action.value,
            shopId=request.shop_id,
            actionId=entry.id,
        )
        newly_active = activity.record_activity(
            db, transaction, scopes=scope_list, uid=caller.uid, at=now, markers_seen=seen
        )
        for scope in scope_list:
            delta = StatsDelta(actions=1, active_today=1 if scope in newly_active else 0)
            add_to_stats(db, transaction, scope, delta, counted_on=now, activity_at=now)
        result = TrackActionResponse(action_id=entry.id, recorded_at=now).model_dump(mode="json", by_alias=True)
        call.remember(transaction, result, now)
        return result

    return TrackActionResponse.model_validate(txn.run(db, attempt))
