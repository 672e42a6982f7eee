"""User actions: the `userActionLog` trail, its feed entry, and `track_action`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.activity import rules, store
from storepulse.activity.feed import log_admin_activity
from storepulse.activity.models import DeviceInfo, TrackActionRequest, TrackActionResponse
from storepulse.analytics import store as analytics
from storepulse.analytics.rules import Event
from storepulse.catalog.store import require_shop
from storepulse.identity import store as identity
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller
from storepulse.platform.snapshots import existing
from storepulse.stats import presence, scopes
from storepulse.stats.counters import StatsDelta, add_to_stats

OPERATION = "track_action"


def log_user_action(
    db: firestore.Client,
    writer: txn.Writer,
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
    ref = store.new_user_action_ref(db)
    fields = store.user_action(
        uid=uid, action=action, at=at, context=context, session_id=session_id, device=device, shop_id=shop_id
    )
    writer.create(ref, fields)
    return ref


def track_action(
    db: firestore.Client, caller: Caller, request: TrackActionRequest, now: datetime
) -> TrackActionResponse:
    """Record one user action (feed and trail); the call's rate limit is platform/ratelimit.py's."""
    shop_name = require_shop(db, request.shop_id).get("name") if request.shop_id else None
    call = idempotency.IdempotentCall.for_request(db, OPERATION, caller.uid, request)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        return _record(db, transaction, caller=caller, request=request, shop_name=shop_name, now=now)

    return TrackActionResponse.model_validate(idempotency.run_keyed(db, call, stage, now))


def _record(
    db: firestore.Client,
    transaction: txn.Transaction,
    *,
    caller: Caller,
    request: TrackActionRequest,
    shop_name: str | None,
    now: datetime,
) -> dict[str, Any]:
    """Write the trail and feed entries, and move the live stats."""
    scope_list = [scopes.PLATFORM] + ([scopes.shop(request.shop_id)] if request.shop_id else [])
    profile_ref = identity.user_ref(db, caller.uid)
    snapshots = list(db.get_all([profile_ref, *presence.marker_refs(db, scope_list, caller.uid, now)]))
    seen = existing(snapshots)
    profile = next((s.to_dict() or {} for s in snapshots if s.reference.path == profile_ref.path), {})
    entry = log_user_action(
        db,
        transaction,
        uid=caller.uid,
        action=request.action.value,
        at=now,
        context=request.context or {},
        session_id=request.session_id,
        device=request.device,
        shop_id=request.shop_id,
    )
    who = profile.get("displayName") or caller.name
    log_admin_activity(
        db,
        transaction,
        kind="user_action",
        actor_uid=caller.uid,
        at=now,
        summary=rules.action_summary(who, request.action.value, shop_name, request.context),
        action=request.action.value,
        shop_id=request.shop_id,
        action_id=entry.id,
    )
    newly_active = presence.record_activity(
        db, transaction, scopes=scope_list, uid=caller.uid, at=now, markers_seen=seen
    )
    for scope in scope_list:
        delta = StatsDelta(actions=1, active_today=1 if scope in newly_active else 0)
        add_to_stats(db, transaction, scope, delta, counted_on=now, activity_at=now)
    analytics.count_event(transaction, db, Event.ACTIONS, now)
    return TrackActionResponse(action_id=entry.id, recorded_at=now).model_dump(mode="json", by_alias=True)
