"""The live-visitor collections: sessions, page views, checkouts, payment errors, live and daily counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import collections, queries, retention, sharded, txn
from storepulse.platform.caller import RequestFacts
from storepulse.platform.clock import day_key
from storepulse.platform.db import documents, merge_in_batches
from storepulse.platform.models import to_cents
from storepulse.visitors.models import (
    Checkout,
    CheckoutStartedRequest,
    LiveVisitorsShard,
    LiveVisitorsSummary,
    PaymentAttempt,
    PaymentError,
    PaymentFailedRequest,
    PaymentFailure,
    TrackPageRequest,
    VisitorSession,
)


def session_ref(db: firestore.Client, uid: str, session_id: str) -> firestore.DocumentReference:
    """`visitorSessions/{uid}_{sessionId}`: written only by its own visitor's calls (and the cleanup)."""
    ref: firestore.DocumentReference = db.collection(collections.VISITOR_SESSIONS).document(f"{uid}_{session_id}")
    return ref


def session_by_key(db: firestore.Client, session_key: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.VISITOR_SESSIONS).document(session_key)
    return ref


def checkout_ref(db: firestore.Client, checkout_id: str | None = None) -> firestore.DocumentReference:
    """A checkout (a new auto id when `checkout_id` is None)."""
    ref: firestore.DocumentReference = db.collection(collections.CHECKOUTS).document(checkout_id)
    return ref


def new_page_view_ref(db: firestore.Client) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.PAGE_VIEWS).document()
    return ref


def new_payment_error_ref(db: firestore.Client) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.PAYMENT_ERRORS).document()
    return ref


def live_ref(db: firestore.Client, shop_id: str) -> firestore.DocumentReference:
    """`liveVisitors/{shopId}`: the summary (online now); its counters are the shards below it."""
    ref: firestore.DocumentReference = db.collection(collections.LIVE_VISITORS).document(shop_id)
    return ref


def day_ref(db: firestore.Client, shop_id: str, day: str | datetime) -> firestore.DocumentReference:
    """`shopDaily/{shopId}/days/{YYYY-MM-DD}`: the parent of one day's sharded figures."""
    key = day if isinstance(day, str) else day_key(day)
    ref: firestore.DocumentReference = (
        db.collection(collections.SHOP_DAILY).document(shop_id).collection(collections.DAYS).document(key)
    )
    return ref


def page_view(
    *, shop_id: str, session_key: str, uid: str, page_type: str, page_id: str | None, new_visit: bool, now: datetime
) -> dict[str, Any]:
    return {
        "shopId": shop_id,
        "sessionKey": session_key,
        "uid": uid,
        "pageType": page_type,
        "pageId": page_id,
        "newVisit": new_visit,
        "at": now,
        "day": day_key(now),
        "hour": now.strftime("%H"),
        "expireAt": retention.expire_at(collections.PAGE_VIEWS, now),
    }


def session_on_page(
    uid: str,
    request: TrackPageRequest,
    facts: RequestFacts,
    *,
    anonymous: bool,
    stage: str | None,
    checkout_id: str | None,
    new_visit: bool,
) -> dict[str, Any]:
    """The session's fields after moving to the request's page, merged (`pageViews` counts up); a new
    visit also resets its start."""
    now = facts.now
    fields = VisitorSession.changes(
        uid=uid,
        session_id=request.session_id,
        anonymous=anonymous,
        shop_id=request.shop_id,
        page_type=request.page_type.value,
        page_id=request.page_id,
        status="active",
        stage=stage,
        checkout_id=checkout_id,
        last_activity_at=now,
        last_write_at=now,
        expire_at=_session_expiry(now),
        page_views=firestore.Increment(1),
        ip_hash=facts.ip_hash,
        client=facts.client.as_document() if facts.client else None,
    )
    if new_visit:
        fields |= VisitorSession.changes(
            started_at=now, day=day_key(now), referrer=request.referrer, ended_at=None, end_reason=None
        )
    return fields


def _session_expiry(last_activity: datetime) -> datetime:
    """A session is kept for its period after its last activity (every write that moves
    `lastActivityAt` moves `expireAt` with it)."""
    return retention.expire_at(collections.VISITOR_SESSIONS, last_activity)


def session_alive(now: datetime) -> dict[str, Any]:
    return VisitorSession.changes(last_activity_at=now, last_write_at=now, expire_at=_session_expiry(now))


def session_closed(reason: str, now: datetime) -> dict[str, Any]:
    """An ended or expired session (`reason`), out of any checkout stage."""
    return VisitorSession.changes(status=reason, ended_at=now, end_reason=reason, stage=None)


def session_stage(stage: str | None, now: datetime, checkout_id: str | None = None) -> dict[str, Any]:
    """The session's checkout stage moved (and, for a new checkout, the checkout it is on)."""
    fields = VisitorSession.changes(stage=stage, last_activity_at=now, expire_at=_session_expiry(now))
    if checkout_id is not None:
        fields |= VisitorSession.changes(checkout_id=checkout_id)
    return fields


def new_checkout(uid: str, request: CheckoutStartedRequest, session_key: str, facts: RequestFacts) -> dict[str, Any]:
    return Checkout(
        shop_id=request.shop_id,
        session_key=session_key,
        session_id=request.session_id,
        uid=uid,
        items=request.items,
        total_cents=to_cents(request.total),
        currency=request.currency,
        customer=request.customer,
        fulfilment=request.fulfilment.model_dump(by_alias=True, exclude_none=True) if request.fulfilment else None,
        status="started",
        started_at=facts.now,
        day=day_key(facts.now),
        expire_at=retention.expire_at(collections.CHECKOUTS, facts.now),
        attempts=[],
        ip_hash=facts.ip_hash,
        client=facts.client,
    ).as_document()


def new_attempt(method: str, now: datetime) -> dict[str, Any]:
    """A payment attempt in progress."""
    return PaymentAttempt(method=method, at=now, outcome=None).as_document()


def settled(attempt: dict[str, Any], outcome: str, now: datetime, **failure: str) -> dict[str, Any]:
    """`attempt` settled with `outcome` (a failure names its `error_code` and `payment_error_id`)."""
    return PaymentAttempt.model_validate({**attempt, "outcome": outcome, "settled_at": now, **failure}).as_document()


def payment_started(method: str, attempts: list[dict[str, Any]], now: datetime, *, first: bool) -> dict[str, Any]:
    fields = Checkout.changes(status="payment_initiated", method=method, attempts=attempts)
    if first:
        fields |= Checkout.changes(payment_initiated_at=now)
    return fields


def checkout_paid(
    paid_cents: int, order_id: str | None, attempts: list[dict[str, Any]], now: datetime
) -> dict[str, Any]:
    return Checkout.changes(status="paid", paid_at=now, paid_cents=paid_cents, order_id=order_id, attempts=attempts)


def checkout_failed(code: str, message: str, attempts: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    last_error = PaymentFailure(code=code, message=message, at=now).as_document()
    return Checkout.changes(status="failed", last_error=last_error, attempts=attempts)


def payment_error(
    request: PaymentFailedRequest, checkout: dict[str, Any], method: str, facts: RequestFacts
) -> dict[str, Any]:
    """The seller's record of a failed payment: the customer's contact, the order, the salted hash of
    the payer's address and their browser, OS and device class."""
    return PaymentError(
        shop_id=checkout["shopId"],
        checkout_id=request.checkout_id,
        session_id=checkout["sessionId"],
        uid=checkout["uid"],
        error_code=request.error_code,
        error_message=request.error_message,
        details=request.details or {},
        customer=checkout.get("customer"),
        items=checkout["items"],
        amount_cents=checkout["totalCents"],
        currency=checkout["currency"],
        method=method,
        ip_hash=facts.ip_hash,
        client=facts.client,
        created_at=facts.now,
        expire_at=retention.expire_at(collections.PAYMENT_ERRORS, facts.now),
        checkout_day=checkout["day"],
    ).as_document()


def increment_live(
    db: firestore.Client,
    writer: txn.Writer,
    shop_id: str,
    counts: dict[str, Any],
    now: datetime,
) -> None:
    sharded.increment(writer, live_ref(db, shop_id), counts, LiveVisitorsShard.changes(updated_at=now))


def increment_daily(
    db: firestore.Client,
    writer: txn.Writer,
    shop_id: str,
    day: datetime,
    counts: dict[str, Any],
) -> None:
    sharded.increment(writer, day_ref(db, shop_id, day), counts)


def live_summary_and_shards(
    db: firestore.Client, shop_id: str, read_time: datetime | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    ref = live_ref(db, shop_id)
    return ref.get(read_time=read_time).to_dict() or {}, sharded.read_shards(ref, read_time)


def daily_counts(db: firestore.Client, shop_id: str, day: str, read_time: datetime | None = None) -> dict[str, Any]:
    """The day's counts: its shards summed, read by the query the SDK's Insights runs for each day."""
    query = queries.SHOP_DAY_SHARDS.build(db, {"shopId": shop_id, "day": day})
    return sharded.drop_zeros(sharded.sum_shards(doc.to_dict() or {} for doc in query.stream(read_time=read_time)))


def active_sessions_of_shop(
    db: firestore.Client, shop_id: str, read_time: datetime | None = None
) -> Iterator[dict[str, Any]]:
    query = queries.ACTIVE_SESSIONS_OF_SHOP.build(db, {"shopId": shop_id, "status": "active"})
    for snapshot in query.stream(read_time=read_time):
        yield snapshot.to_dict() or {}


def idle_sessions(db: firestore.Client, cutoff: datetime, limit: int) -> list[firestore.DocumentReference]:
    """Up to `limit` active sessions whose last activity is before `cutoff`."""
    query = queries.IDLE_SESSIONS.build(db, {"status": "active"}, before=cutoff, limit=limit)
    return [snapshot.reference for snapshot in query.stream()]


def online_session_shops(db: firestore.Client, since: datetime) -> Iterator[str]:
    """The shop of every active session seen at or after `since`."""
    recent = queries.ONLINE_SESSIONS.build(db, {"status": "active"}, since=since)
    for doc in recent.select(["shopId"]).stream():
        yield str(doc.get("shopId"))


def nonzero_online_now(db: firestore.Client) -> dict[str, int]:
    """Shop id -> `onlineNow` for every shop whose figure is above zero."""
    query = queries.ONLINE_NOW_SHOPS.build(db, since=1).select(["onlineNow"])
    return {snapshot.id: int(snapshot.get("onlineNow")) for snapshot in query.stream()}


def write_online_now(db: firestore.Client, online_by_shop: dict[str, int]) -> None:
    """Set the "online now" count of each shop given (batched); no other summary is touched."""
    merge_in_batches(
        db,
        (
            (live_ref(db, shop_id), LiveVisitorsSummary.changes(shop_id=shop_id, online_now=count))
            for shop_id, count in online_by_shop.items()
        ),
    )


def page_views_of_day(
    db: firestore.Client, shop_id: str, day: str, read_time: datetime | None = None
) -> Iterator[dict[str, Any]]:
    for snapshot in queries.PAGE_VIEWS_OF_DAY.build(db, {"shopId": shop_id, "day": day}).stream(read_time=read_time):
        yield snapshot.to_dict() or {}


def checkouts_of_day(
    db: firestore.Client, shop_id: str, day: str, read_time: datetime | None = None
) -> Iterator[dict[str, Any]]:
    for snapshot in queries.CHECKOUTS_OF_DAY.build(db, {"shopId": shop_id, "day": day}).stream(read_time=read_time):
        yield snapshot.to_dict() or {}


def live_shop_ids(db: firestore.Client, read_time: datetime | None = None) -> set[str]:
    """Every shop with a live-visitors document (verify's full scan, as of `read_time`)."""
    return {ref.id for ref in db.collection(collections.LIVE_VISITORS).list_documents(read_time=read_time)}


def all_sessions(db: firestore.Client, read_time: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Every session document (verify's full scan, as of `read_time`)."""
    return (fields for _, fields in documents(db, collections.VISITOR_SESSIONS, read_time))


def days_with_figures(db: firestore.Client, read_time: datetime | None = None) -> set[tuple[str, str]]:
    """Every (shop, day) with figures or source documents (verify's full scan, as of `read_time`)."""
    days: set[tuple[str, str]] = set()
    for shop in db.collection(collections.SHOP_DAILY).list_documents(read_time=read_time):
        days |= {(shop.id, day.id) for day in shop.collection(collections.DAYS).list_documents(read_time=read_time)}
    for collection in (collections.PAGE_VIEWS, collections.CHECKOUTS):
        days |= {(doc["shopId"], doc["day"]) for _, doc in documents(db, collection, read_time)}
    return days


def anonymous_online(db: firestore.Client, since: datetime) -> int:
    """How many anonymous visitors' sessions were active at or after `since` (a count query: one read
    per thousand matching index entries, never the sessions themselves)."""
    query = queries.ANONYMOUS_ONLINE.build(db, {"status": "active", "anonymous": True}, since=since)
    counted: Any = query.count()  # the client's aggregation types are untyped here
    return int(counted.get()[0][0].value)


def all_page_views(db: firestore.Client, read_time: datetime | None = None) -> Iterator[dict[str, Any]]:
    return (fields for _, fields in documents(db, collections.PAGE_VIEWS, read_time))
